/* test_mail.c: composed messages have well-formed headers (RFC 2047 words for non-ASCII,
 * folded to 76 columns), CR or LF in a name or subject cannot add a header, bodies are
 * quoted-printable in lines of at most 76 and decode to what was given, both alternatives are
 * there, and the boundary never occurs inside a part */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "tap.h"

#define PRAXIS	"Gr\xc3\xbc\xc3\x9f" "e \xe2\x80\x94 Praxis Zo\xc3\xab"	/* Grüße — Praxis Zoë */

static struct mail_message
message(void)
{
	struct mail_message	 m;

	memset(&m, 0, sizeof(m));
	m.from = "casebook@praxis.example";
	m.from_name = "Demo Practice";
	m.to = "jane@example.org";
	m.to_name = "Jane Doe";
	m.subject = "Your invitation";
	m.text = "Hello Jane,\n\nWelcome.\n";
	m.html = "<p>Hello Jane,</p>\n<p>Welcome.</p>\n";
	m.date = 1739437500;	/* Thu, 13 Feb 2025 09:05:00 UTC */
	return m;
}

/* Compose m into out (NUL-terminated); 0 or -1 with err. */
static int
compose(const struct mail_message *m, struct buf *out, char *err, size_t errsize)
{
	buf_reset(out);
	err[0] = '\0';
	return mail_compose(m, out, err, errsize);
}

/* The header block (up to the empty line), in a new string. */
static char *
head_of(const char *msg)
{
	const char	*end = strstr(msg, "\r\n\r\n");
	size_t		 len = end != NULL ? (size_t)(end - msg) + 2 : strlen(msg);
	char		*h = malloc(len + 1);

	if (h == NULL)
		abort();
	memcpy(h, msg, len);
	h[len] = '\0';
	return h;
}

/* The unfolded value of header name in the header block, in out; 1 found (and the count of
 * such headers in *count), 0 not. */
static int
header_value(const char *head, const char *name, char *out, size_t size, int *count)
{
	const char	*line = head, *end;
	size_t		 n = 0, len = strlen(name);
	int		 found = 0, in = 0;

	*count = 0;
	out[0] = '\0';
	while (*line != '\0') {
		if ((end = strstr(line, "\r\n")) == NULL)
			end = line + strlen(line);
		if (line[0] == ' ' || line[0] == '\t') {
			/* a folded line: unfolding removes the CRLF only */
			if (in)
				while (line < end && n + 1 < size)
					out[n++] = *line++;
		} else if (strncasecmp(line, name, len) == 0 && line[len] == ':') {
			(*count)++;
			in = !found;
			found = 1;
			for (line += len + 1; line < end && *line == ' '; line++)
				;
			while (in && line < end && n + 1 < size)
				out[n++] = *line++;
		} else
			in = 0;
		line = *end != '\0' ? end + 2 : end;
	}
	out[n] = '\0';
	return found;
}

/* 1 when every line of text (CRLF-separated) is at most max characters. */
static int
lines_within(const char *text, size_t max)
{
	const char	*line = text, *end;

	while (*line != '\0') {
		if ((end = strstr(line, "\r\n")) == NULL)
			end = line + strlen(line);
		if ((size_t)(end - line) > max)
			return 0;
		line = *end != '\0' ? end + 2 : end;
	}
	return 1;
}

/* 1 when every line ends in CRLF: no bare CR or LF anywhere. */
static int
crlf_only(const char *text)
{
	const char	*p;

	for (p = text; *p != '\0'; p++) {
		if (*p == '\r' && p[1] != '\n')
			return 0;
		if (*p == '\n' && (p == text || p[-1] != '\r'))
			return 0;
	}
	return 1;
}

static int
b64_value(char c)
{
	const char	*digits =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char	*p = c != '\0' ? strchr(digits, c) : NULL;

	return p != NULL ? (int)(p - digits) : -1;
}

/* Decode a header value: RFC 2047 "=?UTF-8?B?...?=" words (white space between two of them
 * dropped) and plain text; into out. */
static void
decode_words(const char *in, char *out, size_t size)
{
	const char	*p = in, *end, *q;
	size_t		 n = 0, after_word = 0;
	unsigned	 acc;
	int		 bits, v, last_encoded = 0;

	while (*p != '\0' && n + 1 < size) {
		if (strncmp(p, "=?UTF-8?B?", 10) == 0 && (end = strstr(p + 10, "?=")) != NULL) {
			/* the white space before it, copied as plain text, goes when two words meet */
			if (last_encoded)
				n = after_word;
			acc = 0;
			bits = 0;
			for (q = p + 10; q < end; q++) {
				if (*q == '=')
					break;
				if ((v = b64_value(*q)) < 0)
					break;
				acc = acc << 6 | (unsigned)v;
				bits += 6;
				if (bits >= 8) {
					bits -= 8;
					if (n + 1 < size)
						out[n++] = (char)((acc >> bits) & 0xff);
				}
			}
			p = end + 2;
			last_encoded = 1;
			after_word = n;
			continue;
		}
		if (*p != ' ')
			last_encoded = 0;
		out[n++] = *p++;
	}
	out[n] = '\0';
}

/* Decode quoted-printable text (CRLF line ends become LF) into a new string. */
static char *
decode_qp(const char *in, size_t len)
{
	char		*out = malloc(len + 1), hex[3] = "";
	size_t		 i, n = 0;

	if (out == NULL)
		abort();
	for (i = 0; i < len; i++) {
		if (in[i] == '=' && i + 2 < len && in[i + 1] == '\r' && in[i + 2] == '\n') {
			i += 2;
			continue;
		}
		if (in[i] == '=' && i + 2 < len) {
			hex[0] = in[i + 1];
			hex[1] = in[i + 2];
			out[n++] = (char)strtol(hex, NULL, 16);
			i += 2;
			continue;
		}
		if (in[i] == '\r' && i + 1 < len && in[i + 1] == '\n')
			continue;
		out[n++] = in[i];
	}
	out[n] = '\0';
	return out;
}

/* The boundary parameter of the Content-Type header, into out; 1 or 0. */
static int
boundary_of(const char *msg, char *out, size_t size)
{
	char		*head = head_of(msg), value[600];
	const char	*b, *end;
	int		 count, rc = 0;

	if (header_value(head, "Content-Type", value, sizeof(value), &count) &&
	    (b = strstr(value, "boundary=\"")) != NULL &&
	    (end = strchr(b + 10, '"')) != NULL && (size_t)(end - (b + 10)) < size) {
		memcpy(out, b + 10, (size_t)(end - (b + 10)));
		out[end - (b + 10)] = '\0';
		rc = 1;
	}
	free(head);
	return rc;
}

/* Part number index (0, 1) of a multipart message: its headers into head, its decoded body
 * (a new string) returned; NULL when there is no such part. */
static char *
part_of(const char *msg, const char *boundary, int index, char *head, size_t headsize)
{
	char		 delimiter[128];
	const char	*p, *body, *next;
	int		 i;

	snprintf(delimiter, sizeof(delimiter), "\r\n--%s\r\n", boundary);
	if ((p = strstr(msg, delimiter)) == NULL)
		return NULL;
	for (i = 0; i < index; i++)
		if ((p = strstr(p + 1, delimiter)) == NULL)
			return NULL;
	p += strlen(delimiter);
	if ((body = strstr(p, "\r\n\r\n")) == NULL || (size_t)(body - p) >= headsize)
		return NULL;
	memcpy(head, p, (size_t)(body - p));
	head[body - p] = '\0';
	body += 4;
	snprintf(delimiter, sizeof(delimiter), "\r\n--%s", boundary);
	if ((next = strstr(body, delimiter)) == NULL)
		return NULL;
	return decode_qp(body, (size_t)(next - body));
}

static void
test_headers(void)
{
	struct mail_message	 m = message();
	struct buf		 out = { 0 };
	char			 err[256], value[1000], *head;
	const char		*names[] = { "Date", "From", "To", "Subject", "Message-ID",
				    "MIME-Version", "Content-Type" };
	size_t			 i;
	int			 count, all_once = 1;

	ok(compose(&m, &out, err, sizeof(err)) == 0, "a plain message composes (%s)", err);
	head = head_of(out.data);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!header_value(head, names[i], value, sizeof(value), &count) || count != 1) {
			all_once = 0;
			printf("# %s: %d times\n", names[i], count);
		}
	ok(all_once, "Date, From, To, Subject, Message-ID, MIME-Version, Content-Type once each");
	header_value(head, "Date", value, sizeof(value), &count);
	is_str(value, "Thu, 13 Feb 2025 09:05:00 +0000", "Date in RFC 5322 form, UTC");
	header_value(head, "From", value, sizeof(value), &count);
	is_str(value, "Demo Practice <casebook@praxis.example>", "From with its display name");
	header_value(head, "To", value, sizeof(value), &count);
	is_str(value, "Jane Doe <jane@example.org>", "To with the recipient's name");
	header_value(head, "Subject", value, sizeof(value), &count);
	is_str(value, "Your invitation", "an ASCII subject as it is");
	header_value(head, "MIME-Version", value, sizeof(value), &count);
	is_str(value, "1.0", "MIME-Version 1.0");
	header_value(head, "Message-ID", value, sizeof(value), &count);
	ok(value[0] == '<' && strlen(value) == 1 + 32 + 1 + strlen("praxis.example") + 1 &&
	    strspn(value + 1, "0123456789abcdef") == 32 &&
	    strcmp(value + 33, "@praxis.example>") == 0,
	    "Message-ID is <random@domain of From>: %s", value);
	header_value(head, "Content-Type", value, sizeof(value), &count);
	ok(strncmp(value, "multipart/alternative; boundary=\"", 33) == 0,
	    "Content-Type multipart/alternative with a quoted boundary: %s", value);
	ok(lines_within(head, 76), "header lines within 76 characters");
	ok(crlf_only(out.data), "every line ends in CRLF");
	free(head);

	/* Two messages never share a Message-ID. */
	{
		char	 first[200];

		head = head_of(out.data);
		header_value(head, "Message-ID", first, sizeof(first), &count);
		free(head);
		compose(&m, &out, err, sizeof(err));
		head = head_of(out.data);
		header_value(head, "Message-ID", value, sizeof(value), &count);
		free(head);
		ok(strcmp(first, value) != 0, "each message gets its own Message-ID");
	}
	buf_free(&out);
}

static void
test_encoded_words(void)
{
	struct mail_message	 m = message();
	struct buf		 out = { 0 };
	char			 err[256], value[1000], decoded[1000], *head;
	char			 long_subject[600];
	int			 count, i;

	m.from_name = PRAXIS;
	m.subject = "Einladung von " PRAXIS;
	m.to_name = "Zo\xc3\xab M\xc3\xbcller";
	ok(compose(&m, &out, err, sizeof(err)) == 0, "non-ASCII names and subject compose (%s)",
	    err);
	head = head_of(out.data);
	ok(strspn(head, "\t\r\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~") == strlen(head), "headers are pure ASCII");
	ok(lines_within(head, 76), "header lines with encoded-words within 76 characters");
	header_value(head, "Subject", value, sizeof(value), &count);
	ok(strncmp(value, "=?UTF-8?B?", 10) == 0, "the subject is RFC 2047 encoded: %s", value);
	decode_words(value, decoded, sizeof(decoded));
	is_str(decoded, "Einladung von " PRAXIS, "the subject decodes to the original");
	header_value(head, "From", value, sizeof(value), &count);
	decode_words(value, decoded, sizeof(decoded));
	is_str(decoded, PRAXIS " <casebook@praxis.example>",
	    "the From display name decodes to the practice's name");
	header_value(head, "To", value, sizeof(value), &count);
	decode_words(value, decoded, sizeof(decoded));
	is_str(decoded, "Zo\xc3\xab M\xc3\xbcller <jane@example.org>", "the To name decodes");
	free(head);

	/* A long subject of multi-byte characters: folded, each word whole characters. */
	long_subject[0] = '\0';
	for (i = 0; i < 12; i++)
		strcat(long_subject, PRAXIS " ");
	strcat(long_subject, "Ende");
	m.subject = long_subject;
	ok(compose(&m, &out, err, sizeof(err)) == 0, "a long non-ASCII subject composes");
	head = head_of(out.data);
	ok(lines_within(head, 76), "a long encoded subject is folded within 76 characters");
	header_value(head, "Subject", value, sizeof(value), &count);
	decode_words(value, decoded, sizeof(decoded));
	is_str(decoded, long_subject, "the folded subject decodes to the original");
	ok(strstr(head, "\xc3") == NULL, "no raw UTF-8 in the headers");
	free(head);

	/* ASCII that looks like an encoded-word is encoded itself, so it reads as written. */
	m.subject = "Price =?UTF-8?B?Zm9v?= list";
	compose(&m, &out, err, sizeof(err));
	head = head_of(out.data);
	header_value(head, "Subject", value, sizeof(value), &count);
	decode_words(value, decoded, sizeof(decoded));
	is_str(decoded, "Price =?UTF-8?B?Zm9v?= list", "a subject holding \"=?\" survives");
	free(head);

	/* A long ASCII subject folds at spaces. */
	m.subject = "A reminder about the session on Thursday, and the forms to bring along "
	    "with you, including the intake questionnaire and the consent form";
	compose(&m, &out, err, sizeof(err));
	head = head_of(out.data);
	ok(lines_within(head, 76), "a long ASCII subject is folded within 76 characters");
	header_value(head, "Subject", value, sizeof(value), &count);
	is_str(value, m.subject, "unfolding gives the long subject back");
	free(head);
	buf_free(&out);
}

static void
test_display_names(void)
{
	struct mail_message	 m = message();
	struct buf		 out = { 0 };
	char			 err[256], value[1000], *head;
	int			 count;

	m.from_name = "Dr. Lee, LMFT";
	m.to_name = "Jane \"JD\" Doe \\ Co";
	compose(&m, &out, err, sizeof(err));
	head = head_of(out.data);
	header_value(head, "From", value, sizeof(value), &count);
	is_str(value, "\"Dr. Lee, LMFT\" <casebook@praxis.example>",
	    "a name with specials is a quoted string");
	header_value(head, "To", value, sizeof(value), &count);
	is_str(value, "\"Jane \\\"JD\\\" Doe \\\\ Co\" <jane@example.org>",
	    "quotes and backslashes in a quoted name are escaped");
	free(head);

	m.to_name = NULL;
	m.from_name = "";
	compose(&m, &out, err, sizeof(err));
	head = head_of(out.data);
	header_value(head, "To", value, sizeof(value), &count);
	is_str(value, "jane@example.org", "no name: the bare address");
	header_value(head, "From", value, sizeof(value), &count);
	is_str(value, "casebook@praxis.example", "no sender name: the bare address");
	free(head);
	buf_free(&out);
}

/* CR or LF smuggled into a value: refused, nothing a header of its own. */
static void
test_header_injection(void)
{
	static const char *const evil[] = {
		"Hello\r\nBcc: victim@example.net",
		"Hello\nBcc: victim@example.net",
		"Hello\rBcc: victim@example.net",
		"Hello\r\n\r\n<html>body</html>",
		"Tab\tand\x01control",
		"C1 \xc2\x85 next line",
		"bad \xff UTF-8",
	};
	struct mail_message	 m;
	struct buf		 out = { 0 };
	char			 err[256];
	size_t			 i;
	int			 subject_refused = 1, name_refused = 1, from_name_refused = 1;
	int			 no_bcc = 1;

	for (i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
		m = message();
		m.subject = evil[i];
		if (compose(&m, &out, err, sizeof(err)) != -1 || err[0] == '\0')
			subject_refused = 0;
		if (out.data != NULL && strstr(out.data, "Bcc:") != NULL)
			no_bcc = 0;
		m = message();
		m.to_name = evil[i];
		if (compose(&m, &out, err, sizeof(err)) != -1)
			name_refused = 0;
		if (out.data != NULL && strstr(out.data, "Bcc:") != NULL)
			no_bcc = 0;
		m = message();
		m.from_name = evil[i];
		if (compose(&m, &out, err, sizeof(err)) != -1)
			from_name_refused = 0;
		if (out.data != NULL && strstr(out.data, "Bcc:") != NULL)
			no_bcc = 0;
	}
	ok(subject_refused, "a subject with CR, LF, controls or bad UTF-8 is refused, with a reason");
	ok(name_refused, "a recipient name with CR, LF or controls is refused");
	ok(from_name_refused, "a sender name with CR, LF or controls is refused");
	ok(no_bcc, "no Bcc header ever reaches the output");

	m = message();
	m.to = "jane@example.org\r\nBcc: victim@example.net";
	ok(compose(&m, &out, err, sizeof(err)) == -1, "an address with CR LF is refused");
	m = message();
	m.to = "jane@example.org>\r\nRCPT TO:<victim@example.net";
	ok(compose(&m, &out, err, sizeof(err)) == -1, "an address closing the angle is refused");
	m = message();
	m.subject = "";
	ok(compose(&m, &out, err, sizeof(err)) == -1, "an empty subject is refused");
	buf_free(&out);
}

static void
test_bodies(void)
{
	struct mail_message	 m = message();
	struct buf		 out = { 0 }, text = { 0 }, html = { 0 };
	char			 err[256], boundary[128], head[1000], *part;
	const char		*p;
	int			 i, delimiters = 0;

	/* a long line, long non-ASCII text, "=", a trailing space, a leading dot, "From " */
	for (i = 0; i < 40; i++)
		buf_puts(&text, "word ");
	buf_puts(&text, "end\n");
	for (i = 0; i < 30; i++)
		buf_puts(&text, "Gr\xc3\xbc\xc3\x9f" "e ");
	buf_puts(&text, "\n1 + 1 = 2, 50% off\ntrailing space \n.\n.hidden\nFrom the practice\n");
	buf_puts(&text, "a line with a lone CR\r in it\nCRLF line\r\nlast line without a break");
	buf_puts(&html, "<p>");
	for (i = 0; i < 60; i++)
		buf_puts(&html, "<span class=\"x\">Zo\xc3\xab</span>");
	buf_puts(&html, "</p>\n<p>--=_ and =_ and -- in the text</p>\n");
	m.text = text.data;
	m.html = html.data;
	ok(compose(&m, &out, err, sizeof(err)) == 0, "long bodies compose (%s)", err);
	ok(lines_within(out.data, 76), "every line of the message within 76 characters");
	ok(crlf_only(out.data), "the whole message uses CRLF");
	ok(boundary_of(out.data, boundary, sizeof(boundary)), "the boundary is declared");

	part = part_of(out.data, boundary, 0, head, sizeof(head));
	ok(part != NULL && strstr(head, "Content-Type: text/plain; charset=UTF-8") != NULL &&
	    strstr(head, "Content-Transfer-Encoding: quoted-printable") != NULL,
	    "the first part is text/plain, UTF-8, quoted-printable");
	{
		/* What the text should decode to: line ends as LF, the lone CR kept. */
		struct buf	 want = { 0 };

		for (p = text.data; *p != '\0'; p++)
			if (!(*p == '\r' && p[1] == '\n'))
				buf_putc(&want, *p);
		is_str(part, want.data, "the text part decodes to the text given");
		buf_free(&want);
	}
	free(part);
	part = part_of(out.data, boundary, 1, head, sizeof(head));
	ok(part != NULL && strstr(head, "Content-Type: text/html; charset=UTF-8") != NULL,
	    "the second part is text/html, UTF-8");
	is_str(part, html.data, "the HTML part decodes to the HTML given");
	free(part);
	ok(part_of(out.data, boundary, 2, head, sizeof(head)) == NULL, "exactly two parts");

	/* The boundary appears only as delimiter lines: two parts and the close. */
	for (p = out.data; (p = strstr(p, boundary)) != NULL; p++)
		delimiters++;
	ok(delimiters == 1 + 2 + 1, "the boundary occurs only in Content-Type and the three "
	    "delimiter lines (%d)", delimiters);
	{
		char	 close[140];

		snprintf(close, sizeof(close), "\r\n--%s--\r\n", boundary);
		ok(strlen(out.data) >= strlen(close) &&
		    strcmp(out.data + strlen(out.data) - strlen(close), close) == 0,
		    "the message ends with the closing delimiter");
	}
	ok(strstr(out.data, "trailing space=20\r\n") != NULL, "a trailing space is encoded");
	ok(strstr(out.data, "\r\n=2E\r\n") != NULL && strstr(out.data, "\r\n=2Ehidden") != NULL,
	    "a dot opening a line is encoded");
	ok(strstr(out.data, "\r\n=46rom the practice") != NULL, "\"From \" opening a line is encoded");
	ok(strstr(out.data, "1 + 1 =3D 2") != NULL, "\"=\" is encoded");
	buf_free(&html);
	buf_free(&text);
	buf_free(&out);
}

static void
test_addresses(void)
{
	ok(mail_address_valid("jane@example.org"), "a plain address");
	ok(mail_address_valid("jane.doe+tag@mail.example.co.uk"), "dots and plus");
	ok(mail_address_valid("casebook@localhost"), "a single-label domain");
	ok(!mail_address_valid("jane@"), "no domain");
	ok(!mail_address_valid("@example.org"), "no local part");
	ok(!mail_address_valid("jane doe@example.org"), "a space");
	ok(!mail_address_valid("jane..doe@example.org"), "two dots in a row");
	ok(!mail_address_valid("jane@exa_mple.org"), "an underscore in the domain");
	ok(!mail_address_valid("jane@-example.org"), "a label starting with a hyphen");
	ok(!mail_address_valid("j\xc3\xa4ne@example.org"), "non-ASCII (no SMTPUTF8)");
	ok(!mail_address_valid("<jane@example.org>"), "angle brackets");
	ok(!mail_address_valid("jane@example.org\n"), "a line feed");
	ok(mail_header_text_valid(PRAXIS), "UTF-8 text is header text");
	ok(!mail_header_text_valid("a\r\nb"), "CR LF is not header text");
	ok(mail_tls_parse("required") == MAIL_TLS_REQUIRED &&
	    mail_tls_parse("optional") == MAIL_TLS_OPTIONAL &&
	    mail_tls_parse("none") == MAIL_TLS_NONE && mail_tls_parse("yes") == MAIL_TLS__MAX,
	    "the STARTTLS settings parse, others do not");
}

int
main(void)
{
	test_headers();
	test_encoded_words();
	test_display_names();
	test_header_injection();
	test_bodies();
	test_addresses();
	return tap_done();
}
