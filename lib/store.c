/* store.c: the file store: document bytes kept under random names in one directory */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "store.h"

/* A key is exactly 64 lowercase hex characters: nothing else can name a path. */
static int
key_valid(const char *key)
{
	size_t	 i;

	for (i = 0; i < STORE_KEY_MAX - 1; i++)
		if (!((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f')))
			return 0;
	return key[STORE_KEY_MAX - 1] == '\0';
}

int
store_path(const char *dir, const char *key, char *out, size_t size)
{
	int	 n;

	if (!key_valid(key))
		return -1;
	n = snprintf(out, size, "%s/%s", dir, key);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Copy a file across file systems, when rename cannot move it. */
static int
copy_file(const char *from, const char *to)
{
	char	 chunk[65536];
	ssize_t	 n, w, off;
	int	 in, out, rc = -1;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) == -1) {
		close(in);
		return -1;
	}
	for (;;) {
		if ((n = read(in, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (n == 0)
			break;
		for (off = 0; off < n; off += w)
			if ((w = write(out, chunk + off, (size_t)(n - off))) == -1)
				goto out;
	}
	if (fsync(out) == -1)
		goto out;
	rc = 0;
out:
	close(in);
	if (close(out) == -1)
		rc = -1;
	if (rc == -1)
		unlink(to);
	return rc;
}

int
store_put(const char *dir, const char *temp_path, char key[STORE_KEY_MAX])
{
	char		 path[4096];
	struct stat	 st;

	if (crypto_token(key) == -1 || store_path(dir, key, path, sizeof(path)) == -1)
		return -1;
	if (rename(temp_path, path) == -1) {
		if (errno != EXDEV || copy_file(temp_path, path) == -1)
			return -1;
		unlink(temp_path);
	}
	/* nginx reads the file through the directory's group (X-Accel-Redirect); a moved file
	 * keeps the group it was made with, so it is given the directory's. */
	if (chmod(path, 0640) == -1 || stat(dir, &st) == -1 ||
	    chown(path, (uid_t)-1, st.st_gid) == -1) {
		unlink(path);
		return -1;
	}
	return 0;
}

int
store_remove(const char *dir, const char *key)
{
	char	 path[4096];

	if (store_path(dir, key, path, sizeof(path)) == -1)
		return -1;
	if (unlink(path) == -1 && errno != ENOENT)
		return -1;
	return 0;
}
