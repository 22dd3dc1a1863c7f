/* git's credential helpers, through `git credential`: see credhelper.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "credhelper.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode n bytes of s; false if it does not fit or has LF/NUL. */
static bool
decode(const char *s, size_t n, char *out, size_t size)
{
	size_t	 i, o = 0;
	int	 hi, lo;
	char	 c;

	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '%' && i + 2 < n &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\n' || c == '\0' || o + 1 >= size)
			return false;
		out[o++] = c;
	}
	out[o] = '\0';
	return true;
}

static bool
put(char *out, size_t size, const char *s, size_t n)
{
	if (n >= size || memchr(s, '\n', n) != NULL)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

bool
cred_from_url(const char *url, struct cred *c)
{
	const char	*p, *slash, *at, *colon, *host;

	memset(c, 0, sizeof(*c));
	if (strncmp(url, "https://", 8) == 0)
		snprintf(c->protocol, sizeof(c->protocol), "https");
	else if (strncmp(url, "http://", 7) == 0)
		snprintf(c->protocol, sizeof(c->protocol), "http");
	else
		return false;
	p = strstr(url, "://") + 3;
	if ((slash = strchr(p, '/')) == NULL)
		slash = p + strlen(p);
	host = p;
	at = memrchr(p, '@', (size_t)(slash - p));
	if (at != NULL) {
		host = at + 1;
		colon = memchr(p, ':', (size_t)(at - p));
		if (!decode(p, (size_t)((colon ? colon : at) - p),
		    c->username, sizeof(c->username)) ||
		    (colon != NULL && !decode(colon + 1,
		    (size_t)(at - colon - 1), c->password,
		    sizeof(c->password)))) {
			cred_wipe(c);
			return false;
		}
	}
	if (!put(c->host, sizeof(c->host), host, (size_t)(slash - host)) ||
	    c->host[0] == '\0' || !put(c->path, sizeof(c->path),
	    slash[0] == '/' ? slash + 1 : slash, strlen(slash[0] == '/' ?
	    slash + 1 : slash))) {
		cred_wipe(c);
		return false;
	}
	return true;
}

bool
url_without_password(const char *url, char *out, size_t size, bool *had)
{
	const char	*p, *slash, *at, *colon;
	int		 n;

	*had = false;
	n = snprintf(out, size, "%s", url);
	if (n < 0 || (size_t)n >= size)
		return false;
	if ((p = strstr(url, "://")) == NULL)
		return true;
	p += 3;
	if ((slash = strchr(p, '/')) == NULL)
		slash = p + strlen(p);
	if ((at = memrchr(p, '@', (size_t)(slash - p))) == NULL ||
	    (colon = memchr(p, ':', (size_t)(at - p))) == NULL)
		return true;
	*had = true;
	snprintf(out, size, "%.*s%s", (int)(colon - url), url, at);
	return true;
}

void
cred_wipe(struct cred *c)
{
	explicit_bzero(c->password, sizeof(c->password));
}

/*
 * git in dir, its repository's config included, with ARGS (at most 6)
 * and input on its stdin (it fits in the pipe: written before git
 * starts, so no SIGPIPE); its stdout in out, stderr discarded.  Its
 * repository is dir's (--git-dir beats a GIT_DIR in the environment).
 * Returns git's exit status, or -1.
 */
static int
run_git(const char *dir, const char *const args[], const char *input,
    char *out, size_t size)
{
	int		 in[2] = { -1, -1 }, fromgit[2] = { -1, -1 }, st, fd;
	char		 sink[512], *dst, gitdir[4200];
	const char	*argv[10];
	size_t		 i, got = 0;
	ssize_t		 r;
	pid_t		 pid;

	i = 0;
	argv[i++] = "git";
	argv[i++] = "-C";
	argv[i++] = dir;
	if (snprintf(gitdir, sizeof(gitdir), "--git-dir=%s/.git", dir) <
	    (int)sizeof(gitdir) && access(gitdir + 10, F_OK) == 0)
		argv[i++] = gitdir;
	for (; *args != NULL && i < 9; args++)
		argv[i++] = *args;
	argv[i] = NULL;
	if (pipe2(in, O_CLOEXEC) == -1 || pipe2(fromgit, O_CLOEXEC) == -1)
		goto fail;
	if (input != NULL && write(in[1], input, strlen(input)) !=
	    (ssize_t)strlen(input))
		goto fail;
	close(in[1]);
	in[1] = -1;
	fflush(NULL);
	if ((pid = fork()) == -1)
		goto fail;
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (dup2(in[0], 0) == -1 || dup2(fromgit[1], 1) == -1 ||
		    fd == -1 || dup2(fd, 2) == -1)
			_exit(127);
		execvp("git", (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(fromgit[1]);
	in[0] = fromgit[1] = -1;
	for (;;) {
		/* Past size, read on to the end and drop it. */
		dst = got + 1 < size ? out + got : sink;
		r = read(fromgit[0], dst, dst == sink ? sizeof(sink) :
		    size - got - 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (dst != sink)
			got += (size_t)r;
	}
	out[got] = '\0';
	close(fromgit[0]);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
fail:
	for (i = 0; i < 2; i++) {
		if (in[i] != -1)
			close(in[i]);
		if (fromgit[i] != -1)
			close(fromgit[i]);
	}
	return -1;
}

/* The value of "key=value" among the lines of text, into out. */
static bool
field(const char *text, const char *key, char *out, size_t size)
{
	const char	*p = text, *eol;
	size_t		 k = strlen(key);

	for (; *p != '\0'; p = *eol ? eol + 1 : eol) {
		eol = strchrnul(p, '\n');
		if (strncmp(p, key, k) == 0 && p[k] == '=')
			return put(out, size, p + k + 1,
			    (size_t)(eol - p - k - 1));
	}
	return false;
}

int
cred_git(const char *dir, const char *action, struct cred *c)
{
	char		 in[2048], out[2048];
	const char	*args[] = { "credential", action, NULL };
	int		 n, rc;
	bool		 fill = strcmp(action, "fill") == 0;

	n = snprintf(in, sizeof(in), "protocol=%s\nhost=%s\npath=%s\n%s%s%s"
	    "%s%s%s\n", c->protocol, c->host, c->path,
	    c->username[0] ? "username=" : "", c->username,
	    c->username[0] ? "\n" : "",
	    !fill && c->password[0] ? "password=" : "",
	    fill ? "" : c->password, !fill && c->password[0] ? "\n" : "");
	if (n < 0 || (size_t)n >= sizeof(in)) {
		explicit_bzero(in, sizeof(in));
		return -1;
	}
	rc = run_git(dir, args, in, out, sizeof(out));
	explicit_bzero(in, sizeof(in));
	if (rc == 0 && fill && (!field(out, "username", c->username,
	    sizeof(c->username)) || !field(out, "password", c->password,
	    sizeof(c->password)) || c->password[0] == '\0'))
		rc = -1;
	explicit_bzero(out, sizeof(out));
	return rc == 0 ? 0 : -1;
}

bool
cred_have_helper(const char *dir, const char *url)
{
	char		 out[1024];
	const char	*args[] = { "config", "--get-urlmatch",
	    "credential.helper", url, NULL };

	return run_git(dir, args, NULL, out, sizeof(out)) == 0 &&
	    out[strspn(out, " \t\n")] != '\0';
}
