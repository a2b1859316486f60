/* sniff.h: what kind of document some bytes are, judged by their content (magic numbers, the
 * entries of a ZIP's central directory, text that is text), never by the name they came with;
 * pure: the caller feeds the bytes as they stream past */
#ifndef CASEBOOK_SNIFF_H
#define CASEBOOK_SNIFF_H

#include <stddef.h>
#include <stdint.h>

enum sniff_type {
	SNIFF_REFUSED,	/* none of the allowed kinds */
	SNIFF_JPEG,
	SNIFF_PNG,
	SNIFF_GIF,
	SNIFF_WEBP,
	SNIFF_PDF,
	SNIFF_DOC,	/* OLE2 (Office 97-2003); DOC, XLS, PPT told apart by the name only */
	SNIFF_XLS,
	SNIFF_PPT,
	SNIFF_OLE,	/* OLE2 with another name: "Office 97-2003 document" */
	SNIFF_DOCX,	/* ZIP with [Content_Types].xml and word/ */
	SNIFF_XLSX,	/* ... and xl/ */
	SNIFF_PPTX,	/* ... and ppt/ */
	SNIFF_CSV,	/* text (no NUL, no control characters but tab and line breaks) named .csv */
	SNIFF_TXT,	/* such text with any other name */
	SNIFF_SVG,	/* text that opens an <svg> element: served only as a sandboxed attachment */
	SNIFF__MAX
};

/* The media type of each kind ("" for SNIFF_REFUSED), and a short name for people. */
extern const char *const sniff_types[SNIFF__MAX];
extern const char *const sniff_labels[SNIFF__MAX];

/* What the refusal message names. */
#define SNIFF_ALLOWED	"JPG, PNG, GIF, WEBP, PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, CSV, TXT " \
			"and SVG"

#define SNIFF_HEAD	4096
/* A ZIP's end record sits in its last 22 + 65535 bytes; its central directory just before. */
#define SNIFF_TAIL	(256 * 1024)

/* The state of one stream of bytes: its head, its tail and what its text looks like. */
struct sniff {
	unsigned char	 head[SNIFF_HEAD];
	size_t		 headlen;
	unsigned char	 tail[SNIFF_TAIL];
	size_t		 taillen;
	uint64_t	 total;
	int		 binary;	/* a NUL or a control character was seen */
};

void	sniff_init(struct sniff *);
/* Feed the next len bytes. */
void	sniff_feed(struct sniff *, const void *, size_t len);
/* The kind of everything fed; filename (may be NULL) only names the OLE2 sub-type and tells
 * CSV from TXT. */
enum sniff_type sniff_result(const struct sniff *, const char *filename);

#endif
