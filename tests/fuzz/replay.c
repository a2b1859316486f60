/* replay.c: runs a fuzz harness without libFuzzer: feeds it every file of its seed corpus and
 * its regression inputs (or of the files and directories named on the command line), one TAP
 * test per directory (each file named in a comment first, so a crash shows which one).  make check builds one per harness with the ordinary compiler, so every input
 * that once found a bug is tried again on every build. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#ifndef FUZZ_NAME
#error "FUZZ_NAME must name the harness (tests/fuzz/fuzz_NAME.c)"
#endif

static int	 count;		/* TAP tests */
static int	 failures;
static int	 files;		/* files fed to the harness */

/* Read the whole file into a buffer of exactly its size (so a harness reading past the end is
 * seen by the sanitizers); NULL with errno set on failure. */
static uint8_t *
slurp(const char *path, size_t *size)
{
	FILE	*f;
	uint8_t	*data = NULL;
	long	 len;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == -1 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) == -1)
		goto out;
	if ((data = malloc(len > 0 ? (size_t)len : 1)) == NULL)
		goto out;
	if (len > 0 && fread(data, 1, (size_t)len, f) != (size_t)len) {
		free(data);
		data = NULL;
		errno = EIO;
		goto out;
	}
	*size = (size_t)len;
out:
	fclose(f);
	return data;
}

/* Feed one file to the harness; 0, or -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	uint8_t	*data;
	size_t	 size = 0;

	if ((data = slurp(path, &size)) == NULL) {
		printf("# %s: %s\n", path, strerror(errno));
		return -1;
	}
	printf("# %s (%zu bytes)\n", path, size);
	fflush(stdout);
	/* a crash or a broken promise aborts the program: the TAP driver reports it */
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	files++;
	return 0;
}

static void
result(int ok, const char *path, int n)
{
	count++;
	if (!ok)
		failures++;
	printf("%sok %d - %s: %d inputs\n", ok ? "" : "not ", count, path, n);
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every regular file of path (a file, or a directory read in name order, not recursing). */
static void
replay_path(const char *path, int missing_ok)
{
	struct dirent	**names;
	struct stat	  st;
	char		  file[PATH_MAX];
	int		  i, n, before = files, ok = 1;

	if (stat(path, &st) == -1) {
		if (missing_ok && errno == ENOENT)
			return;
		count++;
		failures++;
		printf("not ok %d - %s: %s\n", count, path, strerror(errno));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		result(replay_file(path) == 0, path, 1);
		return;
	}
	if ((n = scandir(path, &names, NULL, by_name)) == -1) {
		count++;
		failures++;
		printf("not ok %d - %s: %s\n", count, path, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.' &&
		    snprintf(file, sizeof(file), "%s/%s", path, names[i]->d_name) <
		    (int)sizeof(file) && stat(file, &st) == 0 && S_ISREG(st.st_mode) &&
		    replay_file(file) == -1)
			ok = 0;
		free(names[i]);
	}
	free(names);
	/* an empty corpus is a mistake, not a pass */
	result(ok && files > before, path, files - before);
}

int
main(int argc, char *argv[])
{
	const char	*src;
	char		 dir[PATH_MAX];
	int		 i;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			replay_path(argv[i], 0);
	} else {
		if ((src = getenv("CASEBOOK_SRCDIR")) == NULL)
			src = ".";
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", src, FUZZ_NAME);
		replay_path(dir, 0);
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/regressions/%s", src, FUZZ_NAME);
		replay_path(dir, 1);
	}
	printf("1..%d\n", count);
	return failures > 0;
}
