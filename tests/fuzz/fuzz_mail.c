/* fuzz_mail.c: a message composed from names, a subject and bodies people typed (mail_compose):
 * nothing typed may add a header, break a line, or end the SMTP data early.  The input is
 * from-name, to-name, subject, text, html, from, to, separated by NULs. */
/* fuzz-sources: lib/buf.c lib/crypto.c lib/mail.c */
/* fuzz-libs: -lcrypto -lcurl */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "mail.h"
#include "fuzz.h"

static const char *const headers[] = {
	"Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted",
	"Content-Type", NULL
};

/* 1 when line (len bytes, no line end) starts with one of our header names and ": ". */
static int
known_header(const char *line, size_t len)
{
	size_t	 i, n;

	for (i = 0; headers[i] != NULL; i++) {
		n = strlen(headers[i]);
		if (len > n + 1 && strncasecmp(line, headers[i], n) == 0 && line[n] == ':')
			return 1;
	}
	return 0;
}

static void
check_message(const char *msg, size_t len)
{
	const char	*p = msg, *end = msg + len, *eol, *c;
	size_t		 n, seen = 0;
	int		 in_headers = 1;

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		/* every line ends with CRLF; no bare CR or LF anywhere */
		FUZZ_ASSERT(eol != NULL && eol > p && eol[-1] == '\r');
		n = (size_t)(eol - 1 - p);
		FUZZ_ASSERT(memchr(p, '\r', n) == NULL);
		/* RFC 5322's limit on any line; quoted-printable's 76 in the body */
		FUZZ_ASSERT(n <= 998);
		FUZZ_ASSERT(in_headers || n <= 76);
		/* a lone "." would end the SMTP data */
		FUZZ_ASSERT(!(n == 1 && p[0] == '.'));
		/* 7-bit text: printable ASCII, and tabs (quoted-printable keeps them literal) */
		for (c = p; c < eol - 1; c++)
			FUZZ_ASSERT(((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f) ||
			    *c == '\t');
		if (in_headers) {
			if (n == 0)
				in_headers = 0;
			else if (p[0] == ' ' || p[0] == '\t')
				FUZZ_ASSERT(seen > 0);	/* a continuation of a header */
			else {
				FUZZ_ASSERT(known_header(p, n));
				seen++;
			}
		}
		p = eol + 1;
	}
	FUZZ_ASSERT(seen == 8);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail_message	 m;
	struct buf		 out = { 0 };
	char			*s[7], err[200];

	fuzz_split(data, size, s, 7);
	(void)mail_header_text_valid(s[0]);
	(void)mail_tls_parse(s[0]);
	memset(&m, 0, sizeof(m));
	m.from_name = s[0];
	m.to_name = s[1];
	m.subject = s[2];
	m.text = s[3];
	m.html = s[4];
	m.from = mail_address_valid(s[5]) ? s[5] : "practice@example.org";
	m.to = mail_address_valid(s[6]) ? s[6] : "client@example.org";
	m.date = 1767225600;
	if (mail_compose(&m, &out, err, sizeof(err)) == 0)
		check_message(out.data, out.len);
	else {
		FUZZ_ASSERT(err[0] != '\0');
		/* refused only for a control character, invalid UTF-8 or an empty subject */
		FUZZ_ASSERT(!mail_header_text_valid(s[0]) || !mail_header_text_valid(s[1]) ||
		    !mail_header_text_valid(s[2]) || s[2][0] == '\0');
	}
	buf_free(&out);
	fuzz_free(s, 7);
	return 0;
}
