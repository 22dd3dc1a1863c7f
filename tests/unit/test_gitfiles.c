/*
 * Git's on-disk knowledge (src/write/gitfiles.c): lock names, the
 * checked path join, a repository with a commit, and the index reader
 * against index data laid out as git writes it (versions 2 and 3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "gitfiles.h"

static void
lock_names(void **state)
{
	size_t	 i;

	(void)state;
	assert_true(gf_is_lock("index.lock"));
	assert_true(gf_is_lock("x.lock"));
	assert_false(gf_is_lock(".lock"));
	assert_false(gf_is_lock("index"));
	assert_false(gf_is_lock("lock"));
	for (i = 0; gf_locks[i] != NULL; i++)
		assert_true(gf_is_lock(gf_locks[i]));
	assert_int_equal(i, 4);
	assert_true(gf_markable_lock("index.lock"));
	assert_true(gf_markable_lock("refs/heads/main.lock"));
	assert_false(gf_markable_lock("refs/heads/../../x.lock"));
	assert_false(gf_markable_lock("HEAD.lock"));
	assert_false(gf_markable_lock("refs/heads/main"));
	assert_false(gf_markable_lock("refs/tags/v.lock"));
}

static void
path_join_checked(void **state)
{
	char	 b[12];

	(void)state;
	assert_int_equal(gf_path(b, sizeof(b), "%s%s", "/a/.git/", "x"), 0);
	assert_string_equal(b, "/a/.git/x");
	/* 11 bytes fit, 12 do not: an error, never a shorter path. */
	assert_int_equal(gf_path(b, sizeof(b), "%s", "/0123456789"), 0);
	assert_int_equal(gf_path(b, sizeof(b), "%s", "/0123456789a"), -1);
	assert_string_equal(b, "");
	assert_int_equal(gf_path(b, sizeof(b), "%s" GF_INDEX_LOCK,
	    "/a/.git/"), -1);
	assert_string_equal(b, "");
}

static void
has_commits(void **state)
{
	char	 dir[64], path[128];
	FILE	*f;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/hips-gitfiles.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/refs", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/refs/heads", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/");
	assert_false(gf_has_commits(dir));
	/* A branch's lock is no branch. */
	snprintf(path, sizeof(path), "%srefs/heads/main.lock", dir);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_false(gf_has_commits(dir));
	unlink(path);
	snprintf(path, sizeof(path), "%srefs/heads/main", dir);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_true(gf_has_commits(dir));
	unlink(path);
	snprintf(path, sizeof(path), "%spacked-refs", dir);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_true(gf_has_commits(dir));
	unlink(path);
	snprintf(path, sizeof(path), "%srefs/heads", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%srefs", dir);
	rmdir(path);
	rmdir(dir);
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* One entry as git lays it out; returns its length with the padding. */
static size_t
entry(unsigned char *p, unsigned version, const char *name, uint32_t mtime,
    uint32_t size, unsigned char idbyte, bool extended)
{
	size_t	 n = strlen(name), len = 62 + (extended ? 2 : 0);
	size_t	 total = (len + n + 8) & ~(size_t)7;

	(void)version;
	memset(p, 0, total);
	put32(p + 8, mtime);
	put32(p + 12, 1000);
	put32(p + 24, 0100644);
	put32(p + 36, size);
	memset(p + 40, idbyte, 20);
	p[60] = (unsigned char)((extended ? 0x40 : 0) | (n >> 8 & 0x0f));
	p[61] = (unsigned char)n;
	memcpy(p + len, name, n);
	return total;
}

static size_t
index_data(unsigned char *b, unsigned version, bool extended)
{
	size_t	 at = 12;

	memcpy(b, "DIRC", 4);
	put32(b + 4, version);
	put32(b + 8, 3);
	at += entry(b + at, version, ".gitattributes", 1, 2, 0xaa, false);
	at += entry(b + at, version, "log/2026-01.log", 7, 42, 0xbb,
	    extended);
	at += entry(b + at, version, "log/2026-02.log", 8, 43, 0xcc, false);
	memset(b + at, 0, 20);		/* the checksum, not checked */
	return at + 20;
}

static void
index_read(void **state)
{
	unsigned char		 b[1024];
	struct gf_ientry	*v;
	size_t			 len;
	unsigned		 version;

	(void)state;
	for (version = 2; version <= 3; version++) {
		len = index_data(b, version, version == 3);
		assert_int_equal(gf_index_parse((char *)b, len, "log/", &v),
		    2);
		assert_string_equal(v[0].path, "log/2026-01.log");
		assert_int_equal(v[0].mtime, 7);
		assert_int_equal(v[0].mtime_ns, 1000);
		assert_int_equal(v[0].size, 42);
		assert_int_equal(v[0].id[19], 0xbb);
		assert_string_equal(v[1].path, "log/2026-02.log");
		assert_int_equal(v[1].id[0], 0xcc);
		free(v);
		assert_int_equal(gf_index_parse((char *)b, len, "", &v), 3);
		free(v);
	}
}

static void
index_refused(void **state)
{
	unsigned char		 b[1024];
	struct gf_ientry	*v;
	size_t			 len, cut;

	(void)state;
	len = index_data(b, 2, false);
	/* Cut anywhere inside the entries: refused, never overread. */
	for (cut = 0; cut < len - 20; cut++)
		assert_int_equal(gf_index_parse((char *)b, cut, "log/", &v),
		    -1);
	put32(b + 4, 4);
	assert_int_equal(gf_index_parse((char *)b, len, "log/", &v), -1);
	memcpy(b, "DIRX", 4);
	assert_int_equal(gf_index_parse((char *)b, len, "log/", &v), -1);
	assert_null(v);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(lock_names),
		cmocka_unit_test(path_join_checked),
		cmocka_unit_test(has_commits),
		cmocka_unit_test(index_read),
		cmocka_unit_test(index_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
