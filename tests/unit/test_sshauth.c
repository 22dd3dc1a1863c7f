/*
 * known_hosts as ssh reads it (plain, wildcard, negated, hashed,
 * revoked, [host]:port), passphrase detection and ssh addresses.  The
 * keys and the hashed line were made with ssh-keygen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sshauth.h"

#define K1 "AAAAC3NzaC1lZDI1NTE5AAAAIG9qsRyWypiMMOGQmqmWOPnwyFlbVF2us7Ey/psoznG+"
#define K2 "AAAAC3NzaC1lZDI1NTE5AAAAIDBLBB3VpjgQcM8VOPMgrpJHjEEVnsvjOeWPdcR5C6Fm"
/* ssh-keygen -H of "[127.0.0.1]:2222 ssh-ed25519 K1" */
#define HASHED "|1|8Z7Iz+0AyRkZhv9/ftSbnbCq67Y=|Era5ilUSx7OPeuyEaSsWbr/IjrY="

static unsigned char	 k1[64], k2[64];
static size_t		 k1len, k2len;

static int
setup(void **state)
{
	(void)state;
	k1len = (size_t)b64_decode(K1, strlen(K1), k1, sizeof(k1));
	k2len = (size_t)b64_decode(K2, strlen(K2), k2, sizeof(k2));
	return k1len == 51 && k2len == 51 ? 0 : -1;
}

static enum kh_result
check(const char *text, const char *name, int which, size_t *line)
{
	*line = 0;
	return kh_check_text(text, strlen(text), name, which == 1 ? k1 : k2,
	    which == 1 ? k1len : k2len, line);
}

static void
plain_entries(void **state)
{
	const char	*kh = "# comment\n\nexample.org ssh-ed25519 " K2 "\n"
	    "[127.0.0.1]:2222 ssh-ed25519 " K1 " me@here\n"
	    "127.0.0.1 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7\n";
	size_t		 line;

	(void)state;
	assert_int_equal(check(kh, "[127.0.0.1]:2222", 1, &line), KH_MATCH);
	assert_int_equal(line, 4);
	/* The same key on another port is another host. */
	assert_int_equal(check(kh, "127.0.0.1", 1, &line), KH_UNKNOWN);
	assert_int_equal(check(kh, "[127.0.0.1]:2222", 2, &line), KH_CHANGED);
	assert_int_equal(line, 4);
	assert_int_equal(check(kh, "EXAMPLE.org", 2, &line), KH_MATCH);
	assert_int_equal(check(kh, "example.org", 1, &line), KH_CHANGED);
	assert_int_equal(check(kh, "nowhere", 1, &line), KH_UNKNOWN);
	assert_int_equal(check("", "nowhere", 1, &line), KH_UNKNOWN);
	/* No newline at the end; a later match beats an earlier change. */
	assert_int_equal(check("h ssh-ed25519 " K2 "\nh ssh-ed25519 " K1,
	    "h", 1, &line), KH_MATCH);
	assert_int_equal(line, 2);
}

static void
patterns(void **state)
{
	const char	*kh = "*.example.org,!bad.example.org ssh-ed25519 " K1
	    "\n"
	    "gi?.example.com,other ssh-ed25519 " K1 "\n";
	size_t		 line;

	(void)state;
	assert_int_equal(check(kh, "git.example.org", 1, &line), KH_MATCH);
	assert_int_equal(check(kh, "bad.example.org", 1, &line), KH_UNKNOWN);
	assert_int_equal(check(kh, "git.example.com", 1, &line), KH_MATCH);
	assert_int_equal(check(kh, "gitt.example.com", 1, &line), KH_UNKNOWN);
	assert_int_equal(check(kh, "other", 1, &line), KH_MATCH);
	assert_int_equal(check(kh, "example.org", 1, &line), KH_UNKNOWN);
}

static void
hashed_names(void **state)
{
	const char	*kh = HASHED " ssh-ed25519 " K1 "\n";
	size_t		 line;

	(void)state;
	assert_int_equal(check(kh, "[127.0.0.1]:2222", 1, &line), KH_MATCH);
	assert_int_equal(check(kh, "[127.0.0.1]:2222", 2, &line), KH_CHANGED);
	assert_int_equal(check(kh, "[127.0.0.1]:2223", 1, &line), KH_UNKNOWN);
	assert_int_equal(check(kh, "127.0.0.1", 2, &line), KH_UNKNOWN);
}

static void
markers(void **state)
{
	size_t	 line;

	(void)state;
	assert_int_equal(check("h ssh-ed25519 " K1 "\n@revoked * ssh-ed25519 "
	    K1 "\n", "h", 1, &line), KH_REVOKED);
	assert_int_equal(line, 2);
	/* A revoked key says nothing of other keys. */
	assert_int_equal(check("@revoked * ssh-ed25519 " K2 "\n", "h", 1,
	    &line), KH_UNKNOWN);
	assert_int_equal(check("@cert-authority h ssh-ed25519 " K2 "\n", "h",
	    1, &line), KH_UNKNOWN);
}

static void
names_and_types(void **state)
{
	char	 b[64];

	(void)state;
	assert_true(kh_name("127.0.0.1", 22, b, sizeof(b)));
	assert_string_equal(b, "127.0.0.1");
	assert_true(kh_name("127.0.0.1", 2222, b, sizeof(b)));
	assert_string_equal(b, "[127.0.0.1]:2222");
	assert_false(kh_name("127.0.0.1", 2222, b, 10));
	assert_true(sshkey_type(k1, k1len, b, sizeof(b)));
	assert_string_equal(b, "ssh-ed25519");
	assert_false(sshkey_type(k1, 3, b, sizeof(b)));
	assert_true(b64_encode_nopad((const unsigned char *)"hips", 4, b,
	    sizeof(b)));
	assert_string_equal(b, "aGlwcw");
}

static void
passphrases(void **state)
{
	/* The heads of two ssh-keygen -t ed25519 keys, -N '' and -N x. */
	const char	*clear = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
	    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
	    "QyNTUxOQAAACBvarEclsqYjDDhkJqpljj58MhZW1RdrrOxMv6bKM5xvgAAAIhJ59FSSefR\n";
	const char	*locked = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
	    "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABD/oC+DOF\n"
	    "a4L6Z/buO+drniAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIGFkk9vbIxM/KsMC\n";
	const char	*pem = "-----BEGIN RSA PRIVATE KEY-----\n"
	    "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n";

	(void)state;
	assert_false(sshkey_encrypted(clear, strlen(clear)));
	assert_true(sshkey_encrypted(locked, strlen(locked)));
	assert_true(sshkey_encrypted(pem, strlen(pem)));
	assert_false(sshkey_encrypted("-----BEGIN RSA PRIVATE KEY-----\nMII",
	    35));
}

static void
addresses(void **state)
{
	static const struct {
		const char	*url, *user, *host;
		int		 port;
	} ok[] = {
		{ "ssh://git@example.org/me/hips.git", "git", "example.org",
		    22 },
		{ "ssh://root@127.0.0.1:2222/tmp/r.git", "root", "127.0.0.1",
		    2222 },
		{ "ssh://example.org:22/x", "", "example.org", 22 },
		{ "git+ssh://a@[::1]:2200/x", "a", "::1", 2200 },
		{ "git@example.org:me/hips.git", "git", "example.org", 22 },
		{ "example.org:hips.git", "", "example.org", 22 },
		{ "[root@127.0.0.1:2222]:/tmp/r.git", "root", "127.0.0.1",
		    2222 },
	};
	static const char *const	 bad[] = { "https://example.org/x",
	    "/srv/hips.git", "dir/with:colon", "ssh://:22/x",
	    "ssh://h:99999/x", "ssh://h:2x/x" };
	char				 u[64], h[64];
	size_t				 i;
	int				 port;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_true(ssh_url_parse(ok[i].url, u, sizeof(u), h,
		    sizeof(h), &port));
		assert_string_equal(u, ok[i].user);
		assert_string_equal(h, ok[i].host);
		assert_int_equal(port, ok[i].port);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(ssh_url_parse(bad[i], u, sizeof(u), h, sizeof(h),
		    &port));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_entries),
		cmocka_unit_test(patterns),
		cmocka_unit_test(hashed_names),
		cmocka_unit_test(markers),
		cmocka_unit_test(names_and_types),
		cmocka_unit_test(passphrases),
		cmocka_unit_test(addresses),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
