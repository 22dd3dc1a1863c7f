/*
 * Unit tests of the one way hips opens files (safefile.h), and of the
 * cutting of long quoted subjects in messages (error.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "hips.h"
#include "safefile.h"

struct fixture {
	char	 top[64];
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));

	snprintf(f->top, sizeof(f->top), "/tmp/hips-safefile.XXXXXX");
	if (mkdtemp(f->top) == NULL)
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
put(const char *path, const char *text, size_t len)
{
	FILE	*fp;

	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void
reads_regular_files_within_the_cap(void **state)
{
	struct fixture	*f = *state;
	struct buf	 b = BUF_INIT;
	char		 path[128];

	snprintf(path, sizeof(path), "%s/a", f->top);
	assert_int_equal(sf_read(AT_FDCWD, path, "a", 0, 5, &b), 1);
	assert_int_equal(b.len, 0);
	put(path, "12345", 5);
	assert_int_equal(sf_read(AT_FDCWD, path, "a", SF_NOFOLLOW, 5, &b), 0);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.s, "12345");
	put(path, "123456", 6);
	error_clear();
	assert_int_equal(sf_read(AT_FDCWD, path, "a", 0, 5, &b), -1);
	assert_string_equal(error_msg(), "a: larger than 5 bytes: not read");
	put(path, "", 0);
	assert_int_equal(sf_read(AT_FDCWD, path, "a", 0, 5, &b), 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

static void
refuses_special_files_and_links(void **state)
{
	struct fixture	*f = *state;
	struct buf	 b = BUF_INIT;
	char		 path[128], target[128];

	snprintf(path, sizeof(path), "%s/fifo", f->top);
	assert_int_equal(mkfifo(path, 0600), 0);
	/* Never waits for a writer. */
	assert_int_equal(sf_read(AT_FDCWD, path, "fifo", 0, 100, &b), -1);
	assert_string_equal(error_msg(), "fifo: is a FIFO, not a regular file");
	/* Nor for a reader, when opened to append. */
	{
		struct stat	 st;

		assert_int_equal(sf_open(AT_FDCWD, path, "fifo", O_WRONLY |
		    O_APPEND | O_CREAT, SF_NOFOLLOW, 100, &st), -1);
		assert_string_equal(error_msg(),
		    "fifo: is a FIFO, not a regular file");
	}
	snprintf(path, sizeof(path), "%s/zero", f->top);
	assert_int_equal(symlink("/dev/zero", path), 0);
	assert_int_equal(sf_read(AT_FDCWD, path, "zero", 0, 100, &b), -1);
	assert_string_equal(error_msg(),
	    "zero: is a character device, not a regular file");
	snprintf(target, sizeof(target), "%s/target", f->top);
	put(target, "x\n", 2);
	snprintf(path, sizeof(path), "%s/link", f->top);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(sf_read(AT_FDCWD, path, "link", SF_NOFOLLOW, 100,
	    &b), -1);
	assert_string_equal(error_msg(),
	    "link: is a symbolic link, not a regular file");
	/* INI files may be links. */
	assert_int_equal(sf_read(AT_FDCWD, path, "link", 0, 100, &b), 0);
	assert_string_equal(b.s, "x\n");
	assert_int_equal(sf_read(AT_FDCWD, f->top, "dir", 0, 100, &b), -1);
	assert_string_equal(error_msg(),
	    "dir: is a directory, not a regular file");
	buf_free(&b);
}

static void
log_directory(void **state)
{
	struct fixture	*f = *state;
	struct buf	 b = BUF_INIT, msg = BUF_INIT;
	struct stat	 st;
	char		 data[96], path[256], target[128];
	int		 fd;

	snprintf(data, sizeof(data), "%s/data", f->top);
	assert_int_equal(sf_logdir(data, &fd), 1);
	assert_int_equal(fd, -1);
	assert_int_equal(sf_data_read(data, "log/2026-11.log", &b), 1);
	/* The first write makes log/, mode 0700. */
	fd = sf_data_open(data, "log/2026-11.log", O_WRONLY | O_APPEND |
	    O_CREAT, &st);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x\n", 2), 2);
	assert_int_equal(close(fd), 0);
	snprintf(path, sizeof(path), "%s/log", data);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(sf_data_read(data, "log/2026-11.log", &b), 0);
	assert_string_equal(b.s, "x\n");
	/* Only files of log/ itself. */
	assert_int_equal(sf_data_read(data, "log/../x.log", &b), -1);
	assert_int_equal(sf_data_read(data, ".git/config", &b), -1);
	/* log/ as a link is refused, whatever it points to. */
	snprintf(target, sizeof(target), "%s/elsewhere", f->top);
	assert_int_equal(rename(path, target), 0);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(sf_logdir(data, &fd), -1);
	buf_printf(&msg, "%s: is a symbolic link, not a directory", path);
	assert_string_equal(error_msg(), buf_str(&msg));
	assert_int_equal(sf_data_read(data, "log/2026-11.log", &b), -1);
	assert_string_equal(error_msg(), buf_str(&msg));
	assert_int_equal(sf_data_open(data, "log/2026-12.log", O_WRONLY |
	    O_APPEND | O_CREAT, &st), -1);
	assert_true((fd = open(target, O_RDONLY | O_DIRECTORY)) >= 0);
	assert_int_equal(faccessat(fd, "2026-12.log", F_OK, 0), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(close(fd), 0);
	/* The data directory as a file. */
	snprintf(path, sizeof(path), "%s/file", f->top);
	put(path, "", 0);
	assert_int_equal(sf_logdir(path, &fd), -1);
	buf_reset(&msg);
	buf_printf(&msg, "%s: the data directory is not a directory", path);
	assert_string_equal(error_msg(), buf_str(&msg));
	buf_free(&msg);
	buf_free(&b);
}

static void
long_subjects_are_cut(void **state)
{
	char	 big[300], want[400];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	error_set(EXIT_USAGE, "unknown command '%s' (see 'hips help')", big);
	snprintf(want, sizeof(want), "unknown command '%.100s...' (see "
	    "'hips help')", big);
	assert_string_equal(error_msg(), want);
	/* 100 bytes are shown whole. */
	big[100] = '\0';
	error_set(EXIT_USAGE, "bad date '%s'", big);
	snprintf(want, sizeof(want), "bad date '%s'", big);
	assert_string_equal(error_msg(), want);
	/* Never in the middle of a UTF-8 character. */
	memset(big, 'a', 99);
	memcpy(big + 99, "\xc3\xa9\xc3\xa9", 5);
	error_set(EXIT_USAGE, "'%s'", big);
	snprintf(want, sizeof(want), "'%.99s...'", big);
	assert_string_equal(error_msg(), want);
	/* An apostrophe is not a quote. */
	memset(big, 'b', 200);
	big[200] = '\0';
	error_set(EXIT_FAIL, "cannot read the remote's commit: %s", big);
	snprintf(want, sizeof(want), "cannot read the remote's commit: %.150s",
	    big);
	assert_int_equal(strncmp(error_msg(), want, 150), 0);
	assert_int_equal(strlen(error_msg()), strlen(want) + 50);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    reads_regular_files_within_the_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    refuses_special_files_and_links, setup, teardown),
		cmocka_unit_test_setup_teardown(log_directory, setup,
		    teardown),
		cmocka_unit_test(long_subjects_are_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
