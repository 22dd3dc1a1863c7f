/* SHA-1 against FIPS 180 examples and git's own blob ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sha1.h"

static void
hex(const unsigned char d[20], char out[41])
{
	int	 i;

	for (i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void
known_digests(void **state)
{
	static const struct {
		const char	*in, *want;
	} v[] = {
		{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
	};
	struct sha1	 s;
	unsigned char	 d[20];
	char		 h[41];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sha1_init(&s);
		sha1_update(&s, v[i].in, strlen(v[i].in));
		sha1_final(&s, d);
		hex(d, h);
		assert_string_equal(h, v[i].want);
	}
}

static void
a_million_a(void **state)
{
	struct sha1	 s;
	unsigned char	 d[20];
	char		 h[41], a[1001];
	int		 i;

	(void)state;
	memset(a, 'a', sizeof(a));
	sha1_init(&s);
	for (i = 0; i < 1000; i++)
		sha1_update(&s, a, i % 2 ? 999 : 1001);
	sha1_final(&s, d);
	hex(d, h);
	assert_string_equal(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

static void
git_blob_ids(void **state)
{
	unsigned char	 d[20];
	char		 h[41];

	(void)state;
	/* `git hash-object` of an empty file and of "hello\n". */
	sha1_git_blob("", 0, d);
	hex(d, h);
	assert_string_equal(h, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	sha1_git_blob("hello\n", 6, d);
	hex(d, h);
	assert_string_equal(h, "ce013625030ba8dba906f756967f9e9ca394464a");
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(known_digests),
		cmocka_unit_test(a_million_a),
		cmocka_unit_test(git_blob_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
