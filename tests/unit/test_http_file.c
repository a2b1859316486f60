/* test_http_file.c: a response whose body is a file: its length from fstat, the file closed
 * by reset and free, its bytes copied in pieces of at most HTTP_FILE_CHUNK, a failed write
 * (a client gone) ending the copy, a file shorter than promised told apart */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "http.h"

/* What a writer was given. */
struct sink {
	char	*data;
	size_t	 len;
	size_t	 calls;
	size_t	 largest;
	size_t	 fail_at;	/* this call fails (1 is the first); 0 never */
};

static int
sink_write(void *ctx, const char *buf, size_t len)
{
	struct sink	*s = ctx;

	s->calls++;
	if (s->fail_at != 0 && s->calls >= s->fail_at)
		return -1;
	if (len > s->largest)
		s->largest = len;
	if ((s->data = realloc(s->data, s->len + len)) == NULL)
		exit(1);
	memcpy(s->data + s->len, buf, len);
	s->len += len;
	return 0;
}

static int
is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

/* A temporary file of size bytes of a pattern, open for reading; its pattern in *bytes. */
static int
temp_file(size_t size, char **bytes)
{
	char	 path[] = "/tmp/casebook-test-http-file-XXXXXX";
	size_t	 i;
	int	 fd;

	if ((fd = mkstemp(path)) == -1 || unlink(path) == -1)
		exit(1);
	if ((*bytes = malloc(size + 1)) == NULL)
		exit(1);
	for (i = 0; i < size; i++)
		(*bytes)[i] = (char)(i * 7 + i / 251);
	if (size > 0 && write(fd, *bytes, size) != (ssize_t)size)
		exit(1);
	if (lseek(fd, 0, SEEK_SET) == -1)
		exit(1);
	return fd;
}

static void
test_whole_file(void)
{
	struct http_response	 r = { 0 };
	struct sink		 s = { 0 };
	char			*bytes;
	uint64_t		 sent = 99;
	size_t			 size = 3 * HTTP_FILE_CHUNK + 1234;
	int			 fd = temp_file(size, &bytes);

	ok(http_response_file(&r, fd) == 0, "a regular file becomes the body");
	ok(r.has_file && r.file_fd == fd, "the response holds the descriptor");
	ok(r.file_length == size, "its length is the file's size");
	ok(http_send_file(r.file_fd, r.file_length, sink_write, &s, &sent) == HTTP_SEND_OK,
	    "every byte is sent");
	ok(sent == size && s.len == size, "sent counts every byte");
	ok(s.data != NULL && memcmp(s.data, bytes, size) == 0, "the bytes are the file's");
	ok(s.largest <= HTTP_FILE_CHUNK, "no piece is larger than HTTP_FILE_CHUNK");
	ok(s.calls == 4, "in 4 pieces for 3 chunks and a bit (%zu)", s.calls);
	http_response_free(&r);
	ok(!is_open(fd), "free closes the file");
	ok(!r.has_file, "and the response has no file after it");
	free(s.data);
	free(bytes);
}

static void
test_client_gone(void)
{
	struct sink	 s = { 0 };
	char		*bytes;
	uint64_t	 sent = 0;
	size_t		 size = 10 * HTTP_FILE_CHUNK;
	int		 fd = temp_file(size, &bytes);

	s.fail_at = 3;
	ok(http_send_file(fd, size, sink_write, &s, &sent) == HTTP_SEND_WRITE,
	    "a failed write ends the copy");
	ok(s.calls == 3, "nothing is written after the failed write (%zu calls)", s.calls);
	ok(sent == 2 * HTTP_FILE_CHUNK, "sent counts what was written before it");
	close(fd);
	free(s.data);
	free(bytes);
}

static void
test_short_and_empty(void)
{
	struct http_response	 r = { 0 };
	struct sink		 s = { 0 };
	char			*bytes;
	uint64_t		 sent = 0;
	int			 fd = temp_file(1000, &bytes), dir;

	ok(http_send_file(fd, 5000, sink_write, &s, &sent) == HTTP_SEND_SHORT,
	    "a file shorter than promised is told apart");
	ok(sent == 1000 && s.len == 1000, "what there was is sent");
	close(fd);
	free(bytes);
	free(s.data);
	memset(&s, 0, sizeof(s));

	fd = temp_file(0, &bytes);
	ok(http_response_file(&r, fd) == 0 && r.file_length == 0, "an empty file is a body");
	ok(http_send_file(r.file_fd, r.file_length, sink_write, &s, &sent) == HTTP_SEND_OK &&
	    sent == 0 && s.calls == 0, "an empty file writes nothing");
	http_response_reset(&r);
	ok(!is_open(fd) && !r.has_file, "reset closes the file");
	free(bytes);

	if ((dir = open("/", O_RDONLY | O_DIRECTORY)) == -1)
		exit(1);
	ok(http_response_file(&r, dir) == -1, "a directory is refused");
	ok(!is_open(dir) && !r.has_file, "and closed");

	fd = temp_file(10, &bytes);
	ok(http_response_file(&r, fd) == 0, "a file again");
	http_response_drop_file(&r);
	ok(!is_open(fd) && !r.has_file && r.file_length == 0, "dropping closes it");
	http_response_drop_file(&r);
	ok(!r.has_file, "dropping twice is harmless");
	http_response_free(&r);
	free(bytes);
}

int
main(void)
{
	test_whole_file();
	test_client_gone();
	test_short_and_empty();
	return tap_done();
}
