/* crypto.c: password hashing, random tokens and digests (OpenSSL) */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto.h"

#define SALT_BYTES	16
#define DERIVED_BYTES	32
#define HASH_PREFIX	"pbkdf2-sha256$"

int
crypto_random(void *buf, size_t len)
{
	if (len > INT_MAX)
		return -1;
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -1;
}

void
crypto_hex(const unsigned char *p, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t	 i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * len] = '\0';
}

int
crypto_token(char out[CRYPTO_TOKEN_HEX])
{
	unsigned char	 raw[CRYPTO_TOKEN_BYTES];

	if (crypto_random(raw, sizeof(raw)) == -1)
		return -1;
	crypto_hex(raw, sizeof(raw), out);
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

void
crypto_sha256(const void *p, size_t len, unsigned char out[CRYPTO_SHA256_BYTES])
{
	unsigned int	 n = CRYPTO_SHA256_BYTES;

	EVP_Digest(p, len, out, &n, EVP_sha256(), NULL);
}

int
crypto_equal(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return CRYPTO_memcmp(a, b, la) == 0;
}

static int
derive(const char *password, const unsigned char *salt, size_t saltlen,
    unsigned iterations, unsigned char out[DERIVED_BYTES])
{
	return PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)saltlen,
	    (int)iterations, EVP_sha256(), DERIVED_BYTES, out) == 1 ? 0 : -1;
}

int
crypto_password_hash(const char *password, unsigned iterations, char out[CRYPTO_HASH_MAX])
{
	unsigned char	 salt[SALT_BYTES], dk[DERIVED_BYTES];
	char		 salt64[32], dk64[64];
	int		 rc = -1;

	if (iterations == 0)
		iterations = CRYPTO_PBKDF2_ITERATIONS;
	/* verify refuses fewer than 1000 rounds: never write a hash it would refuse */
	if (iterations < 1000 || iterations > INT_MAX || strlen(password) > INT_MAX)
		goto out;
	if (crypto_random(salt, sizeof(salt)) == -1)
		goto out;
	if (derive(password, salt, sizeof(salt), iterations, dk) == -1)
		goto out;
	EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof(salt));
	EVP_EncodeBlock((unsigned char *)dk64, dk, sizeof(dk));
	if (snprintf(out, CRYPTO_HASH_MAX, HASH_PREFIX "%u$%s$%s", iterations,
	    salt64, dk64) >= CRYPTO_HASH_MAX)
		goto out;
	rc = 0;
out:
	OPENSSL_cleanse(dk, sizeof(dk));
	return rc;
}

/* Decode standard base64 into out (at most outsize bytes); the decoded length or -1. */
static int
decode64(const char *in, size_t inlen, unsigned char *out, size_t outsize)
{
	unsigned char	 tmp[96];
	int		 n;
	size_t		 pad = 0;

	if (inlen == 0 || inlen % 4 != 0 || inlen / 4 * 3 > sizeof(tmp))
		return -1;
	n = EVP_DecodeBlock(tmp, (const unsigned char *)in, (int)inlen);
	if (n < 0)
		return -1;
	if (in[inlen - 1] == '=')
		pad++;
	if (in[inlen - 2] == '=')
		pad++;
	n -= (int)pad;
	if (n < 0 || (size_t)n > outsize)
		return -1;
	memcpy(out, tmp, (size_t)n);
	return n;
}

int
crypto_password_verify(const char *password, const char *stored)
{
	unsigned char	 salt[64], want[DERIVED_BYTES], got[DERIVED_BYTES];
	const char	*p, *s1, *s2;
	char		*end;
	unsigned long	 iterations;
	int		 saltlen, wantlen, ok = 0;

	if (strncmp(stored, HASH_PREFIX, strlen(HASH_PREFIX)) != 0)
		return 0;
	p = stored + strlen(HASH_PREFIX);
	errno = 0;
	iterations = strtoul(p, &end, 10);
	if (errno != 0 || end == p || *end != '$' || iterations < 1000 ||
	    iterations > 100000000UL)
		return 0;
	s1 = end + 1;
	if ((s2 = strchr(s1, '$')) == NULL)
		return 0;
	saltlen = decode64(s1, (size_t)(s2 - s1), salt, sizeof(salt));
	wantlen = decode64(s2 + 1, strlen(s2 + 1), want, sizeof(want));
	if (saltlen <= 0 || wantlen != DERIVED_BYTES)
		return 0;
	if (derive(password, salt, (size_t)saltlen, (unsigned)iterations, got) == 0)
		ok = CRYPTO_memcmp(got, want, DERIVED_BYTES) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return ok;
}

int
crypto_password_generate(char *out, size_t size)
{
	/* No look-alike characters (0/O, 1/l/I), so a printed password can be typed. */
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	const size_t	 n = sizeof(alphabet) - 1, length = 20;
	unsigned char	 raw[64];
	size_t		 i, got = 0;

	if (size < length + 1)
		return -1;
	while (got < length) {
		if (crypto_random(raw, sizeof(raw)) == -1)
			return -1;
		/* Rejection sampling: only bytes below a multiple of n, so no character is favoured. */
		for (i = 0; i < sizeof(raw) && got < length; i++)
			if (raw[i] < 256 - 256 % n)
				out[got++] = alphabet[raw[i] % n];
	}
	out[length] = '\0';
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}
