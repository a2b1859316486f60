/* http.h: parsing what a browser sends (paths, query strings, cookies, url-encoded and
 * multipart bodies) and assembling what goes back (status, headers, body) */
#ifndef CASEBOOK_HTTP_H
#define CASEBOOK_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_DELETE,
	HTTP_PATCH,
	HTTP_OPTIONS,
	HTTP_OTHER,
	HTTP__MAX
};
extern const char *const http_methods[HTTP__MAX];

/* The outcome of parsing outside input. */
enum http_parse {
	HTTP_PARSE_OK,
	HTTP_PARSE_BAD,		/* malformed: answer 400 with the reason */
	HTTP_PARSE_TOO_LARGE,	/* over a size limit: answer 413 */
	HTTP_PARSE_NOMEM,	/* out of memory or a local I/O failure: answer 500 */
	HTTP_PARSE_NO_ROOM,	/* an upload's temporary file hit a full disk or the file size
				 * limit: answer 507 with the reason */
	HTTP_PARSE__MAX
};

/* A decoded name/value pair; value is NUL-terminated and checked to hold no NUL. */
struct http_kv {
	char	*key;
	char	*value;
	size_t	 len;
};

struct http_kvlist {
	struct http_kv	*v;
	size_t		 n;
	size_t		 cap;
};

/* A file part of a multipart body, streamed to a temporary file. */
struct http_upload {
	char		*field;		/* form field name */
	char		*filename;	/* the name the browser gave, without any directory */
	char		*content_type;	/* as declared by the browser (not trusted) */
	char		*path;		/* the temporary file; removed by http_uploads_free */
	uint64_t	 size;
};

struct http_uploads {
	struct http_upload	*v;
	size_t			 n;
	size_t			 cap;
};

struct http_multipart_limits {
	const char	*tmpdir;	/* where file parts are written */
	size_t		 max_field;	/* bytes of one non-file field */
	uint64_t	 max_file;	/* bytes of one file */
	uint64_t	 max_total;	/* bytes of all files together */
	size_t		 max_parts;
};

/* Reads up to len bytes into buf: the count, 0 at the end, -1 on error. */
typedef ssize_t (*http_read_fn)(void *ctx, char *buf, size_t len);

/* The method named by s (HTTP_OTHER when unknown). */
enum http_method http_method_parse(const char *s);
/* The reason phrase of a status ("Not Found"). */
const char	*http_status_text(int status);

/* 1 when the len bytes are valid UTF-8 (no overlongs, no surrogates) with no NUL. */
int	http_utf8_valid(const char *, size_t);

/* Percent-decode len bytes onto out; plus_space turns '+' into ' ' (forms, query strings).
 * Returns 0, or -1 on a malformed escape ("%zz", "%4") or out of memory. */
int	http_percent_decode(const char *, size_t, int plus_space, struct buf *out);

/* Parse "a=1&b=2" (query strings and url-encoded bodies) into list, in order; repeated keys
 * are kept, pairs with an empty key are dropped, "a" alone is a = "".  *reason tells why on
 * HTTP_PARSE_BAD (malformed escape, invalid UTF-8 or NUL). */
enum http_parse http_parse_urlencoded(const char *, size_t, struct http_kvlist *,
		    const char **reason);

/* Parse a Cookie header ("a=1; b=2"); malformed pairs are skipped (other sites' cookies on
 * the same domain are not our input to judge).  0, or -1 when memory runs out. */
int	http_parse_cookies(const char *, struct http_kvlist *);

/* Decode the path of a request URI (up to '?'): percent escapes decoded, '+' kept; out must be
 * valid UTF-8 without NUL and start with '/'.  0, or -1 with *reason. */
int	http_parse_path(const char *uri, struct buf *out, const char **reason);

/* The boundary of a multipart/form-data Content-Type, quoted or not, into out; 0 or -1. */
int	http_multipart_boundary(const char *content_type, char *out, size_t size);

/* Stream a multipart/form-data body through read: fields into fields, files into temporary
 * files listed in uploads (a file input left empty adds nothing). */
enum http_parse http_parse_multipart(const char *content_type, http_read_fn, void *ctx,
		    const struct http_multipart_limits *, struct http_kvlist *fields,
		    struct http_uploads *uploads, const char **reason);

/* The first value of key, or NULL. */
const char	*http_kv_get(const struct http_kvlist *, const char *key);
/* Append a copy of key and value; 0 or -1. */
int	http_kv_add(struct http_kvlist *, const char *key, const char *value, size_t len);
void	http_kvlist_free(struct http_kvlist *);
/* Remove the temporary files and free the list. */
void	http_uploads_free(struct http_uploads *);

/* A response being assembled. */
struct http_response {
	int		 status;
	struct buf	 headers;	/* "Name: value\r\n" lines */
	struct buf	 body;
	int		 has_file;	/* 1: the body is file_length bytes of file_fd, not body */
	int		 file_fd;
	uint64_t	 file_length;
};

/* The pieces a file is sent in: what is in memory of it at any time. */
#define HTTP_FILE_CHUNK	(64 * 1024)

/* Writes len bytes of buf; 0, or -1 when they cannot be (the other end is gone). */
typedef int (*http_write_fn)(void *ctx, const char *buf, size_t len);

/* How sending a file's bytes ended. */
enum http_send {
	HTTP_SEND_OK,		/* every byte was written */
	HTTP_SEND_SHORT,	/* the file ended early, or could not be read */
	HTTP_SEND_WRITE,	/* a write failed: nothing more is written */
	HTTP_SEND__MAX
};

/* Add a header; a value holding CR, LF or NUL is refused (-1), so no input splits a response. */
int	http_header(struct http_response *, const char *name, const char *value);
/* Append "name=value; attrs" as Set-Cookie; value must be a cookie-safe token; 0 or -1. */
int	http_set_cookie(struct http_response *, const char *name, const char *value,
	    const char *attributes);
/* Make the file open on fd the body, in place of body: its length from fstat, its bytes read
 * when the answer is written (http_send_file), fd closed by http_response_drop_file, _reset
 * or _free.  0, or -1 when fd is not a regular file that fstat can examine; the response
 * owns fd either way (on -1 it is closed). */
int	http_response_file(struct http_response *, int fd);
/* Close the response's file, if it has one: the body is body again. */
void	http_response_drop_file(struct http_response *);
/* Copy length bytes of fd, from where it stands, through write in pieces of at most
 * HTTP_FILE_CHUNK bytes: memory stays flat whatever the size.  *sent gets the bytes
 * written.  Stops at the first failed write (HTTP_SEND_WRITE) and at a read that fails or
 * finds the end before length bytes (HTTP_SEND_SHORT). */
enum http_send http_send_file(int fd, uint64_t length, http_write_fn, void *ctx,
		    uint64_t *sent);
void	http_response_reset(struct http_response *);
void	http_response_free(struct http_response *);

/* Percent-encode s for a query value (RFC 3986 unreserved characters and '/' kept) onto out; 0 or -1. */
int	http_url_encode(const char *, struct buf *out);

#endif
