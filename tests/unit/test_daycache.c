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
	assert_int_equal(daycache_load(ds, f->data, f->cache, NULL, NULL), 0);
}

static void
no_log_directory(void **state)
{
	struct fixture	*f = *state;
	struct dayset	 ds;
	char		 data[128];

	snprintf(data, sizeof(data), "%s/none", f->top);
	assert_int_equal(daycache_load(&ds, data, f->cache, NULL, NULL), 0);
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
	assert_int_equal(daycache_load(&ds, f->data, NULL, NULL, NULL), 0);
	assert_int_equal(ds.n, 1);
	assert_false(ds.stats.written);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
