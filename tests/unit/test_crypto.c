/* test_crypto.c: digests and tokens are what they claim, and password hashes verify the right
 * password, refuse a wrong one and refuse a stored string that is not one of ours */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "crypto.h"

/* 1 when s is exactly len characters, each from set. */
static int
all_from(const char *s, size_t len, const char *set)
{
	return strlen(s) == len && strspn(s, set) == len;
}

static void
test_hex_and_digest(void)
{
	const unsigned char	 raw[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	unsigned char		 md[CRYPTO_SHA256_BYTES];
	char			 hex[2 * CRYPTO_SHA256_BYTES + 1];

	crypto_hex(raw, sizeof(raw), hex);
	is_str(hex, "00017f80abff", "hex is lowercase, two digits a byte");
	crypto_hex(raw, 0, hex);
	is_str(hex, "", "hex of nothing is \"\"");

	crypto_sha256("abc", 3, md);
	crypto_hex(md, sizeof(md), hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "SHA-256 of \"abc\" (FIPS 180-2 vector)");
	crypto_sha256("", 0, md);
	crypto_hex(md, sizeof(md), hex);
	is_str(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "SHA-256 of the empty string");
}

static void
test_token(void)
{
	char	 a[CRYPTO_TOKEN_HEX], b[CRYPTO_TOKEN_HEX];
	int	 ra, rb;

	ra = crypto_token(a);
	rb = crypto_token(b);
	ok(ra == 0 && rb == 0, "crypto_token returns 0");
	ok(all_from(a, 64, "0123456789abcdef"), "a token is 64 lowercase hex characters (%s)", a);
	ok(all_from(b, 64, "0123456789abcdef"), "so is the second");
	ok(strcmp(a, b) != 0, "two tokens differ");
}

static void
test_equal(void)
{
	int	 r;

	r = crypto_equal("secret", "secret");
	ok(r == 1, "equal strings compare equal");
	r = crypto_equal("", "");
	ok(r == 1, "two empty strings compare equal");
	r = crypto_equal("secret", "secreT");
	ok(r == 0, "a difference in the last byte is seen");
	r = crypto_equal("Secret", "secret");
	ok(r == 0, "a difference in the first byte is seen");
	r = crypto_equal("secret", "secret2");
	ok(r == 0, "a longer second string is not equal");
	r = crypto_equal("secret2", "secret");
	ok(r == 0, "a longer first string is not equal");
	r = crypto_equal("", "x");
	ok(r == 0, "empty and non-empty are not equal");
}

static void
test_password_hash(void)
{
	char	 h1[CRYPTO_HASH_MAX], h2[CRYPTO_HASH_MAX], bad[CRYPTO_HASH_MAX * 2];
	char	 salt[64], dk[64];
	int	 r1, r2, r;

	r1 = crypto_password_hash("correct horse", 1000, h1);
	r2 = crypto_password_hash("correct horse", 1000, h2);
	ok(r1 == 0 && r2 == 0, "hashing at 1000 iterations returns 0");
	ok(strncmp(h1, "pbkdf2-sha256$1000$", 19) == 0, "the stored form names the scheme and "
	    "iteration count (%s)", h1);
	ok(strcmp(h1, h2) != 0, "the same password hashed twice differs (random salt)");

	r = crypto_password_verify("correct horse", h1);
	ok(r == 1, "the right password verifies");
	r = crypto_password_verify("correct horse", h2);
	ok(r == 1, "the right password verifies against the second hash too");
	r = crypto_password_verify("correct hors", h1);
	ok(r == 0, "a wrong password (one character short) is refused");
	r = crypto_password_verify("correct horsE", h1);
	ok(r == 0, "a wrong password (case differs) is refused");
	r = crypto_password_verify("", h1);
	ok(r == 0, "the empty password is refused");

	r1 = crypto_password_hash("", 1000, h2);
	r = r1 == 0 ? crypto_password_verify("", h2) : -1;
	ok(r == 1, "an empty password hashes and verifies");

	/* Split h1 into its salt and derived-key parts to build malformed variants. */
	r = sscanf(h1, "pbkdf2-sha256$1000$%63[^$]$%63s", salt, dk);
	ok(r == 2, "the stored hash has a salt and a derived key");
	if (r != 2)
		return;

	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000$%s$%s", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 1, "a hash rebuilt from its parts still verifies (the parts were split right)");

	snprintf(bad, sizeof(bad), "pbkdf2-sha512$1000$%s$%s", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a wrong scheme prefix is refused");
	snprintf(bad, sizeof(bad), "bcrypt$1000$%s$%s", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a foreign prefix is refused");
	r = crypto_password_verify("correct horse", "");
	ok(r == 0, "an empty stored string is refused");
	r = crypto_password_verify("correct horse", "correct horse");
	ok(r == 0, "a plain-text stored string is refused");

	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000$%s", salt);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a hash without its derived key is refused");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000$%s$", salt);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "an empty derived key is refused");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000$$%s", dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "an empty salt is refused");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$%s$%s", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a missing iteration count is refused");
	r = crypto_password_verify("correct horse", "pbkdf2-sha256$");
	ok(r == 0, "the bare prefix is refused");

	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000$%s$%s", salt, "!!!!");
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a derived key that is not base64 is refused");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000$!%s$%s", salt + 1, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a salt with a character outside base64 is refused");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000$%s$%.*s*%s", salt, 10, dk, dk + 11);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a derived key with a character outside base64 is refused");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000$%s$%.*s", salt, (int)strlen(dk) - 1, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a derived key with a character cut off is refused");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000$%s$%sAAAA", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a derived key with extra data is refused");

	snprintf(bad, sizeof(bad), "pbkdf2-sha256$0$%s$%s", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "0 iterations is refused");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$-1000$%s$%s", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a negative iteration count is refused");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$99999999999999999999$%s$%s", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "an iteration count that overflows is refused");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$4294968296$%s$%s", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a huge iteration count (2^32 + 1000) is refused, not wrapped to 1000");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1001$%s$%s", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "a changed iteration count no longer verifies");
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000x$%s$%s", salt, dk);
	r = crypto_password_verify("correct horse", bad);
	ok(r == 0, "an iteration count with trailing garbage is refused");
}

static void
test_default_iterations(void)
{
	char	 h[CRYPTO_HASH_MAX];
	int	 r;

	r = crypto_password_hash("s3cret passphrase", 0, h);
	ok(r == 0, "hashing at the default count returns 0");
	ok(strncmp(h, "pbkdf2-sha256$600000$", 21) == 0,
	    "0 iterations means the default 600000 (%s)", h);
	r = crypto_password_verify("s3cret passphrase", h);
	ok(r == 1, "a default-strength hash verifies");
}

static void
test_generate(void)
{
	const char	*alphabet =
	    "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char		 a[32], b[32], small[20];
	int		 ra, rb, r;

	ra = crypto_password_generate(a, sizeof(a));
	rb = crypto_password_generate(b, sizeof(b));
	ok(ra == 0 && rb == 0, "crypto_password_generate returns 0");
	ok(all_from(a, 20, alphabet), "a generated password is 20 characters of the alphabet (%s)",
	    a);
	ok(all_from(b, 20, alphabet), "so is the second (%s)", b);
	ok(strpbrk(a, "0O1lI") == NULL,
	    "no look-alike characters in the password");
	ok(strcmp(a, b) != 0, "two generated passwords differ");
	r = crypto_password_generate(small, sizeof(small));
	ok(r == -1, "a buffer too small for 20 characters and the NUL is refused");
}

int
main(void)
{
	test_hex_and_digest();
	test_token();
	test_equal();
	test_password_hash();
	test_default_iterations();
	test_generate();
	return tap_done();
}
