/*
 * Credentials for a sync: URLs redacted for messages, SSH keys and the
 * agent, the credential helper, host keys, and the refusal that says
 * what was tried.
 */
#include "store_int.h"

/* The URL for messages: any password becomes "***". */
void
redact_url(const char *url, char *out, size_t size)
{
	const char	*p, *at, *colon, *slash;

	snprintf(out, size, "%s", url);
	if ((p = strstr(url, "://")) == NULL)
		return;
	p += 3;
	slash = strchr(p, '/');
	at = strchr(p, '@');
	if (at == NULL || (slash != NULL && at > slash))
		return;
	colon = memchr(p, ':', (size_t)(at - p));
	if (colon == NULL)
		return;
	snprintf(out, size, "%.*s:***%s", (int)(colon - url), url, at);
}

static const char *
login_name(void)
{
	struct passwd	*pw;
	const char	*u = getenv("USER");

	if (u != NULL && u[0] != '\0')
		return u;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_name != NULL)
		return pw->pw_name;
	return "git";
}

/* $HOME, where libgit2 looks for ~/.ssh/known_hosts too. */
static const char *
home_dir(void)
{
	struct passwd	*pw;
	const char	*h = getenv("HOME");

	if (h != NULL && h[0] != '\0')
		return h;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL)
		return pw->pw_dir;
	return NULL;
}

/* ~/.ssh/NAME, spelt with "~" for messages when show is set. */
static bool
key_path(const char *name, bool show, char *out, size_t size)
{
	const char	*home = show ? "~" : home_dir();
	int		 n;

	if (home == NULL)
		return false;
	n = snprintf(out, size, "%s/.ssh/%s", home, name);
	return n > 0 && (size_t)n < size;
}

/* An ssh-agent answers at $SSH_AUTH_SOCK (a stale one is skipped). */
static bool
agent_usable(struct syncctx *x)
{
	struct sockaddr_un	 a;
	const char		*sock = getenv("SSH_AUTH_SOCK");
	int			 fd;

	if (x->agent >= 0)
		return x->agent;
	x->agent = 0;
	if (sock == NULL || sock[0] == '\0' ||
	    strlen(sock) >= sizeof(a.sun_path))
		return false;
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path, sock, strlen(sock));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return false;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
		x->agent = 1;
	close(fd);
	return x->agent;
}

/*
 * The keys ssh would offer, in its order: the agent's, then the default
 * key files (with their .pub when there is one).  A key file with a
 * passphrase is skipped (hips asks for none) and named in the message.
 */
static int
ssh_key(git_credential **out, struct syncctx *x, const char *user)
{
	char		 path[4096], pub[4200], head[8192];
	ssize_t		 n;
	bool		 locked;
	int		 fd, i;

	if (!x->tried_agent) {
		x->tried_agent = true;
		if (agent_usable(x)) {
			x->used_agent = true;
			return git_credential_ssh_key_from_agent(out, user);
		}
	}
	while (x->next_key < 3) {
		i = x->next_key++;
		if (!key_path(sshkey_default_names[i], false, path,
		    sizeof(path)))
			continue;
		if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
			continue;
		n = read(fd, head, sizeof(head));
		close(fd);
		locked = n > 0 && sshkey_encrypted(head, (size_t)n);
		explicit_bzero(head, sizeof(head));	/* a private key */
		if (n <= 0)
			continue;
		if (locked) {
			x->locked_keys |= 1U << i;
			continue;
		}
		x->used_keys |= 1U << i;
		if (pathf(NULL, pub, sizeof(pub), "%s.pub", path) == -1)
			continue;
		return git_credential_ssh_key_new(out, user,
		    access(pub, R_OK) == 0 ? pub : NULL, path, NULL);
	}
	return GIT_PASSTHROUGH;
}

/*
 * A user and password from git's credential helpers, as git would get
 * them (and, at a terminal, as git would ask).  Asked once a sync; if
 * the server refuses them, the helpers are told (reject).
 */
static int
helper_cred(git_credential **out, struct syncctx *x, const char *user)
{
	if (x->tried_helper) {
		if (x->have_helper && x->helper_used) {
			cred_git(x->dir, "reject", &x->helper);
			cred_wipe(&x->helper);
			x->have_helper = false;
			x->helper_rejected = true;
		}
		return GIT_PASSTHROUGH;
	}
	x->tried_helper = true;
	if (!x->have_helper) {
		if (x->helper_rejected || !cred_from_url(x->url, &x->helper))
			return GIT_PASSTHROUGH;
		cred_wipe(&x->helper);
		if (x->helper.username[0] == '\0' && user != NULL)
			snprintf(x->helper.username, sizeof(x->helper.username),
			    "%s", user);
		if (cred_git(x->dir, "fill", &x->helper) == -1) {
			cred_wipe(&x->helper);
			return GIT_PASSTHROUGH;
		}
		x->have_helper = true;
	}
	x->helper_used = true;
	return git_credential_userpass_plaintext_new(out, x->helper.username,
	    x->helper.password);
}

/* After a connection that worked: the helpers keep what they gave. */
void
helper_approve(struct syncctx *x)
{
	if (x->have_helper && x->helper_used && !x->helper_approved) {
		cred_git(x->dir, "approve", &x->helper);
		x->helper_approved = true;
	}
}

static void
note(struct syncctx *x, const char *fmt, ...) __attribute__((format(printf, 2,
    3)));

/* A message for the user in x->cred_msg (cut if too long). */
static void
note(struct syncctx *x, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(x->cred_msg, sizeof(x->cred_msg), fmt, ap);
	va_end(ap);
}

/* "the keys in ssh-agent, ~/.ssh/id_ed25519" of bits. */
static void
key_list(char *out, size_t size, bool agent, unsigned bits)
{
	char	 path[300];
	size_t	 len;
	int	 i;

	snprintf(out, size, "%s", agent ? "the keys in ssh-agent" : "");
	for (i = 0; i < 3; i++) {
		if (!(bits & (1U << i)) ||
		    !key_path(sshkey_default_names[i], true, path,
		    sizeof(path)))
			continue;
		len = strlen(out);
		snprintf(out + len, size - len, "%s%s", len ? ", " : "", path);
	}
}

static bool
is_http(const char *url)
{
	return strncmp(url, "https://", 8) == 0 ||
	    strncmp(url, "http://", 7) == 0;
}

/* Why nothing more can be offered, in x->cred_msg. */
static void
refusal(struct syncctx *x, unsigned int allowed)
{
	char	 tried[400], locked[400], first[300];
	int	 i;

	key_list(tried, sizeof(tried), x->used_agent, x->used_keys);
	key_list(locked, sizeof(locked), false, x->locked_keys);
	first[0] = '\0';
	for (i = 0; i < 3; i++)
		if (x->locked_keys & (1U << i)) {
			key_path(sshkey_default_names[i], true, first,
			    sizeof(first));
			break;
		}
	if (x->helper_rejected)
		note(x, "'%s' refused the "
		    "credentials (the password for '%s' from git's "
		    "credential helper, which was told to forget it): run "
		    "'hips sync' at a terminal to type the right one, or "
		    "store it with your helper", x->shown,
		    x->helper.username);
	else if (x->used_url)
		note(x, "'%s' refused the "
		    "credentials (the user and password in the URL): set "
		    "the URL without them with 'hips init --remote URL' and "
		    "let git's credential helper keep the password",
		    x->shown);
	else if (!(allowed & GIT_CREDENTIAL_SSH_KEY) && is_http(x->url))
		note(x, "'%s' wants "
		    "credentials and git's credential helpers gave none: run "
		    "'hips sync' at a terminal, where git asks for them, with "
		    "a helper to keep them (e.g. 'git config --global "
		    "credential.helper store')", x->shown);
	else if (!(allowed & GIT_CREDENTIAL_SSH_KEY))
		note(x, "'%s' takes no ssh key (only a password or a "
		    "question), and hips signs in with keys: ask for key "
		    "access", x->shown);
	else if (tried[0] != '\0' && x->locked_keys)
		note(x, "'%s' refused the "
		    "credentials (%s); %s has a passphrase, which hips does "
		    "not ask for: if the server knows that key, add it to "
		    "ssh-agent with 'ssh-add %s' and sync again", x->shown,
		    tried, locked, first);
	else if (tried[0] != '\0')
		note(x, "'%s' refused the "
		    "credentials (%s): give the server your public key "
		    "(~/.ssh/id_ed25519.pub, or 'ssh-add -L'), and check the "
		    "user in the URL", x->shown, tried);
	else if (x->locked_keys)
		note(x, "'%s' wants an ssh "
		    "key and %s has a passphrase, which hips does not ask "
		    "for: add it to ssh-agent with 'ssh-add %s' (start one "
		    "with 'eval $(ssh-agent)' if needed) and sync again",
		    x->shown, locked, first);
	else
		note(x, "'%s' wants an ssh "
		    "key and there is none: add yours to ssh-agent "
		    "('ssh-add'), or make one with 'ssh-keygen -t ed25519' "
		    "and give the server ~/.ssh/id_ed25519.pub", x->shown);
}

/*
 * Credentials, as git and ssh find them, each source once per
 * connection: for ssh the agent's keys, then the default key files; for
 * http(s) git's credential helpers; then the user and password written
 * in the URL.  When nothing is left, the message says what to do.
 */
int
cred_cb(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *payload)
{
	struct syncctx	*x = payload;
	struct cred	 c;
	int		 rc;

	(void)url;
	if (++x->cred_calls > 16)
		goto refuse;
	/* As ssh does: without a user in the URL, the local one. */
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user != NULL &&
		    user[0] != '\0' ? user : login_name());
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) &&
	    (rc = ssh_key(out, x, user != NULL && user[0] != '\0' ? user :
	    login_name())) != GIT_PASSTHROUGH)
		return rc;
	if (!(allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
		goto refuse;
	if ((rc = helper_cred(out, x, user)) != GIT_PASSTHROUGH)
		return rc;
	if (!x->tried_url && cred_from_url(x->url, &c) &&
	    c.password[0] != '\0') {
		x->tried_url = x->used_url = true;
		rc = git_credential_userpass_plaintext_new(out, c.username,
		    c.password);
		cred_wipe(&c);
		return rc;
	}
refuse:
	refusal(x, allowed);
	git_error_set_str(GIT_ERROR_NET, x->cred_msg);
	return GIT_EAUTH;
}

/* The user and port an ssh remote names, for the remedies. */
static void
ssh_target(struct syncctx *x, char *user, size_t usize, int *port)
{
	char	 h[256];

	if (!ssh_url_parse(x->url, user, usize, h, sizeof(h), port)) {
		user[0] = '\0';
		*port = 22;
	}
	if (user[0] == '\0')
		snprintf(user, usize, "%s", login_name());
}

/*
 * The ssh host's key against the known_hosts files, as ssh checks it.
 * libgit2 (through libssh2) only says "not valid": whether the host is
 * unknown or its key changed makes all the difference to the user.
 * With a libgit2 that runs OpenSSH instead, ssh checks and this is
 * never called.  TLS certificates keep libgit2's verdict.
 */
int
cert_cb(git_cert *cert, int valid, const char *host, void *payload)
{
	struct syncctx		*x = payload;
	const git_cert_hostkey	*k = (const git_cert_hostkey *)cert;
	enum kh_result		 r;
	char			 name[300], where[4200], user[256], type[64];
	char			 fp[80], sp[16];
	const char		*h;
	int			 port;

	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2 ||
	    !(k->type & GIT_CERT_SSH_RAW) || k->hostkey == NULL)
		return GIT_PASSTHROUGH;
	ssh_target(x, user, sizeof(user), &port);
	if (!kh_name(host, port, name, sizeof(name)))
		return GIT_PASSTHROUGH;
	r = kh_check(home_dir(), name, (const unsigned char *)k->hostkey,
	    k->hostkey_len, where, sizeof(where));
	if (r == KH_MATCH || (valid && r != KH_REVOKED))
		return 0;
	/* ~/.ssh/known_hosts:3 */
	if ((h = home_dir()) != NULL && strncmp(where, h, strlen(h)) == 0 &&
	    where[strlen(h)] == '/') {
		where[0] = '~';
		memmove(where + 1, where + strlen(h), strlen(where + strlen(h))
		    + 1);
	}
	if (!sshkey_type((const unsigned char *)k->hostkey, k->hostkey_len,
	    type, sizeof(type)))
		snprintf(type, sizeof(type), "key");
	snprintf(fp, sizeof(fp), "SHA256:");
	if (!(k->type & GIT_CERT_SSH_SHA256) || !b64_encode_nopad(
	    k->hash_sha256, sizeof(k->hash_sha256), fp + 7, sizeof(fp) - 7))
		snprintf(fp, sizeof(fp), "(no fingerprint)");
	sp[0] = '\0';
	if (port != 22)
		snprintf(sp, sizeof(sp), " -p %d", port);
	if (r == KH_CHANGED)
		note(x, "WARNING: REMOTE "
		    "HOST IDENTIFICATION HAS CHANGED for '%s': it offers %s "
		    "%s, not the key in %s; someone may be intercepting the "
		    "connection, or the host's key was replaced.  hips will "
		    "not connect: if the new key is right, remove the old "
		    "one with 'ssh-keygen -R \"%s\"' and connect once with "
		    "'ssh%s %s@%s'", name, type, fp, where, name, sp, user,
		    host);
	else if (r == KH_REVOKED)
		note(x, "the host key of "
		    "'%s' (%s %s) is revoked in %s: hips will not connect",
		    name, type, fp, where);
	else
		note(x, "the host key of "
		    "'%s' is not known (%s %s): to trust it, connect once "
		    "with 'ssh%s %s@%s' and check the fingerprint, or add it "
		    "with 'ssh-keyscan%s %s >> ~/.ssh/known_hosts'", name,
		    type, fp, sp, user, host, sp, host);
	git_error_set_str(GIT_ERROR_SSH, x->cred_msg);
	return GIT_ECERTIFICATE;
}
