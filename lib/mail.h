/* mail.h: one e-mail message: composed (MIME multipart/alternative, RFC 2047 headers) and sent
 * to an SMTP server with libcurl */
#ifndef CASEBOOK_MAIL_H
#define CASEBOOK_MAIL_H

#include <stddef.h>
#include <time.h>

#include "buf.h"

/* How an smtp:// connection uses STARTTLS (smtps:// is encrypted from the first byte). */
enum mail_tls {
	MAIL_TLS_REQUIRED,	/* refuse a server that does not offer it */
	MAIL_TLS_OPTIONAL,	/* use it when the server offers it */
	MAIL_TLS_NONE,		/* never: a relay on the same host, a test sink */
	MAIL_TLS__MAX
};
extern const char *const mail_tls_names[MAIL_TLS__MAX];

/* The longest address accepted: what fits in an SMTP path (RFC 5321 4.5.3.1.3). */
#define MAIL_ADDRESS_MAX	254
/* Seconds to wait for the server to answer the connection, and for the whole exchange. */
#define MAIL_CONNECT_TIMEOUT	15
#define MAIL_TIMEOUT		60

struct mail_message {
	const char	*from;		/* an address (mail_address_valid) */
	const char	*from_name;	/* the sender's display name, UTF-8; NULL or "": none */
	const char	*to;
	const char	*to_name;
	const char	*subject;	/* UTF-8 */
	const char	*text;		/* the text/plain alternative, UTF-8 */
	const char	*html;		/* the text/html alternative, UTF-8 */
	time_t		 date;		/* 0: now */
};

struct mail_server {
	const char	*url;		/* smtp://host[:port] or smtps://host[:port] */
	enum mail_tls	 tls;
	const char	*user;		/* NULL or "": no authentication */
	const char	*password;
	long		 connect_timeout;	/* seconds; 0: MAIL_CONNECT_TIMEOUT */
	long		 timeout;		/* seconds; 0: MAIL_TIMEOUT */
};

/* 1 when s is an address that can go into a header and an SMTP command as it is: printable
 * ASCII, local@domain, the local part of RFC 5322 atoms and dots, the domain of letters, digits
 * and hyphens in dot-separated labels, at most MAIL_ADDRESS_MAX bytes. */
int		mail_address_valid(const char *);
/* 1 when s may be the text of a header (a name, a subject): valid UTF-8 without control
 * characters, so neither CR nor LF, which would end the header and start another. */
int		mail_header_text_valid(const char *);
/* "required", "optional" or "none"; MAIL_TLS__MAX for anything else. */
enum mail_tls	mail_tls_parse(const char *);

/* Compose msg as a message with CRLF line ends onto out: Date (UTC), From, To, Subject (RFC 2047
 * encoded-words when needed, folded to 76 columns), Message-ID (a random one at the sender's
 * domain), MIME-Version and a multipart/alternative body with the text and HTML versions in
 * quoted-printable.  0, or -1 with the reason in err (an address that is not one, a header
 * text with a control character or invalid UTF-8, no random numbers, out of memory); out may
 * then hold part of a message. */
int		mail_compose(const struct mail_message *, struct buf *out, char *err,
		    size_t errsize);

/* Prepare libcurl for this process: once, before the first mail_send, while the process has
 * a single thread.  0 or -1. */
int		mail_init(void);
/* Send a composed message (len bytes) from the envelope sender from to the recipient to.
 * 0 once the server has accepted it, or -1 with libcurl's reason and the server's refusal
 * ("550 5.1.1 ...") when there was one, in err (for the job's last error), or
 * MAIL_UNREACHABLE (with the reason in err) when no server answered at all: the message was
 * not at fault, and sending it again once the server is back will do. */
#define MAIL_UNREACHABLE	(-2)
int		mail_send(const struct mail_server *, const char *from, const char *to,
		    const char *message, size_t len, char *err, size_t errsize);

#endif
