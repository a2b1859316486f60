/* log.c: one-line log records to stderr or a log file, with time, pid and level */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static const char *const log_levels[LOG_LEVEL__MAX] = {
	"error",	/* LOG_LEVEL_ERROR */
	"warn",		/* LOG_LEVEL_WARN */
	"info",		/* LOG_LEVEL_INFO */
};

static const char	*log_who = "casebook";

int
log_open(const char *path)
{
	int	 fd;

	if (path == NULL || *path == '\0')
		return 0;
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) == -1)
		return -1;
	/* stderr becomes the log: sanitizer reports and library messages land there too. */
	if (dup2(fd, STDERR_FILENO) == -1) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

void
log_role(const char *who)
{
	log_who = who;
}

static void
log_write(enum log_level level, const char *fmt, va_list ap)
{
	char		 line[2048], stamp[32];
	struct tm	 tm;
	time_t		 now;
	int		 n, m;
	int		 saved = errno;

	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s %s[%ld] %s: ", stamp, log_who,
	    (long)getpid(), log_levels[level]);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* One write per record, so records from many processes do not interleave. */
	(void)!write(STDERR_FILENO, line, (size_t)n);
	errno = saved;
}

void
log_error(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_write(LOG_LEVEL_ERROR, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_write(LOG_LEVEL_WARN, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_write(LOG_LEVEL_INFO, fmt, ap);
	va_end(ap);
}
