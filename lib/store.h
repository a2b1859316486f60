/* store.h: the file store: document bytes kept under random names in one directory (a second
 * backend, such as S3 over libcurl, would offer the same three calls) */
#ifndef CASEBOOK_STORE_H
#define CASEBOOK_STORE_H

#include <stddef.h>

#define STORE_KEY_MAX	65	/* 64 hex characters and NUL */

/* Move the finished temporary file at temp_path into the store under a new random key
 * (written to key); 0 or -1.  The file is readable by the owner and the directory's group
 * (nginx's) only: the process must be a member of that group. */
int	store_put(const char *dir, const char *temp_path, char key[STORE_KEY_MAX]);
/* The path of key in the store into out; 0, or -1 when key is not a well-formed key. */
int	store_path(const char *dir, const char *key, char *out, size_t size);
/* Remove the bytes of key; 0 (also when already gone) or -1. */
int	store_remove(const char *dir, const char *key);

#endif
