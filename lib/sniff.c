/* sniff.c: what kind of document some bytes are, by their content */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "sniff.h"

const char *const sniff_types[SNIFF__MAX] = {
	"",
	"image/jpeg",
	"image/png",
	"image/gif",
	"image/webp",
	"application/pdf",
	"application/msword",
	"application/vnd.ms-excel",
	"application/vnd.ms-powerpoint",
	"application/x-ole-storage",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"text/csv",
	"text/plain",
	"image/svg+xml",
};

const char *const sniff_labels[SNIFF__MAX] = {
	"not allowed",
	"JPG image",
	"PNG image",
	"GIF image",
	"WEBP image",
	"PDF document",
	"Word 97-2003 document",
	"Excel 97-2003 workbook",
	"PowerPoint 97-2003 presentation",
	"Office 97-2003 document",
	"Word document",
	"Excel workbook",
	"PowerPoint presentation",
	"CSV spreadsheet",
	"Text",
	"SVG image",
};

void
sniff_init(struct sniff *s)
{
	memset(s, 0, sizeof(*s));
}

/* Text is checked as it streams: no NUL and no control character but tab, line feed, form
 * feed and carriage return.  UTF-8 and other 8-bit text both pass. */
static void
text_feed(struct sniff *s, const unsigned char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len && !s->binary; i++)
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f')
			s->binary = 1;
}

void
sniff_feed(struct sniff *s, const void *buf, size_t len)
{
	const unsigned char	*p = buf;
	size_t			 n, keep;

	if (s->headlen < SNIFF_HEAD) {
		n = SNIFF_HEAD - s->headlen < len ? SNIFF_HEAD - s->headlen : len;
		memcpy(s->head + s->headlen, p, n);
		s->headlen += n;
	}
	if (len >= SNIFF_TAIL) {
		memcpy(s->tail, p + len - SNIFF_TAIL, SNIFF_TAIL);
		s->taillen = SNIFF_TAIL;
	} else {
		keep = s->taillen + len > SNIFF_TAIL ? SNIFF_TAIL - len : s->taillen;
		memmove(s->tail, s->tail + s->taillen - keep, keep);
		memcpy(s->tail + keep, p, len);
		s->taillen = keep + len;
	}
	text_feed(s, p, len);
	s->total += len;
}

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* What the entry names of an Office Open XML package say it is. */
struct ooxml {
	int	 content_types, word, xl, ppt;
};

static void
ooxml_name(struct ooxml *o, const unsigned char *name, size_t len)
{
	if (len == 19 && memcmp(name, "[Content_Types].xml", 19) == 0)
		o->content_types = 1;
	else if (len > 5 && memcmp(name, "word/", 5) == 0)
		o->word = 1;
	else if (len > 3 && memcmp(name, "xl/", 3) == 0)
		o->xl = 1;
	else if (len > 4 && memcmp(name, "ppt/", 4) == 0)
		o->ppt = 1;
}

/* Read the central directory named by the end record in the tail; 0, or -1 when it is not
 * there whole. */
static int
zip_central(const struct sniff *s, struct ooxml *o)
{
	const unsigned char	*t = s->tail, *e = NULL, *p, *end;
	uint64_t		 tail_start = s->total - s->taillen, cd_off, cd_size;
	size_t			 i;

	if (s->taillen < 22)
		return -1;
	for (i = s->taillen - 22 + 1; i-- > 0;) {
		if (memcmp(t + i, "PK\x05\x06", 4) == 0) {
			e = t + i;
			break;
		}
		if (s->taillen - i > 22 + 65535)
			break;
	}
	if (e == NULL)
		return -1;
	cd_size = le32(e + 12);
	cd_off = le32(e + 16);
	if (cd_off < tail_start || cd_off + cd_size > (uint64_t)(e - t) + tail_start)
		return -1;
	p = t + (cd_off - tail_start);
	end = p + cd_size;
	while (p + 46 <= end && memcmp(p, "PK\x01\x02", 4) == 0) {
		size_t	 nlen = le16(p + 28), xlen = le16(p + 30), clen = le16(p + 32);

		if (p + 46 + nlen > end)
			return -1;
		ooxml_name(o, p + 46, nlen);
		p += 46 + nlen + xlen + clen;
	}
	return 0;
}

/* The local file headers within the head, when the central directory is out of reach. */
static void
zip_local(const struct sniff *s, struct ooxml *o)
{
	const unsigned char	*p = s->head, *end = s->head + s->headlen;

	while (p + 30 <= end && memcmp(p, "PK\x03\x04", 4) == 0) {
		size_t		 nlen = le16(p + 26), xlen = le16(p + 28);
		uint32_t	 csize = le32(p + 18);

		if (p + 30 + nlen > end)
			break;
		ooxml_name(o, p + 30, nlen);
		if (le16(p + 6) & 0x08)
			break;	/* the size follows the data: the next header cannot be found */
		if ((size_t)(end - p) < 30 + nlen + xlen + (size_t)csize)
			break;
		p += 30 + nlen + xlen + csize;
	}
}

static enum sniff_type
zip_type(const struct sniff *s)
{
	struct ooxml	 o;

	memset(&o, 0, sizeof(o));
	if (zip_central(s, &o) == -1)
		zip_local(s, &o);
	if (!o.content_types)
		return SNIFF_REFUSED;
	if (o.word + o.xl + o.ppt != 1)
		return SNIFF_REFUSED;
	return o.word ? SNIFF_DOCX : o.xl ? SNIFF_XLSX : SNIFF_PPTX;
}

static int
name_ends(const char *name, const char *ext)
{
	size_t	 n, e = strlen(ext);

	if (name == NULL || (n = strlen(name)) <= e)
		return 0;
	return strcasecmp(name + n - e, ext) == 0;
}

/* Does text open an <svg> element: after a byte order mark, white space, an XML
 * declaration, comments and a DOCTYPE, or anywhere in the head? */
static int
looks_svg(const struct sniff *s)
{
	size_t	 i;

	for (i = 0; i + 4 <= s->headlen; i++)
		if (s->head[i] == '<' && strncasecmp((const char *)s->head + i + 1, "svg", 3) == 0 &&
		    (i + 4 == s->headlen || s->head[i + 4] == ' ' || s->head[i + 4] == '>' ||
		    s->head[i + 4] == '\n' || s->head[i + 4] == '\r' || s->head[i + 4] == '\t' ||
		    s->head[i + 4] == '/'))
			return 1;
	return 0;
}

enum sniff_type
sniff_result(const struct sniff *s, const char *filename)
{
	const unsigned char	*h = s->head;
	size_t			 n = s->headlen;

	if (n == 0)
		return SNIFF_REFUSED;
	if (n >= 3 && memcmp(h, "\xff\xd8\xff", 3) == 0)
		return SNIFF_JPEG;
	if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		return SNIFF_PNG;
	if (n >= 6 && (memcmp(h, "GIF87a", 6) == 0 || memcmp(h, "GIF89a", 6) == 0))
		return SNIFF_GIF;
	if (n >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WEBP", 4) == 0)
		return SNIFF_WEBP;
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return SNIFF_PDF;
	if (n >= 8 && memcmp(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0) {
		if (name_ends(filename, ".doc"))
			return SNIFF_DOC;
		if (name_ends(filename, ".xls"))
			return SNIFF_XLS;
		if (name_ends(filename, ".ppt"))
			return SNIFF_PPT;
		return SNIFF_OLE;
	}
	if (n >= 4 && memcmp(h, "PK\x03\x04", 4) == 0)
		return zip_type(s);
	if (s->binary)
		return SNIFF_REFUSED;
	if (looks_svg(s))
		return SNIFF_SVG;
	return name_ends(filename, ".csv") ? SNIFF_CSV : SNIFF_TXT;
}
