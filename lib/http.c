/* http.c: parsing what a browser sends and assembling what goes back */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http.h"

const char *const http_methods[HTTP__MAX] = {
	"GET",		/* HTTP_GET */
	"HEAD",		/* HTTP_HEAD */
	"POST",		/* HTTP_POST */
	"PUT",		/* HTTP_PUT */
	"DELETE",	/* HTTP_DELETE */
	"PATCH",	/* HTTP_PATCH */
	"OPTIONS",	/* HTTP_OPTIONS */
	"OTHER",	/* HTTP_OTHER */
};

enum http_method
http_method_parse(const char *s)
{
	int	 i;

	for (i = 0; i < HTTP_OTHER; i++)
		if (strcmp(s, http_methods[i]) == 0)
			return (enum http_method)i;
	return HTTP_OTHER;
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	case 507: return "Insufficient Storage";
	default:  return "Unknown";
	}
}

int
http_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	unsigned		 c, need, cp, min;

	while (p < end) {
		c = *p++;
		if (c == 0)
			return 0;
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1; cp = c & 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2; cp = c & 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3; cp = c & 0x07; min = 0x10000;
		} else
			return 0;
		if ((size_t)(end - p) < need)
			return 0;
		while (need-- > 0) {
			if ((*p & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (*p++ & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
	}
	return 1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
http_percent_decode(const char *s, size_t len, int plus_space, struct buf *out)
{
	size_t	 i;
	int	 hi, lo;
	char	 c;

	if (buf_reserve(out, len) == -1)
		return -1;
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c == '%') {
			if (i + 2 >= len)
				return -1;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_space)
			c = ' ';
		if (buf_putc(out, c) == -1)
			return -1;
	}
	if (out->data == NULL && buf_reserve(out, 0) == -1)
		return -1;
	return 0;
}

int
http_kv_add(struct http_kvlist *l, const char *key, const char *value, size_t len)
{
	struct http_kv	*v;
	size_t		 cap;
	char		*k, *val;

	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 16;
		if ((v = reallocarray(l->v, cap, sizeof(*v))) == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	if ((k = strdup(key)) == NULL)
		return -1;
	if ((val = malloc(len + 1)) == NULL) {
		free(k);
		return -1;
	}
	memcpy(val, value, len);
	val[len] = '\0';
	l->v[l->n].key = k;
	l->v[l->n].value = val;
	l->v[l->n].len = len;
	l->n++;
	return 0;
}

const char *
http_kv_get(const struct http_kvlist *l, const char *key)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].value;
	return NULL;
}

void
http_kvlist_free(struct http_kvlist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].value);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

enum http_parse
http_parse_urlencoded(const char *s, size_t len, struct http_kvlist *l, const char **reason)
{
	struct buf	 key = { 0 }, val = { 0 };
	const char	*p = s, *end = s + len, *amp, *eq;
	enum http_parse	 rc = HTTP_PARSE_NOMEM;

	*reason = NULL;
	while (p < end) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		buf_reset(&key);
		buf_reset(&val);
		if (http_percent_decode(p, (size_t)(eq - p), 1, &key) == -1 ||
		    http_percent_decode(eq < amp ? eq + 1 : eq,
		    eq < amp ? (size_t)(amp - eq - 1) : 0, 1, &val) == -1) {
			rc = HTTP_PARSE_BAD;
			*reason = "The request holds a malformed percent-encoding (such as \"%zz\").";
			goto out;
		}
		if (!http_utf8_valid(key.data, key.len) || !http_utf8_valid(val.data, val.len)) {
			rc = HTTP_PARSE_BAD;
			*reason = "The request holds text that is not valid UTF-8.";
			goto out;
		}
		if (key.len > 0 && http_kv_add(l, key.data, val.data, val.len) == -1)
			goto out;
		p = amp + 1;
	}
	rc = HTTP_PARSE_OK;
out:
	buf_free(&key);
	buf_free(&val);
	return rc;
}

int
http_parse_cookies(const char *s, struct http_kvlist *l)
{
	const char	*p = s, *semi, *eq, *k0, *k1, *v0, *v1;
	char		 name[128];

	while (*p != '\0') {
		if ((semi = strchr(p, ';')) == NULL)
			semi = p + strlen(p);
		k0 = p;
		while (k0 < semi && (*k0 == ' ' || *k0 == '\t'))
			k0++;
		eq = memchr(k0, '=', (size_t)(semi - k0));
		if (eq != NULL && eq > k0) {
			k1 = eq;
			while (k1 > k0 && (k1[-1] == ' ' || k1[-1] == '\t'))
				k1--;
			v0 = eq + 1;
			v1 = semi;
			while (v0 < v1 && (*v0 == ' ' || *v0 == '\t'))
				v0++;
			while (v1 > v0 && (v1[-1] == ' ' || v1[-1] == '\t'))
				v1--;
			if (v1 - v0 >= 2 && *v0 == '"' && v1[-1] == '"') {
				v0++;
				v1--;
			}
			if ((size_t)(k1 - k0) < sizeof(name) && k1 > k0 &&
			    http_utf8_valid(v0, (size_t)(v1 - v0))) {
				memcpy(name, k0, (size_t)(k1 - k0));
				name[k1 - k0] = '\0';
				if (http_kv_add(l, name, v0, (size_t)(v1 - v0)) == -1)
					return -1;
			}
		}
		p = *semi ? semi + 1 : semi;
	}
	return 0;
}

int
http_parse_path(const char *uri, struct buf *out, const char **reason)
{
	const char	*q;
	size_t		 len;

	*reason = NULL;
	if ((q = strchr(uri, '?')) == NULL)
		q = uri + strlen(uri);
	len = (size_t)(q - uri);
	if (len == 0 || uri[0] != '/') {
		*reason = "The request path must start with \"/\".";
		return -1;
	}
	if (http_percent_decode(uri, len, 0, out) == -1) {
		*reason = "The request path holds a malformed percent-encoding.";
		return -1;
	}
	if (!http_utf8_valid(out->data, out->len)) {
		*reason = "The request path is not valid UTF-8.";
		return -1;
	}
	return 0;
}

/* Find parameter name (case-insensitive) in a header value "type; a=1; b="x y""; copy its
 * unquoted value into out.  Backslash escapes inside quotes are honoured only when escapes
 * is set: browsers send form-data file names with literal backslashes ("C:\x\y.pdf") and
 * percent-encode the quote instead.  1 found, 0 absent, -1 malformed or too long. */
static int
header_param(const char *value, const char *name, int escapes, char *out, size_t size)
{
	const char	*p = value;
	size_t		 nlen = strlen(name), n;

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nlen) != 0 || p[nlen] != '=')
			continue;
		p += nlen + 1;
		n = 0;
		if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (*p == '\0')
					return -1;
				if (escapes && *p == '\\' && p[1] != '\0')
					p++;
				if (n + 1 >= size)
					return -1;
				out[n++] = *p;
			}
		} else {
			for (; *p != '\0' && *p != ';' && *p != ' ' && *p != '\t'; p++) {
				if (n + 1 >= size)
					return -1;
				out[n++] = *p;
			}
		}
		out[n] = '\0';
		return 1;
	}
	return 0;
}

int
http_multipart_boundary(const char *ct, char *out, size_t size)
{
	size_t	 len;

	if (ct == NULL || strncasecmp(ct, "multipart/form-data", 19) != 0)
		return -1;
	if (header_param(ct, "boundary", 1, out, size) != 1)
		return -1;
	len = strlen(out);
	/* RFC 2046: 1 to 70 characters. */
	if (len == 0 || len > 70)
		return -1;
	return 0;
}

void
http_uploads_free(struct http_uploads *u)
{
	size_t	 i;

	for (i = 0; i < u->n; i++) {
		if (u->v[i].path != NULL)
			unlink(u->v[i].path);
		free(u->v[i].field);
		free(u->v[i].filename);
		free(u->v[i].content_type);
		free(u->v[i].path);
	}
	free(u->v);
	u->v = NULL;
	u->n = u->cap = 0;
}

#define MP_WINDOW	(64 * 1024)
#define MP_HEADER_MAX	(8 * 1024)

/* State of one multipart body being streamed. */
struct multipart {
	http_read_fn				 read;
	void					*ctx;
	const struct http_multipart_limits	*lim;
	char					*win;
	size_t					 head, tail;
	int					 eof;
	char					 delim[80];	/* "\n--" boundary */
	size_t					 dlen;
	uint64_t				 total;
	/* the part being read */
	char					 name[256];
	char					 filename[512];
	char					 ctype[128];
	int					 is_file;
	int					 skip;		/* an empty file input */
	struct buf				 field;
	int					 fd;
	struct http_upload			*upload;
};

/* Read more bytes into the window; 0, or -1 on a read error. */
static int
mp_fill(struct multipart *m)
{
	ssize_t	 n;

	if (m->head > 0) {
		memmove(m->win, m->win + m->head, m->tail - m->head);
		m->tail -= m->head;
		m->head = 0;
	}
	if (m->tail == MP_WINDOW)
		return 0;
	n = m->read(m->ctx, m->win + m->tail, MP_WINDOW - m->tail);
	if (n < 0)
		return -1;
	if (n == 0)
		m->eof = 1;
	m->tail += (size_t)n;
	return 0;
}

/* Extract the file name without directories (browsers on some systems send a full path). */
static void
mp_basename(char *name)
{
	char	*p, *last = name;

	for (p = name; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			last = p + 1;
	memmove(name, last, strlen(last) + 1);
}

static enum http_parse
mp_header_line(struct multipart *m, char *line, const char **reason)
{
	char	*colon, *value;
	int	 rc;

	if ((colon = strchr(line, ':')) == NULL) {
		*reason = "A multipart part has a malformed header line.";
		return HTTP_PARSE_BAD;
	}
	*colon = '\0';
	value = colon + 1;
	while (*value == ' ' || *value == '\t')
		value++;
	if (strcasecmp(line, "Content-Disposition") == 0) {
		if (strncasecmp(value, "form-data", 9) != 0) {
			*reason = "A multipart part is not form-data.";
			return HTTP_PARSE_BAD;
		}
		if (header_param(value, "name", 0, m->name, sizeof(m->name)) != 1 ||
		    m->name[0] == '\0') {
			*reason = "A multipart part has no field name.";
			return HTTP_PARSE_BAD;
		}
		rc = header_param(value, "filename", 0, m->filename, sizeof(m->filename));
		if (rc == -1) {
			*reason = "A multipart part has a malformed or over-long file name.";
			return HTTP_PARSE_BAD;
		}
		m->is_file = rc == 1;
	} else if (strcasecmp(line, "Content-Type") == 0) {
		if (strlen(value) >= sizeof(m->ctype)) {
			*reason = "A multipart part has an over-long content type.";
			return HTTP_PARSE_BAD;
		}
		strcpy(m->ctype, value);
	}
	return HTTP_PARSE_OK;
}

/* Read the header lines of a part up to the empty line. */
static enum http_parse
mp_headers(struct multipart *m, const char **reason)
{
	char	 line[MP_HEADER_MAX + 1];
	char	*nl;
	size_t	 len, used = 0;
	enum http_parse rc;

	m->name[0] = m->filename[0] = m->ctype[0] = '\0';
	m->is_file = 0;
	for (;;) {
		nl = memchr(m->win + m->head, '\n', m->tail - m->head);
		if (nl == NULL) {
			if (m->tail - m->head > MP_HEADER_MAX || m->eof) {
				*reason = m->eof ? "The multipart body ends inside a part's headers." :
				    "A multipart part's headers are too long.";
				return HTTP_PARSE_BAD;
			}
			if (mp_fill(m) == -1)
				return HTTP_PARSE_NOMEM;
			continue;
		}
		len = (size_t)(nl - (m->win + m->head));
		used += len + 1;
		if (used > MP_HEADER_MAX) {
			*reason = "A multipart part's headers are too long.";
			return HTTP_PARSE_BAD;
		}
		memcpy(line, m->win + m->head, len);
		m->head += len + 1;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		line[len] = '\0';
		if (len == 0)
			break;
		if (!http_utf8_valid(line, len)) {
			*reason = "A multipart part's headers are not valid UTF-8.";
			return HTTP_PARSE_BAD;
		}
		if ((rc = mp_header_line(m, line, reason)) != HTTP_PARSE_OK)
			return rc;
	}
	if (m->name[0] == '\0') {
		*reason = "A multipart part has no Content-Disposition.";
		return HTTP_PARSE_BAD;
	}
	return HTTP_PARSE_OK;
}

static enum http_parse
mp_part_begin(struct multipart *m, struct http_uploads *ups, const char **reason)
{
	struct http_upload	*u;
	size_t			 cap;
	char			*path;
	int			 fd;

	buf_reset(&m->field);
	m->skip = 0;
	m->fd = -1;
	m->upload = NULL;
	if (!m->is_file)
		return HTTP_PARSE_OK;
	mp_basename(m->filename);
	if (m->filename[0] == '\0') {
		m->skip = 1;	/* a file input with nothing chosen */
		return HTTP_PARSE_OK;
	}
	if (ups->n == ups->cap) {
		cap = ups->cap ? ups->cap * 2 : 4;
		if ((u = reallocarray(ups->v, cap, sizeof(*u))) == NULL)
			return HTTP_PARSE_NOMEM;
		ups->v = u;
		ups->cap = cap;
	}
	if (asprintf(&path, "%s/casebook-upload-XXXXXX", m->lim->tmpdir) == -1)
		return HTTP_PARSE_NOMEM;
	if ((fd = mkostemp(path, O_CLOEXEC)) == -1) {
		free(path);
		*reason = "The upload could not be stored.";
		return HTTP_PARSE_NOMEM;
	}
	u = &ups->v[ups->n];
	memset(u, 0, sizeof(*u));
	u->path = path;
	ups->n++;
	if ((u->field = strdup(m->name)) == NULL ||
	    (u->filename = strdup(m->filename)) == NULL ||
	    (u->content_type = strdup(m->ctype)) == NULL) {
		close(fd);
		return HTTP_PARSE_NOMEM;
	}
	m->fd = fd;
	m->upload = u;
	return HTTP_PARSE_OK;
}

static enum http_parse
mp_part_data(struct multipart *m, const char *p, size_t len, const char **reason)
{
	ssize_t	 w;

	if (len == 0 || m->skip)
		return HTTP_PARSE_OK;
	if (m->is_file) {
		m->upload->size += len;
		m->total += len;
		if (m->upload->size > m->lim->max_file || m->total > m->lim->max_total) {
			*reason = "The file is larger than the upload limit.";
			return HTTP_PARSE_TOO_LARGE;
		}
		while (len > 0) {
			if ((w = write(m->fd, p, len)) == -1) {
				if (errno == EINTR)
					continue;
				if (errno == ENOSPC || errno == EFBIG || errno == EDQUOT) {
					*reason = "There is no room left on the server for this "
					    "upload. Nothing was uploaded; please tell the "
					    "practice's administrator.";
					return HTTP_PARSE_NO_ROOM;
				}
				*reason = "The upload could not be stored.";
				return HTTP_PARSE_NOMEM;
			}
			p += w;
			len -= (size_t)w;
		}
		return HTTP_PARSE_OK;
	}
	if (m->field.len + len > m->lim->max_field) {
		*reason = "A form field is longer than this form accepts.";
		return HTTP_PARSE_BAD;
	}
	return buf_append(&m->field, p, len) == 0 ? HTTP_PARSE_OK : HTTP_PARSE_NOMEM;
}

static enum http_parse
mp_part_end(struct multipart *m, struct http_kvlist *fields, const char **reason)
{
	if (m->is_file) {
		if (m->fd != -1 && close(m->fd) == -1) {
			m->fd = -1;
			*reason = "The upload could not be stored.";
			return HTTP_PARSE_NOMEM;
		}
		m->fd = -1;
		return HTTP_PARSE_OK;
	}
	if (!http_utf8_valid(m->field.data ? m->field.data : "", m->field.len)) {
		*reason = "The request holds text that is not valid UTF-8.";
		return HTTP_PARSE_BAD;
	}
	if (http_kv_add(fields, m->name, m->field.data ? m->field.data : "", m->field.len) == -1)
		return HTTP_PARSE_NOMEM;
	return HTTP_PARSE_OK;
}

/* Stream the body of the current part up to the next delimiter. */
static enum http_parse
mp_body(struct multipart *m, const char **reason)
{
	const char	*hit;
	size_t		 n, keep = m->dlen + 1;
	enum http_parse	 rc;

	for (;;) {
		hit = memmem(m->win + m->head, m->tail - m->head, m->delim, m->dlen);
		if (hit != NULL) {
			n = (size_t)(hit - (m->win + m->head));
			if (n > 0 && hit[-1] == '\r')
				n--;
			if ((rc = mp_part_data(m, m->win + m->head, n, reason)) != HTTP_PARSE_OK)
				return rc;
			m->head = (size_t)(hit - m->win) + m->dlen;
			return HTTP_PARSE_OK;
		}
		if (m->tail - m->head > keep) {
			n = m->tail - m->head - keep;
			if ((rc = mp_part_data(m, m->win + m->head, n, reason)) != HTTP_PARSE_OK)
				return rc;
			m->head += n;
		}
		if (m->eof) {
			*reason = "The multipart body ends without its final boundary.";
			return HTTP_PARSE_BAD;
		}
		if (mp_fill(m) == -1)
			return HTTP_PARSE_NOMEM;
	}
}

/* After a delimiter: "--" ends the body (1), a line break starts a new part (0). */
static int
mp_after_delimiter(struct multipart *m, enum http_parse *rc, const char **reason)
{
	while (m->tail - m->head < 2 && !m->eof)
		if (mp_fill(m) == -1) {
			*rc = HTTP_PARSE_NOMEM;
			return -1;
		}
	if (m->tail - m->head >= 2 && m->win[m->head] == '-' && m->win[m->head + 1] == '-')
		return 1;
	/* transport padding, then the line break */
	for (;;) {
		if (m->head == m->tail) {
			if (m->eof)
				break;
			if (mp_fill(m) == -1) {
				*rc = HTTP_PARSE_NOMEM;
				return -1;
			}
			continue;
		}
		if (m->win[m->head] == ' ' || m->win[m->head] == '\t' || m->win[m->head] == '\r') {
			m->head++;
			continue;
		}
		if (m->win[m->head] == '\n') {
			m->head++;
			return 0;
		}
		break;
	}
	*rc = HTTP_PARSE_BAD;
	*reason = m->eof ? "The multipart body ends without its final boundary." :
	    "A multipart boundary is followed by unexpected bytes.";
	return -1;
}

enum http_parse
http_parse_multipart(const char *content_type, http_read_fn readfn, void *ctx,
    const struct http_multipart_limits *lim, struct http_kvlist *fields,
    struct http_uploads *uploads, const char **reason)
{
	struct multipart	 m;
	char			 boundary[128];
	const char		*hit;
	size_t			 parts = 0;
	enum http_parse		 rc = HTTP_PARSE_NOMEM;
	int			 end;

	*reason = NULL;
	memset(&m, 0, sizeof(m));
	m.fd = -1;
	if (http_multipart_boundary(content_type, boundary, sizeof(boundary)) == -1) {
		*reason = "The multipart body has no usable boundary.";
		return HTTP_PARSE_BAD;
	}
	m.read = readfn;
	m.ctx = ctx;
	m.lim = lim;
	m.dlen = (size_t)snprintf(m.delim, sizeof(m.delim), "\n--%s", boundary);
	if ((m.win = malloc(MP_WINDOW)) == NULL)
		return HTTP_PARSE_NOMEM;

	/* The preamble: the first delimiter may open the body without a line break before it. */
	for (;;) {
		if (mp_fill(&m) == -1)
			goto out;
		if (m.tail - m.head >= m.dlen - 1 &&
		    memcmp(m.win + m.head, m.delim + 1, m.dlen - 1) == 0) {
			m.head += m.dlen - 1;
			break;
		}
		hit = memmem(m.win + m.head, m.tail - m.head, m.delim, m.dlen);
		if (hit != NULL) {
			m.head = (size_t)(hit - m.win) + m.dlen;
			break;
		}
		if (m.eof || m.tail == MP_WINDOW) {
			rc = HTTP_PARSE_BAD;
			*reason = "The multipart body holds no boundary.";
			goto out;
		}
	}
	for (;;) {
		if ((end = mp_after_delimiter(&m, &rc, reason)) == -1)
			goto out;
		if (end == 1)
			break;
		if (++parts > lim->max_parts) {
			rc = HTTP_PARSE_TOO_LARGE;
			*reason = "The form has too many parts.";
			goto out;
		}
		if ((rc = mp_headers(&m, reason)) != HTTP_PARSE_OK ||
		    (rc = mp_part_begin(&m, uploads, reason)) != HTTP_PARSE_OK ||
		    (rc = mp_body(&m, reason)) != HTTP_PARSE_OK ||
		    (rc = mp_part_end(&m, fields, reason)) != HTTP_PARSE_OK)
			goto out;
	}
	rc = HTTP_PARSE_OK;
out:
	if (m.fd != -1)
		close(m.fd);
	buf_free(&m.field);
	free(m.win);
	return rc;
}

int
http_header(struct http_response *r, const char *name, const char *value)
{
	if (strpbrk(value, "\r\n") != NULL || strpbrk(name, "\r\n:") != NULL)
		return -1;
	return buf_printf(&r->headers, "%s: %s\r\n", name, value);
}

int
http_set_cookie(struct http_response *r, const char *name, const char *value,
    const char *attributes)
{
	const char	*p;

	for (p = value; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
			return -1;
	if (strpbrk(attributes, "\r\n") != NULL)
		return -1;
	return buf_printf(&r->headers, "Set-Cookie: %s=%s; %s\r\n", name, value, attributes);
}

int
http_response_file(struct http_response *r, int fd)
{
	struct stat	 st;

	http_response_drop_file(r);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size < 0) {
		close(fd);
		return -1;
	}
	r->has_file = 1;
	r->file_fd = fd;
	r->file_length = (uint64_t)st.st_size;
	return 0;
}

void
http_response_drop_file(struct http_response *r)
{
	if (r->has_file)
		close(r->file_fd);
	r->has_file = 0;
	r->file_fd = -1;
	r->file_length = 0;
}

enum http_send
http_send_file(int fd, uint64_t length, http_write_fn write_fn, void *ctx, uint64_t *sent)
{
	char	 chunk[HTTP_FILE_CHUNK];
	size_t	 want;
	ssize_t	 n;

	*sent = 0;
	while (*sent < length) {
		want = length - *sent < sizeof(chunk) ? (size_t)(length - *sent) : sizeof(chunk);
		if ((n = read(fd, chunk, want)) == -1) {
			if (errno == EINTR)
				continue;
			return HTTP_SEND_SHORT;
		}
		if (n == 0)
			return HTTP_SEND_SHORT;
		if (write_fn(ctx, chunk, (size_t)n) == -1)
			return HTTP_SEND_WRITE;
		*sent += (uint64_t)n;
	}
	return HTTP_SEND_OK;
}

void
http_response_reset(struct http_response *r)
{
	r->status = 200;
	buf_reset(&r->headers);
	buf_reset(&r->body);
	http_response_drop_file(r);
}

void
http_response_free(struct http_response *r)
{
	buf_free(&r->headers);
	buf_free(&r->body);
	http_response_drop_file(r);
}

int
http_url_encode(const char *s, struct buf *out)
{
	static const char digits[] = "0123456789ABCDEF";
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~' || *p == '/') {
			if (buf_putc(out, (char)*p) == -1)
				return -1;
		} else if (buf_putc(out, '%') == -1 ||
		    buf_putc(out, digits[*p >> 4]) == -1 ||
		    buf_putc(out, digits[*p & 15]) == -1)
			return -1;
	}
	if (out->data == NULL && buf_reserve(out, 0) == -1)
		return -1;
	return 0;
}
