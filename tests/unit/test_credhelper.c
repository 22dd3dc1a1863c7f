/* The parts of http(s) URLs git's credential helpers are given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "credhelper.h"

static void
url_parts(void **state)
{
	struct cred	 c;

	(void)state;
	assert_true(cred_from_url("https://alice:s%40cret@git.example.org:"
	    "8443/me/hips.git", &c));
	assert_string_equal(c.protocol, "https");
	assert_string_equal(c.host, "git.example.org:8443");
	assert_string_equal(c.path, "me/hips.git");
	assert_string_equal(c.username, "alice");
	assert_string_equal(c.password, "s@cret");
	cred_wipe(&c);
	assert_string_equal(c.password, "");
	assert_true(cred_from_url("http://example.org", &c));
	assert_string_equal(c.protocol, "http");
	assert_string_equal(c.host, "example.org");
	assert_string_equal(c.path, "");
	assert_string_equal(c.username, "");
	/* An @ in the path is not a user. */
	assert_true(cred_from_url("https://h/a@b", &c));
	assert_string_equal(c.username, "");
	assert_string_equal(c.path, "a@b");
	assert_false(cred_from_url("ssh://alice@h/x", &c));
	assert_false(cred_from_url("/srv/x.git", &c));
	assert_false(cred_from_url("https:///x", &c));
	/* git's credential protocol is line-based: no newline gets in. */
	assert_false(cred_from_url("https://a%0a:b@h/x", &c));
	assert_false(cred_from_url("https://a:b%0aprotocol=http@h/x", &c));
}

static void
passwords_left_out(void **state)
{
	char	 b[128];
	bool	 had;

	(void)state;
	assert_true(url_without_password("https://alice:pw@h:1/r.git", b,
	    sizeof(b), &had));
	assert_true(had);
	assert_string_equal(b, "https://alice@h:1/r.git");
	assert_true(url_without_password("https://alice@h/r.git", b,
	    sizeof(b), &had));
	assert_false(had);
	assert_string_equal(b, "https://alice@h/r.git");
	assert_true(url_without_password("git@h:me/r.git", b, sizeof(b),
	    &had));
	assert_false(had);
	assert_true(url_without_password("ssh://a:b@h/x", b, sizeof(b),
	    &had));
	assert_true(had);
	assert_string_equal(b, "ssh://a@h/x");
	assert_false(url_without_password("https://h/x", b, 5, &had));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(url_parts),
		cmocka_unit_test(passwords_left_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
