/* Unit tests of the prompt's day cache, in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "hips.h"
#include "daycache.h"

struct fixture {
	char	 top[64];
	char	 data[96];
	char	 cache[96];
};

static void
put(const struct fixture *f, const char *name, const char *text,
    const char *mode)
{
	char	 path[256];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/log/%s", f->data, name);
	assert_non_null(fp = fopen(path, mode));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/*
 * Move the cache's mtime well past the files' times, as if it had been
 * written a while after them, so that no record is racy.
 */
static void
age_files(const struct fixture *f)
{
	char		 path[512];
	struct timespec	 ts[2];
	DIR		*dp;
	struct dirent	*d;

	assert_non_null(dp = opendir(f->cache));
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", f->cache, d->d_name);
		clock_gettime(CLOCK_REALTIME, &ts[0]);
		ts[0].tv_sec += 10;
		ts[1] = ts[0];
		assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	}
	closedir(dp);
}

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		 path[160];

	snprintf(f->top, sizeof(f->top), "/tmp/hips-daycache.XXXXXX");
	if (mkdtemp(f->top) == NULL)
		return -1;
	snprintf(f->data, sizeof(f->data), "%s/data", f->top);
	snprintf(f->cache, sizeof(f->cache), "%s/cache", f->top);
	snprintf(path, sizeof(path), "%s/log", f->data);
	if (mkdir_p(path, 0700) == -1)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->top);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void
load(const struct fixture *f, struct dayset *ds)
{
	assert_int_equal(daycache_load(ds, f->data, f->cache), 0);
}

static void
no_log_directory(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;
	char		 data[128];

	snprintf(data, sizeof(data), "%s/none", f->top);
	assert_int_equal(daycache_load(&ds, data, f->cache), 0);
	assert_int_equal(ds.n, 0);
	daycache_free(&ds);
}

static void
reads_only_what_changed(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;

	put(f, "2026-10.log", "2026-10-30T07:00:00+01:00 bridge 2x10\n", "w");
	put(f, "2026-11.log", "2026-11-01T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-01T08:00:00+01:00 clamshell 2x10/side\n"
	    "2026-11-02T07:00:00+01:00 skip\n", "w");

	load(f, &ds);		/* no cache yet: both files read */
	assert_false(ds.stats.hit);
	assert_int_equal(ds.stats.parsed, 2);
	assert_true(ds.stats.written);
	assert_int_equal(ds.n, 3);
	assert_int_equal(ds.v[1].done, 2);
	assert_int_equal(ds.v[2].skip, 1);
	daycache_free(&ds);

	load(f, &ds);		/* just written: the records are racy */
	assert_true(ds.stats.hit);
	assert_int_equal(ds.stats.parsed, 2);
	daycache_free(&ds);

	age_files(f);
	load(f, &ds);		/* the fast path: nothing read */
	assert_true(ds.stats.hit);
	assert_int_equal(ds.stats.parsed, 0);
	assert_false(ds.stats.written);
	assert_int_equal(ds.n, 3);
	daycache_free(&ds);

	/* An append in place to one file: only that file is read. */
	put(f, "2026-10.log", "2026-10-31T07:00:00+01:00 bridge 2x10\n", "a");
	load(f, &ds);
	assert_int_equal(ds.stats.parsed, 1);
	assert_true(ds.stats.written);
	assert_int_equal(ds.n, 4);
	daycache_free(&ds);
	age_files(f);

	/* A file removed: nothing to read, but the cache is rewritten. */
	put(f, "2026-12.log", "", "w");
	age_files(f);
	load(f, &ds);
	assert_int_equal(ds.stats.parsed, 1);
	daycache_free(&ds);
	age_files(f);
	load(f, &ds);
	assert_int_equal(ds.stats.parsed, 0);
	daycache_free(&ds);
	{
		char	 path[256];

		snprintf(path, sizeof(path), "%s/log/2026-10.log", f->data);
		assert_int_equal(unlink(path), 0);
	}
	load(f, &ds);
	assert_int_equal(ds.stats.parsed, 0);
	assert_true(ds.stats.written);
	assert_int_equal(ds.n, 2);
	daycache_free(&ds);
}

static void
same_size_same_mtime_edit(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;
	struct stat	 st;
	struct timespec	 ts[2];
	char		 path[512];

	put(f, "2026-11.log", "2026-11-01T07:00:00+01:00 bridge 2x10\n", "w");
	load(f, &ds);
	daycache_free(&ds);
	age_files(f);
	/* Rewrite it in place, same size, and put the old mtime back. */
	snprintf(path, sizeof(path), "%s/log/2026-11.log", f->data);
	assert_int_equal(stat(path, &st), 0);
	put(f, "2026-11.log", "2026-11-02T07:00:00+01:00 bridge 2x10\n", "r+");
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	load(f, &ds);		/* the ctime still tells */
	assert_int_equal(ds.stats.parsed, 1);
	assert_int_equal(ds.n, 1);
	assert_int_equal(ds.v[0].day, days_from_civil(2026, 11, 2));
	daycache_free(&ds);
}

static void
days_across_files(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;
	int		 round;

	/* A day in two files, and files out of day order. */
	put(f, "a.log", "2026-11-05T07:00:00+01:00 bridge 2x10\n", "w");
	put(f, "b.log", "2026-11-01T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-05T09:00:00+01:00 hinge 2x8\n", "w");
	for (round = 0; round < 2; round++) {
		load(f, &ds);
		assert_int_equal(ds.stats.parsed, round == 0 ? 2 : 0);
		assert_int_equal(ds.n, 2);
		assert_int_equal(ds.v[0].day, days_from_civil(2026, 11, 1));
		assert_int_equal(ds.v[1].day, days_from_civil(2026, 11, 5));
		assert_int_equal(ds.v[1].done, 2);
		daycache_free(&ds);
		age_files(f);
	}
}

static void
corrupt_cache_is_rebuilt(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;
	char		 path[512];
	DIR		*dp;
	struct dirent	*d;
	int		 fd;

	put(f, "2026-11.log", "2026-11-01T07:00:00+01:00 bridge 2x10\n", "w");
	load(f, &ds);
	daycache_free(&ds);
	age_files(f);
	assert_non_null(dp = opendir(f->cache));
	while ((d = readdir(dp)) != NULL)
		if (d->d_name[0] != '.')
			snprintf(path, sizeof(path), "%s/%s", f->cache,
			    d->d_name);
	closedir(dp);
	/* One flipped byte in the last day. */
	assert_true((fd = open(path, O_WRONLY)) != -1);
	assert_int_equal(lseek(fd, -8, SEEK_END) > 0, 1);
	assert_int_equal(write(fd, "\377", 1), 1);
	close(fd);
	age_files(f);
	load(f, &ds);
	assert_false(ds.stats.hit);
	assert_int_equal(ds.stats.parsed, 1);
	assert_int_equal(ds.n, 1);
	assert_int_equal(ds.v[0].day, days_from_civil(2026, 11, 1));
	daycache_free(&ds);
	/* No cache directory at all: still the right days. */
	assert_int_equal(daycache_load(&ds, f->data, NULL), 0);
	assert_int_equal(ds.n, 1);
	assert_false(ds.stats.written);
	daycache_free(&ds);
}

/*
 * As the prompt loads: map, a fixed window for the unit tests (since is
 * given, no streak rules), verify, else collect.
 */
static void
load_since(const struct fixture *f, struct dayset *ds, int64_t since)
{
	int	 rc;

	assert_true((rc = daycache_map(ds, f->data, f->cache)) != -1);
	if (rc == 1 && daycache_verify(ds, since))
		return;
	assert_int_equal(daycache_collect(ds), 0);
}

static void
logpath(const struct fixture *f, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/log/%s", f->data, name);
}

/* Two years of month files, one entry each, and a file of another name. */
static void
two_years(const struct fixture *f)
{
	char	 name[32], line[64];
	int	 y, m;

	for (y = 2025; y <= 2026; y++)
		for (m = 1; m <= 12; m++) {
			if (y == 2026 && m == 12)
				break;
			snprintf(name, sizeof(name), "%04d-%02d.log", y, m);
			snprintf(line, sizeof(line), "%04d-%02d-20T07:00:00"
			    "+01:00 bridge 2x10\n", y, m);
			put(f, name, line, "w");
		}
	put(f, "other.log", "2024-06-01T07:00:00+01:00 bridge 2x10\n", "w");
}

static void
window_stats_only_recent_files(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;
	int64_t		 since = days_from_civil(2026, 11, 15);

	two_years(f);
	load_since(f, &ds, since);	/* no cache: the full path */
	assert_false(ds.stats.window);
	assert_true(ds.stats.written);
	assert_int_equal(ds.stats.files, 24);
	daycache_free(&ds);
	age_files(f);

	/* 2026-11.log and other.log: the window begins on 2026-11-08. */
	load_since(f, &ds, since);
	assert_true(ds.stats.window);
	assert_int_equal(ds.stats.checked, 2);
	assert_int_equal(ds.stats.parsed, 0);
	assert_false(ds.stats.written);
	assert_int_equal(ds.n, 24);
	daycache_free(&ds);

	/* Seven days of margin reach into October. */
	load_since(f, &ds, days_from_civil(2026, 11, 5));
	assert_true(ds.stats.window);
	assert_int_equal(ds.stats.checked, 3);
	daycache_free(&ds);

	/* Any day may count: every file. */
	load_since(f, &ds, INT64_MIN);
	assert_true(ds.stats.window);
	assert_int_equal(ds.stats.checked, 24);
	daycache_free(&ds);

	/* No callback: the whole listing, as before. */
	load(f, &ds);
	assert_false(ds.stats.window);
	assert_int_equal(ds.stats.checked, 0);
	assert_int_equal(ds.stats.parsed, 0);
	assert_int_equal(ds.n, 24);
	daycache_free(&ds);
}

static void
window_checks_misplaced_days(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;
	int64_t		 since = days_from_civil(2026, 11, 15);

	two_years(f);
	/* An entry of November in the file of March 2025. */
	put(f, "2025-03.log", "2026-11-21T07:00:00+01:00 bridge 2x10\n", "a");
	load_since(f, &ds, since);
	daycache_free(&ds);
	age_files(f);
	load_since(f, &ds, since);
	assert_true(ds.stats.window);
	assert_int_equal(ds.stats.checked, 3);
	daycache_free(&ds);
	/* So an edit there is seen. */
	put(f, "2025-03.log", "2026-11-22T07:00:00+01:00 bridge 2x10\n", "a");
	load_since(f, &ds, since);
	assert_false(ds.stats.window);
	assert_int_equal(ds.stats.parsed, 1);
	assert_true(ds.stats.written);
	assert_int_equal(ds.n, 26);
	daycache_free(&ds);
}

static void
window_follows_the_directory(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;
	int64_t		 since = days_from_civil(2026, 11, 15);
	char		 path[256], path2[256];
	size_t		 n;

	two_years(f);
	load_since(f, &ds, since);
	n = ds.n;
	daycache_free(&ds);
	age_files(f);

	/* An in-place edit of a file in the window. */
	put(f, "2026-11.log", "2026-11-21T07:00:00+01:00 bridge 2x10\n", "a");
	load_since(f, &ds, since);
	assert_false(ds.stats.window);
	assert_int_equal(ds.stats.parsed, 1);
	assert_int_equal(ds.n, n + 1);
	daycache_free(&ds);
	age_files(f);

	/*
	 * An in-place edit of an older file is not seen by the window path
	 * (the documented limit), but is by a full load.
	 */
	put(f, "2025-02.log", "2026-11-22T07:00:00+01:00 bridge 2x10\n", "a");
	load_since(f, &ds, since);
	assert_true(ds.stats.window);
	assert_int_equal(ds.n, n + 1);
	daycache_free(&ds);
	load(f, &ds);
	assert_int_equal(ds.stats.parsed, 1);
	assert_int_equal(ds.n, n + 2);
	daycache_free(&ds);
	age_files(f);

	/* A file created and removed: no name changed, but the directory. */
	logpath(f, "tmp.swp", path, sizeof(path));
	put(f, "tmp.swp", "", "w");
	assert_int_equal(unlink(path), 0);
	load_since(f, &ds, since);
	assert_false(ds.stats.window);
	assert_int_equal(ds.stats.parsed, 0);
	assert_true(ds.stats.written);	/* to record the directory again */
	daycache_free(&ds);
	age_files(f);
	load_since(f, &ds, since);
	assert_true(ds.stats.window);
	daycache_free(&ds);

	/* A new file of an old month; a file removed; one replaced. */
	put(f, "2024-01.log", "2026-11-23T07:00:00+01:00 bridge 2x10\n", "w");
	load_since(f, &ds, since);
	assert_false(ds.stats.window);
	assert_int_equal(ds.n, n + 3);
	daycache_free(&ds);
	age_files(f);
	logpath(f, "2024-01.log", path, sizeof(path));
	assert_int_equal(unlink(path), 0);
	load_since(f, &ds, since);
	assert_false(ds.stats.window);
	assert_int_equal(ds.n, n + 2);
	daycache_free(&ds);
	age_files(f);
	put(f, "new", "2026-11-24T07:00:00+01:00 bridge 2x10\n", "w");
	logpath(f, "new", path, sizeof(path));
	logpath(f, "2025-01.log", path2, sizeof(path2));
	assert_int_equal(rename(path, path2), 0);
	load_since(f, &ds, since);
	assert_false(ds.stats.window);
	assert_int_equal(ds.n, n + 2);
	assert_int_equal(ds.v[ds.n - 1].day, days_from_civil(2026, 11, 24));
	daycache_free(&ds);
}

static void
window_racy_directory(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;
	int64_t		 since = days_from_civil(2026, 11, 15);

	two_years(f);
	load_since(f, &ds, since);
	daycache_free(&ds);
	age_files(f);
	load_since(f, &ds, since);
	assert_true(ds.stats.window);
	daycache_free(&ds);
	put(f, "x.swp", "", "w");
	load_since(f, &ds, since);	/* the directory changed */
	assert_false(ds.stats.window);
	assert_true(ds.stats.written);
	daycache_free(&ds);
	/*
	 * The cache was just written, within two seconds of the change:
	 * a name may have changed in the same clock tick as the listing,
	 * so the full path again, and the cache rewritten so that it ages.
	 * (tests/cli/streak.sh waits for the files to age, to see the
	 * directory's own rule at work.)
	 */
	load_since(f, &ds, since);
	assert_false(ds.stats.window);
	assert_true(ds.stats.written);
	daycache_free(&ds);
	age_files(f);
	load_since(f, &ds, since);
	assert_true(ds.stats.window);
	assert_false(ds.stats.written);
	daycache_free(&ds);
}

static void
window_not_with_links(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;
	int64_t		 since = days_from_civil(2026, 11, 15);
	char		 path[256], target[256];

	two_years(f);
	snprintf(target, sizeof(target), "%s/elsewhere.txt", f->top);
	logpath(f, "linked.log", path, sizeof(path));
	assert_int_equal(symlink(target, path), 0);
	{
		FILE	*fp;

		assert_non_null(fp = fopen(target, "w"));
		fputs("2024-01-01T07:00:00+01:00 bridge 2x10\n", fp);
		assert_int_equal(fclose(fp), 0);
	}
	load_since(f, &ds, since);
	daycache_free(&ds);
	age_files(f);
	/*
	 * A link is never followed (it could lead out of the data
	 * directory): its day is not counted, and while it is there the
	 * window path is not taken.
	 */
	load_since(f, &ds, since);
	assert_false(ds.stats.window);
	assert_int_equal(ds.stats.parsed, 0);
	assert_int_equal(ds.stats.files, 24);
	assert_false(ds.stats.written);
	for (size_t i = 0; i < ds.n; i++)
		assert_true(ds.v[i].day != days_from_civil(2024, 1, 1));
	daycache_free(&ds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(no_log_directory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(reads_only_what_changed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(same_size_same_mtime_edit,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(days_across_files, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(corrupt_cache_is_rebuilt,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(window_stats_only_recent_files,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(window_checks_misplaced_days,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(window_follows_the_directory,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(window_racy_directory,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(window_not_with_links,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
