/* Unit tests of path_remote_url: what hips records as the remote. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hips.h"

static void
check(const char *url, const char *cwd, const char *want)
{
	struct buf	 out = BUF_INIT;

	path_remote_url(url, cwd, &out);
	assert_string_equal(buf_str(&out), want);
	buf_free(&out);
}

static void
urls_and_addresses_stay(void **state)
{
	(void)state;
	check("https://u:p@example.org/me/hips.git", "/home/a",
	    "https://u:p@example.org/me/hips.git");
	check("git://127.0.0.1:9418/r.git", "/x", "git://127.0.0.1:9418/r.git");
	check("file:///srv/hips.git", "/x", "file:///srv/hips.git");
	check("ssh://git@example.org/hips.git", "/x",
	    "ssh://git@example.org/hips.git");
	check("git@example.org:me/hips.git", "/x",
	    "git@example.org:me/hips.git");
	check("example.org:hips.git", "/x", "example.org:hips.git");
	check("/srv/hips.git", "/x", "/srv/hips.git");
}

static void
relative_paths_become_absolute(void **state)
{
	(void)state;
	check("remote.git", "/home/a", "/home/a/remote.git");
	check("../usb/hips.git", "/home/a", "/home/a/../usb/hips.git");
	check("./r.git", "/", "/./r.git");
	/* A colon after a slash is part of a path, not a host. */
	check("dir/with:colon.git", "/h", "/h/dir/with:colon.git");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(urls_and_addresses_stay),
		cmocka_unit_test(relative_paths_become_absolute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
