/*
 * The git plugin's URL handling for messages (src/store/creds.c): a
 * password in a URL is never shown, everything else is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store_int.h"

static void
password_redacted(void **state)
{
	static const struct {
		const char	*url, *shown;
	} v[] = {
		{ "https://ann:secret@example.org/hips.git",
		    "https://ann:***@example.org/hips.git" },
		{ "https://ann@example.org/hips.git",
		    "https://ann@example.org/hips.git" },
		{ "https://example.org/a@b/hips.git",
		    "https://example.org/a@b/hips.git" },
		{ "ssh://git@example.org:2222/hips.git",
		    "ssh://git@example.org:2222/hips.git" },
		{ "ssh://git:pw:more@example.org/x",
		    "ssh://git:***@example.org/x" },
		{ "git@example.org:hips.git", "git@example.org:hips.git" },
		{ "/srv/git/hips.git", "/srv/git/hips.git" },
		{ "file:///srv/git/hips.git", "file:///srv/git/hips.git" },
	};
	char	 out[400];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		redact_url(v[i].url, out, sizeof(out));
		assert_string_equal(out, v[i].shown);
	}
}

static void
cut_short_never_shows_the_password(void **state)
{
	char	 out[16];

	(void)state;
	redact_url("https://ann:secret@example.org/hips.git", out,
	    sizeof(out));
	assert_null(strstr(out, "secret"));
	assert_true(strlen(out) < sizeof(out));
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(password_redacted),
		cmocka_unit_test(cut_short_never_shows_the_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
