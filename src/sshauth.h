/*
 * What hips needs to authenticate over ssh as ssh itself would, when
 * libgit2 talks ssh through libssh2: the host's key looked up in the
 * known_hosts files, the default key files and whether one has a
 * passphrase, the host and port of an ssh URL.  No libgit2 here: the
 * plugin and the unit tests link it alike.  Pure but for kh_check().
 */
#ifndef HIPS_SSHAUTH_H
#define HIPS_SSHAUTH_H

#include <stdbool.h>
#include <stddef.h>

/* What the known_hosts files say of the key a host offers. */
enum kh_result {
	KH_UNKNOWN,	/* no key of this type for the host */
	KH_MATCH,	/* listed */
	KH_CHANGED,	/* another key of the same type is listed */
	KH_REVOKED,	/* listed under @revoked */
};

/*
 * name: the host as known_hosts writes it, "host" for port 22, else
 * "[host]:port" (see kh_name()).  key: the key as the server sent it
 * (the ssh wire blob, as base64 in the file).  *line: the line of the
 * entry that decided, for KH_CHANGED, KH_MATCH and KH_REVOKED.
 */
enum kh_result	 kh_check_text(const char *text, size_t len, const char *name,
		    const unsigned char *key, size_t keylen, size_t *line);
/*
 * The same over the files ssh reads by default (~/.ssh/known_hosts,
 * known_hosts2, /etc/ssh/ssh_known_hosts, ssh_known_hosts2): revoked
 * wins, then a match, then a changed key.  where: "file:line" of the
 * entry that decided.
 */
enum kh_result	 kh_check(const char *home, const char *name,
		    const unsigned char *key, size_t keylen, char *where,
		    size_t wsize);
/* "host" for port 22, else "[host]:port"; false if it does not fit. */
bool		 kh_name(const char *host, int port, char *out, size_t size);
/* The key type a wire blob starts with ("ssh-ed25519"), or false. */
bool		 sshkey_type(const unsigned char *key, size_t keylen,
		    char *out, size_t size);

/* A private key file's text is protected by a passphrase. */
bool		 sshkey_encrypted(const char *text, size_t len);

/* The key files ssh tries without an agent, in ~/.ssh, in this order. */
extern const char sshkey_default_names[3][12];

/*
 * The user (or ""), host and port (22 if none) of an ssh address:
 * ssh://[user@]host[:port]/path (also ssh+git://, git+ssh://) and the
 * scp-like [user@]host:path and [user@host:port]:path.  False if url is
 * not one of them or a part does not fit.
 */
bool		 ssh_url_parse(const char *url, char *user, size_t usize,
		    char *host, size_t hsize, int *port);

/* Base64 (whitespace ignored); the length decoded, or -1. */
long		 b64_decode(const char *s, size_t n, unsigned char *out,
		    size_t size);
/* Base64 without padding, as ssh prints fingerprints. */
bool		 b64_encode_nopad(const unsigned char *in, size_t n, char *out,
		    size_t size);

#endif
