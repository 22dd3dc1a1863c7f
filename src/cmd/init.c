/* hips init: create the data repository, and give it a remote. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "credhelper.h"
#include "write.h"

/*
 * A password in the remote URL goes to git's credential helper, never
 * into .git/config: url loses it, c keeps it (*pw set) for approve.
 * Without a helper to keep it, or for ssh (keys, not passwords), init
 * refuses.
 */
static int
init_password(struct hips *h, struct buf *url, struct cred *c, bool *pw)
{
	struct buf	 dir = BUF_INIT, git = BUF_INIT;
	char		 bare[4096];
	bool		 had;
	int		 rc = -1;

	*pw = false;
	if (!url_without_password(buf_str(url), bare, sizeof(bare), &had))
		return error_set(EXIT_USAGE, "init: remote URL too long");
	if (!had)
		return 0;
	if (!cred_from_url(buf_str(url), c))
		return error_set(EXIT_USAGE, "init: hips keeps no password "
		    "in the remote URL: leave it out (over ssh, hips uses "
		    "your keys: ssh-agent or ~/.ssh/id_ed25519)");
	/* git reads the data repository's config too, once there is one. */
	if (hips_datadir(h) == -1)
		goto out;
	buf_puts(&dir, h->datadir);
	buf_printf(&git, "%s/.git", buf_str(&dir));
	if (access(buf_str(&git), F_OK) != 0)
		buf_reset(&dir);
	if (buf_str(&dir)[0] == '\0')
		buf_puts(&dir, "/");
	if (!cred_have_helper(buf_str(&dir), bare)) {
		error_set(EXIT_USAGE, "init: hips keeps no password in the "
		    "remote URL, and git has no credential helper to keep it: "
		    "set one up (e.g. 'git config --global credential.helper "
		    "store', or cache, or libsecret) and run this again, or "
		    "leave the password out");
		goto out;
	}
	buf_reset(url);
	buf_puts(url, bare);
	*pw = true;
	rc = 0;
out:
	if (rc == -1)
		cred_wipe(c);
	buf_free(&git);
	buf_free(&dir);
	return rc;
}

int
cmd_init(struct hips *h, const struct cmd_args *a)
{
	const char	*remote = cmd_value(a, 'r');
	struct writer	 w;
	struct buf	 url = BUF_INIT;
	struct cred	 cred;
	char		*cwd;
	bool		 pw = false;
	int		 rc = -1;
	if (remote != NULL && remote[0] == '\0')
		return error_set(EXIT_USAGE, "init: empty remote URL");
	if (remote != NULL) {
		/* A relative path means from here, wherever hips runs later. */
		if ((cwd = getcwd(NULL, 0)) == NULL)
			return error_set(EXIT_FAIL, "cannot find the current "
			    "directory: %s", strerror(errno));
		path_remote_url(remote, cwd, &url);
		free(cwd);
		if (init_password(h, &url, &cred, &pw) == -1) {
			buf_free(&url);
			return -1;
		}
	}
	if (writer_open(h, &w, true) == -1)
		goto out;
	if (remote != NULL && writer_set_remote(&w, buf_str(&url)) == -1)
		goto out;
	if (pw && cred_git(buf_str(&w.dir), "approve", &cred) == -1) {
		error_set(EXIT_FAIL, "git's credential helper did not take the "
		    "password for '%s' (the remote is set without it: run "
		    "'hips sync' at a terminal to give it)", cred.username);
		goto out;
	}
	printf("data repository in %s\n", buf_str(&w.dir));
	if (remote != NULL)
		printf("remote origin: %s\n", buf_str(&url));
	if (pw)
		printf("password for '%s' given to git's credential helper\n",
		    cred.username);
	rc = 0;
out:
	if (pw)
		cred_wipe(&cred);
	writer_close(&w);
	buf_free(&url);
	return rc;
}
