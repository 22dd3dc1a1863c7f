/*
 * Unit tests of whole-file I/O (fileio.h): the atomic replace and what
 * it leaves when it fails, the capped read, mkdir -p and fsync.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fileio.h"

struct fixture {
	char	 top[64];
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));

	snprintf(f->top, sizeof(f->top), "/tmp/hips-fileio.XXXXXX");
	if (mkdtemp(f->top) == NULL)
		return -1;
	umask(022);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 cmd[256];

	snprintf(cmd, sizeof(cmd), "chmod -R u+w '%s'; rm -rf '%s'", f->top,
	    f->top);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* The names in dir, sorted, as "a b c". */
static void
names(const char *dir, char *out, size_t size)
{
	struct dirent	**list;
	int		  n, i;
	size_t		  len = 0;

	out[0] = '\0';
	assert_true((n = scandir(dir, &list, NULL, alphasort)) >= 0);
	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") != 0 &&
		    strcmp(list[i]->d_name, "..") != 0)
			len += (size_t)snprintf(out + len, size - len, "%s%s",
			    len > 0 ? " " : "", list[i]->d_name);
		assert_true(len < size);
		free(list[i]);
	}
	free(list);
}

static void
contents_n(const char *path, const char *want, size_t n)
{
	struct buf	 b = BUF_INIT;

	assert_int_equal(read_file(path, &b), 0);
	assert_int_equal(b.len, n);
	assert_memory_equal(b.s, want, n);
	buf_free(&b);
}

static void
contents(const char *path, const char *want)
{
	struct buf	 b = BUF_INIT;

	assert_int_equal(read_file(path, &b), 0);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.s, want, b.len);
	buf_free(&b);
}

static void
replaces_whole(void **state)
{
	struct fixture	*f = *state;
	struct error	 e = { 0 };
	struct stat	 st;
	char		 path[128], ls[256];

	snprintf(path, sizeof(path), "%s/state", f->top);
	assert_int_equal(fio_replace(path, "one\n", 4, 0644, 0, &e), 0);
	contents(path, "one\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(fio_replace(path, "two\0x", 5, 0600, FIO_SYNC, &e),
	    0);
	contents_n(path, "two\0x", 5);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(fio_replace(path, "", 0, 0600, FIO_SYNC, NULL), 0);
	contents(path, "");
	names(f->top, ls, sizeof(ls));
	assert_string_equal(ls, "state");
	/* A bare name is in the working directory. */
	assert_int_equal(chdir(f->top), 0);
	assert_int_equal(fio_replace("bare", "b", 1, 0600, FIO_SYNC, &e), 0);
	contents("bare", "b");
	assert_int_equal(chdir("/"), 0);
}

static void
missing_directory(void **state)
{
	struct fixture	*f = *state;
	struct error	 e = { 0 };
	struct stat	 st;
	char		 path[128], want[256], dir[128];

	snprintf(path, sizeof(path), "%s/a/b/state", f->top);
	errno = 0;
	assert_int_equal(fio_replace(path, "x", 1, 0600, FIO_SYNC, &e), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(e.status, 1);
	snprintf(want, sizeof(want), "cannot write %s: %s", path,
	    strerror(ENOENT));
	assert_string_equal(e.msg, want);
	snprintf(dir, sizeof(dir), "%s/a", f->top);
	assert_int_equal(stat(dir, &st), -1);
	/* Made when asked, 0700. */
	assert_int_equal(fio_replace(path, "x", 1, 0600, FIO_MKDIRS | FIO_SYNC,
	    &e), 0);
	contents(path, "x");
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
}

/*
 * fio_replace() into a directory without write permission, as a user
 * it applies to (root ignores it: then as nobody, in a child).  Exits
 * with the errno of the failure, 0 when it succeeded, 100 + a step when
 * something else went wrong.
 */
static int
replace_in_read_only(const char *path)
{
	struct error	 e = { 0 };
	pid_t		 pid;
	int		 status;

	if (geteuid() != 0) {
		if (fio_replace(path, "new", 3, 0600, FIO_SYNC, &e) == 0)
			return 0;
		return errno;
	}
	if ((pid = fork()) == -1)
		return 101;
	if (pid == 0) {
		if (setgid(65534) == -1 || setuid(65534) == -1)
			_exit(102);
		if (fio_replace(path, "new", 3, 0600, FIO_SYNC, &e) == 0)
			_exit(0);
		_exit(strstr(e.msg, path) != NULL ? errno : 103);
	}
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status))
		return 104;
	return WEXITSTATUS(status);
}

static void
read_only_directory(void **state)
{
	struct fixture	*f = *state;
	char		 dir[128], path[160], ls[256];

	snprintf(dir, sizeof(dir), "%s/ro", f->top);
	snprintf(path, sizeof(path), "%s/state", dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(fio_replace(path, "old", 3, 0644, 0, NULL), 0);
	assert_int_equal(chmod(dir, 0555), 0);
	assert_int_equal(chmod(f->top, 0755), 0);
	assert_int_equal(replace_in_read_only(path), EACCES);
	contents(path, "old");
	names(dir, ls, sizeof(ls));
	assert_string_equal(ls, "state");
}

static void
rename_fails(void **state)
{
	struct fixture	*f = *state;
	struct error	 e = { 0 };
	char		 path[128], inner[160], ls[256];

	/* A directory that is not empty cannot be replaced by a file. */
	snprintf(path, sizeof(path), "%s/d", f->top);
	snprintf(inner, sizeof(inner), "%s/d/x", f->top);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(fio_replace(inner, "x", 1, 0600, 0, NULL), 0);
	errno = 0;
	assert_int_equal(fio_replace(path, "new", 3, 0600, FIO_SYNC, &e), -1);
	assert_true(errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST);
	assert_non_null(strstr(e.msg, path));
	names(f->top, ls, sizeof(ls));
	assert_string_equal(ls, "d");
	names(path, ls, sizeof(ls));
	assert_string_equal(ls, "x");
}

static void
write_fails(void **state)
{
	struct fixture	*f = *state;
	struct error	 e = { 0 };
	struct rlimit	 old, small;
	char		 path[128], ls[256], big[8192];

	snprintf(path, sizeof(path), "%s/state", f->top);
	assert_int_equal(fio_replace(path, "old", 3, 0600, 0, NULL), 0);
	/* Files larger than 4 KiB cannot be written: EFBIG. */
	memset(big, 'x', sizeof(big));
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	errno = 0;
	assert_int_equal(fio_replace(path, big, sizeof(big), 0600, FIO_SYNC,
	    &e), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_non_null(strstr(e.msg, ".state."));
	assert_non_null(strstr(e.msg, ".hips-tmp: "));
	contents(path, "old");
	names(f->top, ls, sizeof(ls));
	assert_string_equal(ls, "state");
}

static void
reads_within_the_cap(void **state)
{
	struct fixture	*f = *state;
	struct error	 e = { 0 };
	struct buf	 b = BUF_INIT;
	struct stat	 st;
	char		 path[128], want[256];
	int		 fd;

	snprintf(path, sizeof(path), "%s/f", f->top);
	buf_puts(&b, "stale");
	assert_int_equal(fio_read(AT_FDCWD, path, 0, 5, &b, NULL, &e), 1);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(e.msg[0], '\0');
	assert_int_equal(fio_replace(path, "12345", 5, 0600, 0, NULL), 0);
	assert_int_equal(fio_read(AT_FDCWD, path, O_NOFOLLOW, 5, &b, &st, &e),
	    0);
	assert_string_equal(b.s, "12345");
	assert_int_equal(st.st_size, 5);
	errno = 0;
	assert_int_equal(fio_read(AT_FDCWD, path, 0, 4, &b, NULL, &e), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(b.len, 0);
	snprintf(want, sizeof(want), "%s: larger than 4 bytes: not read",
	    path);
	assert_string_equal(e.msg, want);
	/* Relative to a directory. */
	assert_true((fd = open(f->top, O_RDONLY | O_DIRECTORY)) != -1);
	assert_int_equal(fio_read(fd, "f", 0, 5, &b, NULL, NULL), 0);
	assert_string_equal(b.s, "12345");
	/* Appended past what b holds, capped on its own. */
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	close(fd);
	assert_true((fd = open(path, O_RDONLY)) != -1);
	assert_int_equal(fio_read_fd(fd, 5, 0, &b), 0);
	assert_string_equal(b.s, "1234512345");
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	errno = 0;
	assert_int_equal(fio_read_fd(fd, 3, 5, &b), -1);
	assert_int_equal(errno, EFBIG);
	close(fd);
	buf_free(&b);
}

static void
refuses_what_is_not_a_file(void **state)
{
	struct fixture	*f = *state;
	struct error	 e = { 0 };
	struct buf	 b = BUF_INIT;
	char		 path[128], link[128];

	snprintf(path, sizeof(path), "%s/fifo", f->top);
	assert_int_equal(mkfifo(path, 0600), 0);
	/* Never waits for a writer. */
	errno = 0;
	assert_int_equal(fio_read(AT_FDCWD, path, 0, 100, &b, NULL, &e), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(e.msg, "not a regular file"));
	assert_int_equal(fio_read(AT_FDCWD, f->top, 0, 100, &b, NULL, &e), -1);
	assert_int_equal(errno, EINVAL);
	snprintf(path, sizeof(path), "%s/target", f->top);
	snprintf(link, sizeof(link), "%s/link", f->top);
	assert_int_equal(fio_replace(path, "t", 1, 0600, 0, NULL), 0);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(fio_read(AT_FDCWD, link, 0, 100, &b, NULL, &e), 0);
	assert_string_equal(b.s, "t");
	errno = 0;
	assert_int_equal(fio_read(AT_FDCWD, link, O_NOFOLLOW, 100, &b, NULL,
	    &e), -1);
	assert_int_equal(errno, ELOOP);
	buf_free(&b);
}

static void
makes_directories(void **state)
{
	struct fixture	*f = *state;
	struct stat	 st;
	char		 path[128];

	snprintf(path, sizeof(path), "%s/a//b/c", f->top);
	assert_int_equal(mkdir_p(path, 0700), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	/* There already: fine. */
	assert_int_equal(mkdir_p(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/file", f->top);
	assert_int_equal(fio_replace(path, "", 0, 0600, 0, NULL), 0);
	snprintf(path, sizeof(path), "%s/file/x", f->top);
	errno = 0;
	assert_int_equal(mkdir_p(path, 0700), -1);
	assert_int_equal(errno, ENOTDIR);
}

static void
syncs(void **state)
{
	struct fixture	*f = *state;
	char		 path[128];

	snprintf(path, sizeof(path), "%s/f", f->top);
	assert_int_equal(fio_fsync(path), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(fio_replace(path, "x", 1, 0600, 0, NULL), 0);
	assert_int_equal(fio_fsync(path), 0);
	assert_int_equal(fio_fsync(f->top), 0);
	assert_int_equal(fio_fsync_dir(path), 0);
	assert_int_equal(fio_fsync_dir("bare"), 0);
	assert_int_equal(fio_fsync_dir("/etc"), 0);
	snprintf(path, sizeof(path), "%s/none/f", f->top);
	assert_int_equal(fio_fsync_dir(path), -1);
	assert_int_equal(errno, ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(replaces_whole, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(missing_directory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(read_only_directory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(rename_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(write_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(reads_within_the_cap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(refuses_what_is_not_a_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(makes_directories, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(syncs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
