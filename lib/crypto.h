/* crypto.h: password hashing, random tokens and digests (OpenSSL) */
#ifndef CASEBOOK_CRYPTO_H
#define CASEBOOK_CRYPTO_H

#include <stddef.h>

#define CRYPTO_TOKEN_BYTES	32
#define CRYPTO_TOKEN_HEX	(CRYPTO_TOKEN_BYTES * 2 + 1)
#define CRYPTO_SHA256_BYTES	32
#define CRYPTO_PBKDF2_ITERATIONS 600000
/* Longest stored hash: "pbkdf2-sha256$ITER$SALT$HASH" with base64 parts. */
#define CRYPTO_HASH_MAX		128

/* Fill buf with len cryptographically random bytes; 0 or -1. */
int	crypto_random(void *buf, size_t len);
/* A new random token as lowercase hex (CRYPTO_TOKEN_HEX bytes with NUL); 0 or -1. */
int	crypto_token(char out[CRYPTO_TOKEN_HEX]);
/* SHA-256 of len bytes. */
void	crypto_sha256(const void *, size_t, unsigned char out[CRYPTO_SHA256_BYTES]);
/* Lowercase hex of len bytes into out (2*len+1 bytes). */
void	crypto_hex(const unsigned char *, size_t, char *out);
/* Constant-time equality of two strings of any length; 1 when equal. */
int	crypto_equal(const char *, const char *);
/* Hash a password with PBKDF2-HMAC-SHA256 and a random salt, iterations given (0: default);
 * out gets "pbkdf2-sha256$ITER$SALT$HASH"; 0 or -1. */
int	crypto_password_hash(const char *password, unsigned iterations, char out[CRYPTO_HASH_MAX]);
/* 1 when password matches the stored hash, 0 when not (or the hash is malformed). */
int	crypto_password_verify(const char *password, const char *stored);
/* A random password of about 20 readable characters; 0 or -1. */
int	crypto_password_generate(char *out, size_t size);

#endif
