/* mail.c: one e-mail message: composed (MIME multipart/alternative, RFC 2047 headers) and sent
 * to an SMTP server with libcurl */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "crypto.h"
#include "mail.h"

/* RFC 2045 and 2047: encoded body lines, and header lines holding encoded-words, stay within
 * 76 characters. */
#define LINE_MAX_CHARS		76
/* An encoded-word is at most 75 characters: "=?UTF-8?B?" and "?=" around the base64. */
#define ENCODED_WORD_MAX	75
#define ENCODED_WORD_OVERHEAD	12
/* Longer words of plain ASCII, or text that needs quoting beyond this, are encoded instead. */
#define PLAIN_WORD_MAX		60
#define RANDOM_BYTES		16

const char *const mail_tls_names[MAIL_TLS__MAX] = {
	"required",	/* MAIL_TLS_REQUIRED */
	"optional",	/* MAIL_TLS_OPTIONAL */
	"none",		/* MAIL_TLS_NONE */
};

static const char *const day_names[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};

static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static int
fail(char *err, size_t errsize, const char *why)
{
	snprintf(err, errsize, "%s", why);
	return -1;
}

/* The length of the valid UTF-8 character at p (1 to 4), or 0: an invalid byte, an overlong
 * form, a surrogate, or a code point past U+10FFFF. */
static size_t
utf8_char(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f))
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

int
mail_header_text_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	while (*p != '\0') {
		/* C0 controls (CR and LF among them), DEL, and the C1 controls U+0080..U+009F */
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return 0;
		if ((n = utf8_char(p)) == 0)
			return 0;
		p += n;
	}
	return 1;
}

/* RFC 5322 atext: what an atom (a word needing no quotes) is made of. */
static int
is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

int
mail_address_valid(const char *s)
{
	const char	*at, *p, *label;
	size_t		 len = strlen(s);

	if (len < 3 || len > MAIL_ADDRESS_MAX || (at = strrchr(s, '@')) == NULL)
		return 0;
	if (at == s || at - s > 64 || at[1] == '\0')
		return 0;
	/* the local part: atoms separated by single dots */
	if (s[0] == '.' || at[-1] == '.')
		return 0;
	for (p = s; p < at; p++)
		if (!(is_atext((unsigned char)*p) || (*p == '.' && p[1] != '.')))
			return 0;
	/* the domain: labels of letters, digits and inner hyphens, separated by single dots */
	for (label = p = at + 1;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == label || p - label > 63 || *label == '-' || p[-1] == '-')
				return 0;
			if (*p == '\0')
				break;
			label = p + 1;
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	}
	return 1;
}

enum mail_tls
mail_tls_parse(const char *s)
{
	int	 i;

	for (i = 0; i < MAIL_TLS__MAX; i++)
		if (strcmp(s, mail_tls_names[i]) == 0)
			break;
	return (enum mail_tls)i;
}

/* ---- headers: folded at white space to 76 columns ---- */

struct header {
	struct buf	*out;
	size_t		 col;		/* characters on the current line */
	int		 words;		/* words on the current line after the name */
	int		 rc;
};

static void
put(struct header *h, const char *s, size_t len)
{
	if (h->rc == 0 && buf_append(h->out, s, len) == -1)
		h->rc = -1;
}

static void
header_begin(struct header *h, struct buf *out, const char *name)
{
	h->out = out;
	h->col = 0;
	h->words = 0;
	h->rc = 0;
	put(h, name, strlen(name));
	put(h, ":", 1);
	h->col = strlen(name) + 1;
}

/* One word, after a space; a new line (a fold) first when it would pass the limit and the
 * line already holds a word. */
static void
header_word(struct header *h, const char *word, size_t len)
{
	if (h->words > 0 && h->col + 1 + len > LINE_MAX_CHARS) {
		put(h, "\r\n", 2);
		h->col = 0;
		h->words = 0;
	}
	put(h, " ", 1);
	put(h, word, len);
	h->col += 1 + len;
	h->words++;
}

static int
header_end(struct header *h)
{
	put(h, "\r\n", 2);
	return h->rc;
}

static void
base64(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t		 i;
	unsigned	 v;

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		*out++ = digits[v >> 18];
		*out++ = digits[(v >> 12) & 63];
		*out++ = digits[(v >> 6) & 63];
		*out++ = digits[v & 63];
	}
	if (i < len) {
		v = (unsigned)in[i] << 16 | (i + 1 < len ? (unsigned)in[i + 1] << 8 : 0);
		*out++ = digits[v >> 18];
		*out++ = digits[(v >> 12) & 63];
		*out++ = i + 1 < len ? digits[(v >> 6) & 63] : '=';
		*out++ = '=';
	}
	*out = '\0';
}

/* text (valid UTF-8) as RFC 2047 encoded-words, each holding whole characters and sized to
 * the room left on the line it starts on.  White space between encoded-words is not part of
 * the text, so the text's own spaces travel inside them. */
static void
header_encoded(struct header *h, const char *text)
{
	const unsigned char	*p = (const unsigned char *)text;
	char			 word[ENCODED_WORD_MAX + 1];
	size_t			 room, most, n, c, wlen;

	while (*p != '\0') {
		/* Too little room left for a four-byte character: go on to the next line. */
		if (h->words > 0 && h->col + 1 + ENCODED_WORD_OVERHEAD + 8 > LINE_MAX_CHARS) {
			put(h, "\r\n", 2);
			h->col = 0;
			h->words = 0;
		}
		room = LINE_MAX_CHARS - h->col - 1;
		if (room > ENCODED_WORD_MAX)
			room = ENCODED_WORD_MAX;
		most = (room - ENCODED_WORD_OVERHEAD) / 4 * 3;
		for (n = 0; p[n] != '\0'; n += c)
			if ((c = utf8_char(p + n)) == 0 || n + c > most)
				break;
		if (n == 0) {
			h->rc = -1;	/* invalid UTF-8, refused before: not reached */
			return;
		}
		memcpy(word, "=?UTF-8?B?", 10);
		base64(p, n, word + 10);
		wlen = strlen(word);
		memcpy(word + wlen, "?=", 3);
		header_word(h, word, wlen + 2);
		p += n;
	}
}

/* 1 when text can stand in a header as it is: printable ASCII words with single spaces, none
 * looking like an encoded-word, none too long to fold; atoms_only asks for a phrase of atoms
 * (a display name that needs no quotes). */
static int
plain_words(const char *text, int atoms_only)
{
	const char	*p;
	size_t		 word = 0;

	if (*text == ' ' || strstr(text, "=?") != NULL)
		return 0;
	for (p = text; *p != '\0'; p++) {
		if (*p == ' ') {
			if (p[1] == ' ' || p[1] == '\0')
				return 0;
			word = 0;
			continue;
		}
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e ||
		    (atoms_only && !is_atext((unsigned char)*p)))
			return 0;
		if (++word > PLAIN_WORD_MAX)
			return 0;
	}
	return 1;
}

static void
header_plain(struct header *h, const char *text)
{
	const char	*p = text, *end;

	while (*p != '\0') {
		if ((end = strchr(p, ' ')) == NULL)
			end = p + strlen(p);
		header_word(h, p, (size_t)(end - p));
		p = *end == ' ' ? end + 1 : end;
	}
}

/* An unstructured header (Subject): plain when it can be, else encoded-words. */
static int
put_unstructured(struct buf *out, const char *name, const char *text)
{
	struct header	 h;

	header_begin(&h, out, name);
	if (plain_words(text, 0))
		header_plain(&h, text);
	else
		header_encoded(&h, text);
	return header_end(&h);
}

/* An address header: the display name as atoms, a quoted string or encoded-words, then the
 * address in angle brackets; the bare address when there is no name. */
static int
put_address(struct buf *out, const char *name, const char *display, const char *address)
{
	struct header	 h;
	struct buf	 quoted = { 0 };
	const char	*p;
	char		 angle[MAIL_ADDRESS_MAX + 3];

	header_begin(&h, out, name);
	if (display == NULL || *display == '\0') {
		header_word(&h, address, strlen(address));
		return header_end(&h);
	}
	if (plain_words(display, 1))
		header_plain(&h, display);
	else if (plain_words(display, 0) && strlen(display) <= PLAIN_WORD_MAX) {
		/* printable ASCII with specials ("Dr. Lee, LMFT"): a quoted string */
		if (buf_putc(&quoted, '"') == -1)
			h.rc = -1;
		for (p = display; *p != '\0' && h.rc == 0; p++) {
			if ((*p == '"' || *p == '\\') && buf_putc(&quoted, '\\') == -1)
				h.rc = -1;
			if (buf_putc(&quoted, *p) == -1)
				h.rc = -1;
		}
		if (h.rc == 0 && buf_putc(&quoted, '"') == 0)
			header_word(&h, quoted.data, quoted.len);
		else
			h.rc = -1;
		buf_free(&quoted);
	} else
		header_encoded(&h, display);
	snprintf(angle, sizeof(angle), "<%s>", address);
	header_word(&h, angle, strlen(angle));
	return header_end(&h);
}

/* ---- bodies: quoted-printable, lines of at most 76 characters ---- */

static int
qp_encode(struct buf *out, const char *text)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p = (const unsigned char *)text;
	char			 token[3];
	size_t			 col = 0, len;
	int			 encode, line_end_next;

	while (*p != '\0') {
		if (p[0] == '\n' || (p[0] == '\r' && p[1] == '\n')) {
			if (buf_append(out, "\r\n", 2) == -1)
				return -1;
			p += p[0] == '\r' ? 2 : 1;
			col = 0;
			continue;
		}
		line_end_next = p[1] == '\0' || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
		for (;;) {
			/* Literal: printable ASCII but '='; spaces and tabs unless they end the
			 * line (a transport may strip them there); encoded: a dot opening a line
			 * (SMTP's end of data) and the F of "From " there (mbox files). */
			encode = *p == '=' || *p > 0x7e || (*p < 0x20 && *p != '\t') ||
			    ((*p == ' ' || *p == '\t') && line_end_next) ||
			    (col == 0 && (*p == '.' ||
			    (*p == 'F' && strncmp((const char *)p, "From ", 5) == 0)));
			len = encode ? 3 : 1;
			if (col + len <= LINE_MAX_CHARS - 1)
				break;
			/* A soft line break: "=" at the end of a line of at most 76. */
			if (buf_append(out, "=\r\n", 3) == -1)
				return -1;
			col = 0;
		}
		if (encode) {
			token[0] = '=';
			token[1] = hex[*p >> 4];
			token[2] = hex[*p & 15];
		} else
			token[0] = (char)*p;
		if (buf_append(out, token, len) == -1)
			return -1;
		col += len;
		p++;
	}
	return 0;
}

/* "Thu, 13 Feb 2025 09:05:00 +0000": English names whatever the locale. */
static int
put_date(struct buf *out, time_t when)
{
	struct tm	 tm;

	if (gmtime_r(&when, &tm) == NULL)
		return -1;
	return buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
	    day_names[tm.tm_wday], tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int
put_part(struct buf *out, const char *boundary, const char *type, const char *body)
{
	if (buf_printf(out, "--%s\r\nContent-Type: %s; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary, type) == -1)
		return -1;
	if (qp_encode(out, body) == -1)
		return -1;
	/* The line break before the next boundary belongs to the boundary. */
	return buf_puts(out, "\r\n");
}

int
mail_compose(const struct mail_message *m, struct buf *out, char *err, size_t errsize)
{
	unsigned char	 random[RANDOM_BYTES];
	char		 id[RANDOM_BYTES * 2 + 1], boundary[RANDOM_BYTES * 2 + 3];
	const char	*domain;

	if (!mail_address_valid(m->from))
		return fail(err, errsize, "the sender is not a valid address");
	if (!mail_address_valid(m->to))
		return fail(err, errsize, "the recipient is not a valid address");
	if ((m->from_name != NULL && !mail_header_text_valid(m->from_name)) ||
	    (m->to_name != NULL && !mail_header_text_valid(m->to_name)))
		return fail(err, errsize, "a name holds a line break, another control character "
		    "or invalid UTF-8");
	if (m->subject == NULL || *m->subject == '\0' || !mail_header_text_valid(m->subject))
		return fail(err, errsize, "the subject is empty, or holds a line break, another "
		    "control character or invalid UTF-8");
	if (m->text == NULL || m->html == NULL)
		return fail(err, errsize, "the message needs a text and an HTML version");
	domain = strrchr(m->from, '@') + 1;
	if (crypto_random(random, sizeof(random)) == -1)
		return fail(err, errsize, "no random numbers for the Message-ID");
	crypto_hex(random, sizeof(random), id);
	if (crypto_random(random, sizeof(random)) == -1)
		return fail(err, errsize, "no random numbers for the MIME boundary");
	/* "=_" never occurs in quoted-printable text ('=' is followed by hex digits or a line
	 * break there), so the boundary cannot occur in an encoded part. */
	boundary[0] = '=';
	boundary[1] = '_';
	crypto_hex(random, sizeof(random), boundary + 2);

	if (put_date(out, m->date != 0 ? m->date : time(NULL)) == -1 ||
	    put_address(out, "From", m->from_name, m->from) == -1 ||
	    put_address(out, "To", m->to_name, m->to) == -1 ||
	    put_unstructured(out, "Subject", m->subject) == -1 ||
	    buf_printf(out, "Message-ID: <%s@%s>\r\n", id, domain) == -1 ||
	    buf_puts(out, "MIME-Version: 1.0\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "Content-Type: multipart/alternative;\r\n") == -1 ||
	    buf_printf(out, " boundary=\"%s\"\r\n\r\n", boundary) == -1 ||
	    buf_puts(out, "This message has a plain text and an HTML version.\r\n\r\n") == -1 ||
	    put_part(out, boundary, "text/plain", m->text) == -1 ||
	    put_part(out, boundary, "text/html", m->html) == -1 ||
	    buf_printf(out, "--%s--\r\n", boundary) == -1)
		return fail(err, errsize, "out of memory");
	return 0;
}

/* ---- sending ---- */

int
mail_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

struct upload {
	const char	*data;
	size_t		 len;
	size_t		 pos;
};

static size_t
upload_read(char *dest, size_t size, size_t nmemb, void *arg)
{
	struct upload	*u = arg;
	size_t		 n = size * nmemb;

	if (n > u->len - u->pos)
		n = u->len - u->pos;
	memcpy(dest, u->data + u->pos, n);
	u->pos += n;
	return n;
}

/* The server's last refusal ("550 5.1.1 No such user"), as printable ASCII: the 4xx or 5xx
 * answer, not the "221 Bye" to the QUIT that follows it; and whether it said anything at all. */
struct reply {
	char	 line[200];
	int	 heard;
};

static int
on_debug(CURL *curl, curl_infotype type, char *data, size_t size, void *arg)
{
	struct reply	*r = arg;
	size_t		 i, n = 0;

	(void)curl;
	if (type == CURLINFO_HEADER_IN)
		r->heard = 1;
	if (type != CURLINFO_HEADER_IN || size < 3 || (data[0] != '4' && data[0] != '5'))
		return 0;
	for (i = 0; i < size && n + 1 < sizeof(r->line); i++) {
		if (data[i] == '\r' || data[i] == '\n')
			break;
		r->line[n++] = data[i] >= 0x20 && data[i] < 0x7f ? data[i] : '?';
	}
	r->line[n] = '\0';
	return 0;
}

int
mail_send(const struct mail_server *s, const char *from, const char *to, const char *message,
    size_t len, char *err, size_t errsize)
{
	static const long	 use_ssl[MAIL_TLS__MAX] = {
		CURLUSESSL_ALL,		/* MAIL_TLS_REQUIRED */
		CURLUSESSL_TRY,		/* MAIL_TLS_OPTIONAL */
		CURLUSESSL_NONE,	/* MAIL_TLS_NONE */
	};
	CURL			*curl = NULL;
	struct curl_slist	*rcpt = NULL;
	struct upload		 u = { message, len, 0 };
	struct reply		 reply = { "", 0 };
	char			 curl_error[CURL_ERROR_SIZE] = "";
	char			 sender[MAIL_ADDRESS_MAX + 3], recipient[MAIL_ADDRESS_MAX + 3];
	CURLcode		 rc;
	int			 status = -1;

	/* The addresses go into SMTP commands: a line break there would be a command of its own. */
	if (!mail_address_valid(from) || !mail_address_valid(to)) {
		snprintf(err, errsize, "the sender or the recipient is not a valid address");
		goto out;
	}
	if ((unsigned)s->tls >= MAIL_TLS__MAX) {
		snprintf(err, errsize, "unknown STARTTLS setting");
		goto out;
	}
	snprintf(sender, sizeof(sender), "<%s>", from);
	snprintf(recipient, sizeof(recipient), "<%s>", to);
	if ((curl = curl_easy_init()) == NULL || (rcpt = curl_slist_append(NULL, recipient)) == NULL) {
		snprintf(err, errsize, "out of memory");
		goto out;
	}
	curl_easy_setopt(curl, CURLOPT_URL, s->url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(curl, CURLOPT_USE_SSL, use_ssl[s->tls]);
	if (s->user != NULL && *s->user != '\0') {
		curl_easy_setopt(curl, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, s->password != NULL ? s->password : "");
	}
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, sender);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(curl, CURLOPT_READDATA, &u);
	curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
	    s->connect_timeout > 0 ? s->connect_timeout : (long)MAIL_CONNECT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, s->timeout > 0 ? s->timeout : (long)MAIL_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
	/* The debug callback sees the server's answers; nothing is printed. */
	curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &reply);
	curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
	if ((rc = curl_easy_perform(curl)) != CURLE_OK) {
		/* Nobody to talk to (refused, no route, no such host, or no greeting in time): the
		 * server is down, not this message wrong.  Once it has said a word, a failure may
		 * come after it took the message, and counts. */
		if (!reply.heard && (rc == CURLE_COULDNT_CONNECT ||
		    rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_OPERATION_TIMEDOUT))
			status = MAIL_UNREACHABLE;
		if (reply.line[0] != '\0')
			snprintf(err, errsize, "%s; the server said: %s",
			    curl_error[0] != '\0' ? curl_error : curl_easy_strerror(rc), reply.line);
		else
			snprintf(err, errsize, "%s",
			    curl_error[0] != '\0' ? curl_error : curl_easy_strerror(rc));
		goto out;
	}
	status = 0;
out:
	curl_slist_free_all(rcpt);
	if (curl != NULL)
		curl_easy_cleanup(curl);
	return status;
}
