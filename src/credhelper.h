/*
 * Passwords for http(s) remotes the way git keeps them: through git's
 * credential helpers (store, cache, libsecret, ...), by running `git
 * credential fill|approve|reject` (gitcredentials(7)).  hips never
 * writes a password itself.  No libgit2 here: hips init and the plugin
 * both use it.
 */
#ifndef HIPS_CREDHELPER_H
#define HIPS_CREDHELPER_H

#include <stdbool.h>
#include <stddef.h>

struct cred {
	char	 protocol[16];		/* http or https */
	char	 host[256];		/* host[:port] */
	char	 path[1024];		/* without the leading '/' */
	char	 username[256];		/* "" if none */
	char	 password[256];		/* "" if none */
};

/*
 * The parts of an http(s) URL, user and password percent-decoded; false
 * if url is not http(s) or a part does not fit or holds a newline.
 */
bool	 cred_from_url(const char *url, struct cred *);
/*
 * url with any password left out (https://user@host/path): what hips
 * stores and shows.  *had: there was one.  False if it does not fit.
 */
bool	 url_without_password(const char *url, char *out, size_t size,
	    bool *had);
/*
 * Run `git -C dir credential ACTION` (fill, approve or reject) with c.
 * fill asks the helpers (and, as git does, the terminal if there is
 * one) and sets c's username and password: 0 if it gave both.  The
 * others tell the helpers the password worked or did not: 0 if git
 * succeeded.  -1 otherwise; git's own messages are not shown.
 */
int	 cred_git(const char *dir, const char *action, struct cred *c);
/* Git has a credential helper for url (credential.helper, any scope). */
bool	 cred_have_helper(const char *dir, const char *url);
/* Forget the password. */
void	 cred_wipe(struct cred *);

#endif
