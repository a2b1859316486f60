/* test_sniff.c: documents are known by their bytes: images, PDF, OLE2 and Office Open XML
 * packages (told apart by their entries, read from the central directory or the local
 * headers), text and SVG; a renamed program, a plain ZIP or binary junk is refused, whatever
 * its name */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "sniff.h"

static struct sniff	 s;

/* Feed len bytes in pieces of step (the way a stream arrives) and name the result. */
static enum sniff_type
kind(const void *bytes, size_t len, size_t step, const char *name)
{
	const unsigned char	*p = bytes;
	size_t			 off, n;

	sniff_init(&s);
	for (off = 0; off < len; off += n) {
		n = len - off < step ? len - off : step;
		sniff_feed(&s, p + off, n);
	}
	return sniff_result(&s, name);
}

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, unsigned long v)
{
	put16(p, (unsigned)(v & 0xffff));
	put16(p + 2, (unsigned)(v >> 16));
}

/* A stored (uncompressed) ZIP holding the named entries, each with size bytes of data, into
 * out; its length.  descriptor: sizes follow the data (bit 3), as streaming writers do. */
static size_t
zip(unsigned char *out, const char *const *names, size_t n, size_t size, int descriptor)
{
	unsigned long	 offsets[16];
	size_t		 len = 0, i, cd, nl;

	for (i = 0; i < n; i++) {
		nl = strlen(names[i]);
		offsets[i] = (unsigned long)len;
		memset(out + len, 0, 30);
		memcpy(out + len, "PK\x03\x04", 4);
		put16(out + len + 4, 20);
		put16(out + len + 6, descriptor ? 0x08 : 0);
		put32(out + len + 18, descriptor ? 0 : (unsigned long)size);
		put32(out + len + 22, descriptor ? 0 : (unsigned long)size);
		put16(out + len + 26, (unsigned)nl);
		memcpy(out + len + 30, names[i], nl);
		len += 30 + nl;
		memset(out + len, 'z', size);
		len += size;
		if (descriptor) {
			memcpy(out + len, "PK\x07\x08", 4);
			memset(out + len + 4, 0, 12);
			put32(out + len + 8, (unsigned long)size);
			put32(out + len + 12, (unsigned long)size);
			len += 16;
		}
	}
	cd = len;
	for (i = 0; i < n; i++) {
		nl = strlen(names[i]);
		memset(out + len, 0, 46);
		memcpy(out + len, "PK\x01\x02", 4);
		put32(out + len + 20, (unsigned long)size);
		put32(out + len + 24, (unsigned long)size);
		put16(out + len + 28, (unsigned)nl);
		put32(out + len + 42, offsets[i]);
		memcpy(out + len + 46, names[i], nl);
		len += 46 + nl;
	}
	memset(out + len, 0, 22);
	memcpy(out + len, "PK\x05\x06", 4);
	put16(out + len + 8, (unsigned)n);
	put16(out + len + 10, (unsigned)n);
	put32(out + len + 12, (unsigned long)(len - cd));
	put32(out + len + 16, (unsigned long)cd);
	return len + 22;
}

int
main(void)
{
	static const char *const docx[] = { "[Content_Types].xml", "_rels/.rels",
	    "word/document.xml" };
	static const char *const xlsx[] = { "[Content_Types].xml", "xl/workbook.xml" };
	static const char *const pptx[] = { "[Content_Types].xml", "ppt/presentation.xml" };
	static const char *const late[] = { "_rels/.rels", "docProps/app.xml",
	    "[Content_Types].xml", "word/document.xml" };
	static const char *const plain[] = { "readme.txt", "word.txt" };
	static const char *const no_types[] = { "word/document.xml" };
	unsigned char	*big, *z;
	size_t		 n;
	const char	 png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	const char	 ole[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0";

	ok(kind("\xff\xd8\xff\xe0\0\x10JFIF", 10, 3, "photo.txt") == SNIFF_JPEG,
	    "JPEG by its bytes, whatever its name");
	ok(kind(png, sizeof(png) - 1, 1, "a.png") == SNIFF_PNG, "PNG, fed a byte at a time");
	ok(kind("GIF89a\1\0\1\0", 10, 64, NULL) == SNIFF_GIF, "GIF89a");
	ok(kind("GIF87a\1\0\1\0", 10, 64, NULL) == SNIFF_GIF, "GIF87a");
	ok(kind("RIFF\x24\0\0\0WEBPVP8 ", 16, 64, NULL) == SNIFF_WEBP, "WEBP");
	ok(kind("RIFF\x24\0\0\0WAVEfmt ", 16, 64, "x.webp") == SNIFF_REFUSED,
	    "a RIFF that is not WEBP (a WAV) is refused");
	ok(kind("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15, 64, "x.pdf") == SNIFF_PDF, "PDF");
	ok(kind(ole, sizeof(ole) - 1, 64, "old.doc") == SNIFF_DOC, "OLE2 named .doc: DOC");
	ok(kind(ole, sizeof(ole) - 1, 64, "OLD.XLS") == SNIFF_XLS, "OLE2 named .XLS: XLS");
	ok(kind(ole, sizeof(ole) - 1, 64, "deck.ppt") == SNIFF_PPT, "OLE2 named .ppt: PPT");
	ok(kind(ole, sizeof(ole) - 1, 64, "thing.bin") == SNIFF_OLE,
	    "OLE2 with another name: an Office 97-2003 document");
	ok(kind("%PDF-1.4", 8, 64, "report.doc") == SNIFF_PDF, "a PDF named .doc is a PDF");

	z = calloc(1, 1 << 20);
	n = zip(z, docx, 3, 100, 0);
	ok(kind(z, n, 4096, "x.zip") == SNIFF_DOCX, "DOCX from the central directory");
	n = zip(z, xlsx, 2, 100, 0);
	ok(kind(z, n, 4096, NULL) == SNIFF_XLSX, "XLSX");
	n = zip(z, pptx, 2, 100, 1);
	ok(kind(z, n, 7, NULL) == SNIFF_PPTX, "PPTX with data descriptors, fed 7 bytes at a time");
	n = zip(z, late, 4, 100, 1);
	ok(kind(z, n, 4096, NULL) == SNIFF_DOCX, "[Content_Types].xml not first: still DOCX");
	n = zip(z, plain, 2, 100, 0);
	ok(kind(z, n, 4096, "plain.docx") == SNIFF_REFUSED, "a plain ZIP named .docx is refused");
	n = zip(z, no_types, 1, 100, 0);
	ok(kind(z, n, 4096, "x.docx") == SNIFF_REFUSED,
	    "word/ without [Content_Types].xml is refused");
	/* a large package: the central directory is beyond the head, found from the tail */
	n = zip(z, docx, 3, 300000, 0);
	ok(kind(z, n, 65536, NULL) == SNIFF_DOCX, "a 900 kB DOCX: read from its tail");
	/* a package whose end is cut off: only the local headers in the head remain */
	n = zip(z, docx, 3, 100, 0);
	ok(kind(z, n - 30, 4096, NULL) == SNIFF_DOCX, "a DOCX without its end record: "
	    "the local headers tell");
	n = zip(z, plain, 2, 100, 0);
	ok(kind(z, n - 30, 4096, NULL) == SNIFF_REFUSED, "a cut plain ZIP is refused");
	free(z);

	ok(kind("name,amount\r\nAnn,12.50\r\n", 24, 5, "money.csv") == SNIFF_CSV, "CSV text");
	ok(kind("name,amount\r\n", 13, 5, "money.txt") == SNIFF_TXT, "the same named .txt: TXT");
	ok(kind("Caf\xc3\xa9 \xe2\x82\xac\n", 10, 1, "u.txt") == SNIFF_TXT,
	    "UTF-8 text split inside characters");
	ok(kind("Caf\xe9\n", 5, 64, "latin1.txt") == SNIFF_TXT, "8-bit (Latin-1) text");
	ok(kind("abc\0def", 7, 64, "x.txt") == SNIFF_REFUSED, "a NUL byte: not text");
	ok(kind("abc\x1b[31m", 8, 64, "x.txt") == SNIFF_REFUSED, "a control character: not text");
	ok(kind("MZ\x90\0\3\0\0\0", 8, 64, "invoice.pdf") == SNIFF_REFUSED,
	    "a Windows program named .pdf is refused");
	ok(kind("\x7f" "ELF\2\1\1\0", 8, 64, "notes.txt") == SNIFF_REFUSED,
	    "an ELF program named .txt is refused");
	ok(kind("", 0, 64, "empty.txt") == SNIFF_REFUSED, "nothing at all is refused");

	ok(kind("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", 69,
	    8, "x.txt") == SNIFF_SVG, "SVG is known by its content, not its name");
	ok(kind("<?xml version=\"1.0\"?>\n<!-- c -->\n<SVG\nwidth=\"1\"/>", 49, 64, "x.svg") ==
	    SNIFF_SVG, "SVG after a declaration and a comment, any case");
	ok(kind("I like <svgs> and <svg-ish> words", 33, 64, "x.txt") == SNIFF_TXT,
	    "text that merely mentions svg is text");

	/* a long text stream with a NUL at the very end */
	big = malloc(600000);
	memset(big, 'a', 600000);
	ok(kind(big, 600000, 65536, "long.txt") == SNIFF_TXT, "600 kB of text");
	big[599999] = '\0';
	ok(kind(big, 600000, 65536, "long.txt") == SNIFF_REFUSED, "a NUL in its last byte");
	free(big);

	ok(strcmp(sniff_types[SNIFF_DOCX], "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document") == 0 && strcmp(sniff_types[SNIFF_TXT], "text/plain") == 0,
	    "media types");
	return tap_done();
}
