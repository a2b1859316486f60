/* log.h: one-line log records to stderr or a log file, with time, pid and level */
#ifndef CASEBOOK_LOG_H
#define CASEBOOK_LOG_H

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL__MAX
};

/* Send records to path (appending), or to stderr when path is NULL or empty; 0 or -1. */
int	log_open(const char *path);
/* Set the role shown in each record ("master", "worker", "jobs", ...). */
void	log_role(const char *);
void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
