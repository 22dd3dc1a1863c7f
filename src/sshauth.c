/*
 * ssh's rules, where libssh2 leaves them to its caller: see sshauth.h.
 * The known_hosts format is sshd(8)'s SSH_KNOWN_HOSTS FILE FORMAT:
 * [marker] patterns keytype base64-key [comment], with patterns a comma
 * list of globs (* and ?), each maybe negated with "!", or one hashed
 * name |1|salt|HMAC-SHA1(salt, name) (HashKnownHosts).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha1.h"
#include "sshauth.h"

const char sshkey_default_names[3][12] = {
	"id_ed25519", "id_ecdsa", "id_rsa",
};

static int
b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long
b64_decode(const char *s, size_t n, unsigned char *out, size_t size)
{
	unsigned long	 acc = 0;
	size_t		 o = 0, i;
	int		 bits = 0, v;

	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i]))
			continue;
		if (s[i] == '=')
			break;
		if ((v = b64_value((unsigned char)s[i])) < 0)
			return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= size)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1UL << bits) - 1;
		}
	}
	return (long)o;
}

bool
b64_encode_nopad(const unsigned char *in, size_t n, char *out, size_t size)
{
	static const char	 a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789+/";
	unsigned long		 acc = 0;
	size_t			 o = 0, i;
	int			 bits = 0;

	for (i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			if (o + 1 >= size)
				return false;
			out[o++] = a[(acc >> bits) & 63];
		}
		acc &= (1UL << bits) - 1;
	}
	if (bits > 0) {
		if (o + 1 >= size)
			return false;
		out[o++] = a[(acc << (6 - bits)) & 63];
	}
	if (o >= size)
		return false;
	out[o] = '\0';
	return true;
}

static void
hmac_sha1(const unsigned char *key, size_t klen, const char *msg,
    unsigned char out[20])
{
	unsigned char	 k[64], pad[64], inner[20];
	struct sha1	 s;
	size_t		 i;

	memset(k, 0, sizeof(k));
	if (klen > sizeof(k)) {
		sha1_init(&s);
		sha1_update(&s, key, klen);
		sha1_final(&s, k);
	} else
		memcpy(k, key, klen);
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	sha1_init(&s);
	sha1_update(&s, pad, sizeof(pad));
	sha1_update(&s, msg, strlen(msg));
	sha1_final(&s, inner);
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	sha1_init(&s);
	sha1_update(&s, pad, sizeof(pad));
	sha1_update(&s, inner, sizeof(inner));
	sha1_final(&s, out);
}

/* A glob of * and ? against the whole of s, ignoring case. */
static bool
glob(const char *p, size_t plen, const char *s)
{
	while (plen > 0) {
		if (*p == '*') {
			for (;;) {
				if (glob(p + 1, plen - 1, s))
					return true;
				if (*s == '\0')
					return false;
				s++;
			}
		}
		if (*s == '\0' || (*p != '?' &&
		    tolower((unsigned char)*p) != tolower((unsigned char)*s)))
			return false;
		p++;
		plen--;
		s++;
	}
	return *s == '\0';
}

/* |1|salt|hash against name. */
static bool
hashed_match(const char *f, size_t n, const char *name)
{
	unsigned char	 salt[64], want[20], got[20];
	const char	*bar;
	long		 sl, hl;

	if (n < 3 || memcmp(f, "|1|", 3) != 0)
		return false;
	f += 3;
	n -= 3;
	if ((bar = memchr(f, '|', n)) == NULL)
		return false;
	sl = b64_decode(f, (size_t)(bar - f), salt, sizeof(salt));
	hl = b64_decode(bar + 1, n - (size_t)(bar - f) - 1, want,
	    sizeof(want));
	if (sl <= 0 || hl != (long)sizeof(want))
		return false;
	hmac_sha1(salt, (size_t)sl, name, got);
	return memcmp(got, want, sizeof(got)) == 0;
}

/* The patterns field names name (and no negation excludes it). */
static bool
hosts_match(const char *f, size_t n, const char *name)
{
	const char	*end = f + n, *comma;
	bool		 yes = false, neg;
	size_t		 len;

	if (n > 0 && f[0] == '|')
		return hashed_match(f, n, name);
	while (f < end) {
		comma = memchr(f, ',', (size_t)(end - f));
		len = (size_t)((comma != NULL ? comma : end) - f);
		neg = len > 0 && f[0] == '!';
		if (glob(f + neg, len - neg, name)) {
			if (neg)
				return false;
			yes = true;
		}
		if (comma == NULL)
			break;
		f = comma + 1;
	}
	return yes;
}

bool
sshkey_type(const unsigned char *key, size_t keylen, char *out, size_t size)
{
	uint32_t	 n;

	if (keylen < 4)
		return false;
	n = (uint32_t)key[0] << 24 | (uint32_t)key[1] << 16 |
	    (uint32_t)key[2] << 8 | key[3];
	if (n == 0 || n > keylen - 4 || n >= size)
		return false;
	memcpy(out, key + 4, n);
	out[n] = '\0';
	return true;
}

/* The next whitespace-separated field of [*p, end). */
static bool
field(const char **p, const char *end, const char **f, size_t *n)
{
	const char	*s = *p;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s == end)
		return false;
	*f = s;
	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*n = (size_t)(s - *f);
	*p = s;
	return true;
}

enum kh_result
kh_check_text(const char *text, size_t len, const char *name,
    const unsigned char *key, size_t keylen, size_t *line)
{
	enum kh_result	 r = KH_UNKNOWN;
	const char	*p = text, *end = text + len, *eol, *next, *f, *hosts;
	unsigned char	*blob;
	char		 type[64], ltype[64];
	size_t		 n, hn, lineno = 0;
	long		 bl;
	bool		 revoked;

	if (!sshkey_type(key, keylen, type, sizeof(type)) ||
	    (blob = malloc(keylen + 4)) == NULL)
		return KH_UNKNOWN;
	for (; p < end; p = next) {
		lineno++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		next = eol < end ? eol + 1 : end;
		if (!field(&p, eol, &f, &n) || f[0] == '#')
			continue;
		revoked = false;
		if (f[0] == '@') {
			/* Certificate authorities: not for plain keys. */
			if (n != 8 || memcmp(f, "@revoked", 8) != 0)
				continue;
			revoked = true;
			if (!field(&p, eol, &f, &n))
				continue;
		}
		hosts = f;
		hn = n;
		if (!field(&p, eol, &f, &n) || n >= sizeof(ltype))
			continue;
		memcpy(ltype, f, n);
		ltype[n] = '\0';
		if (strcmp(ltype, type) != 0 || !field(&p, eol, &f, &n))
			continue;
		bl = b64_decode(f, n, blob, keylen + 4);
		if (!revoked && !hosts_match(hosts, hn, name))
			continue;
		if (bl == (long)keylen && memcmp(blob, key, keylen) == 0) {
			if (revoked) {
				r = KH_REVOKED;
				*line = lineno;
				break;
			}
			if (r != KH_MATCH) {
				r = KH_MATCH;
				*line = lineno;
			}
		} else if (!revoked && r == KH_UNKNOWN) {
			r = KH_CHANGED;
			*line = lineno;
		}
	}
	free(blob);
	return r;
}

enum kh_result
kh_check(const char *home, const char *name, const unsigned char *key,
    size_t keylen, char *where, size_t wsize)
{
	static const char		 user[][16] = { "known_hosts",
	    "known_hosts2" };
	static const char		 global[][32] = {
	    "/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2" };
	enum kh_result			 best = KH_UNKNOWN, r;
	char				 path[4096], *text;
	size_t				 i, len, line = 0;
	long				 sz;
	FILE				*fp;

	where[0] = '\0';
	for (i = 0; i < 4; i++) {
		if (i < 2 && (home == NULL || snprintf(path, sizeof(path),
		    "%s/.ssh/%s", home, user[i]) >= (int)sizeof(path)))
			continue;
		if (i >= 2)
			snprintf(path, sizeof(path), "%s", global[i - 2]);
		if ((fp = fopen(path, "r")) == NULL)
			continue;
		text = NULL;
		if (fseek(fp, 0, SEEK_END) == 0 && (sz = ftell(fp)) >= 0 &&
		    fseek(fp, 0, SEEK_SET) == 0 &&
		    (text = malloc((size_t)sz + 1)) != NULL) {
			len = fread(text, 1, (size_t)sz, fp);
			r = kh_check_text(text, len, name, key, keylen, &line);
			/* Revoked, then match, then changed. */
			if (r != KH_UNKNOWN && (best == KH_UNKNOWN ||
			    r == KH_REVOKED || (r == KH_MATCH &&
			    best == KH_CHANGED))) {
				best = r;
				snprintf(where, wsize, "%s:%zu", path, line);
			}
		}
		free(text);
		fclose(fp);
		if (best == KH_REVOKED)
			break;
	}
	return best;
}

bool
kh_name(const char *host, int port, char *out, size_t size)
{
	int	 n;

	if (port == 22)
		n = snprintf(out, size, "%s", host);
	else
		n = snprintf(out, size, "[%s]:%d", host, port);
	return n >= 0 && (size_t)n < size;
}

bool
sshkey_encrypted(const char *text, size_t len)
{
	static const char	 openssh[] = "-----BEGIN OPENSSH PRIVATE KEY-----";
	static const char	 magic[] = "openssh-key-v1";
	unsigned char		 head[128];
	const char		*body, *end;
	uint32_t		 n;
	long			 got;
	size_t			 take;

	if (memmem(text, len, "-----BEGIN ENCRYPTED PRIVATE KEY-----", 37) !=
	    NULL || memmem(text, len, "Proc-Type: 4,ENCRYPTED", 22) != NULL)
		return true;
	if ((body = memmem(text, len, openssh, sizeof(openssh) - 1)) == NULL)
		return false;
	body += sizeof(openssh) - 1;
	end = text + len;
	/* Enough base64 for the magic and the cipher's name. */
	take = (size_t)(end - body) < 120 ? (size_t)(end - body) : 120;
	got = b64_decode(body, take, head, sizeof(head));
	if (got < (long)sizeof(magic) + 4 ||
	    memcmp(head, magic, sizeof(magic)) != 0)
		return false;
	n = (uint32_t)head[sizeof(magic)] << 24 |
	    (uint32_t)head[sizeof(magic) + 1] << 16 |
	    (uint32_t)head[sizeof(magic) + 2] << 8 | head[sizeof(magic) + 3];
	if (n > (size_t)got - sizeof(magic) - 4)
		return true;	/* unreadable: let ssh-add say */
	return !(n == 4 && memcmp(head + sizeof(magic) + 4, "none", 4) == 0);
}

static bool
copy(char *out, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* "[user@]host[:port]" of n bytes at s; brackets around host allowed. */
static bool
authority(const char *s, size_t n, char *user, size_t usize, char *host,
    size_t hsize, int *port)
{
	const char	*at, *h, *colon, *end = s + n;
	char		*e;
	long		 p;

	*port = 22;
	user[0] = '\0';
	if ((at = memrchr(s, '@', n)) != NULL) {
		if (!copy(user, usize, s, (size_t)(at - s)))
			return false;
		s = at + 1;
	}
	h = s;
	if (s < end && *s == '[') {
		if ((colon = memchr(s, ']', (size_t)(end - s))) == NULL)
			return false;
		h = s + 1;
		if (!copy(host, hsize, h, (size_t)(colon - h)))
			return false;
		colon++;
		if (colon < end && *colon != ':')
			return false;
	} else {
		colon = memchr(s, ':', (size_t)(end - s));
		if (!copy(host, hsize, s, (size_t)((colon ? colon : end) - s)))
			return false;
	}
	if (host[0] == '\0')
		return false;
	if (colon != NULL && colon < end && colon + 1 < end) {
		p = strtol(colon + 1, &e, 10);
		if (e != end || p < 1 || p > 65535)
			return false;
		*port = (int)p;
	}
	return true;
}

bool
ssh_url_parse(const char *url, char *user, size_t usize, char *host,
    size_t hsize, int *port)
{
	static const char		 schemes[][12] = { "ssh://",
	    "ssh+git://", "git+ssh://" };
	const char			*p, *slash, *colon, *close;
	size_t				 i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncmp(url, schemes[i], strlen(schemes[i])) == 0) {
			p = url + strlen(schemes[i]);
			slash = strchr(p, '/');
			return authority(p, slash ? (size_t)(slash - p) :
			    strlen(p), user, usize, host, hsize, port);
		}
	if (strstr(url, "://") != NULL)
		return false;
	/* [user@host:port]:path */
	if (url[0] == '[' && (close = strchr(url, ']')) != NULL &&
	    close[1] == ':' && memchr(url, '@', (size_t)(close - url)) != NULL)
		return authority(url + 1, (size_t)(close - url - 1), user,
		    usize, host, hsize, port);
	/* [user@]host:path, with a colon before any slash */
	colon = url[0] == '[' ? strstr(url, "]:") : strchr(url, ':');
	if (colon == NULL)
		return false;
	if (url[0] == '[')
		colon++;
	slash = strchr(url, '/');
	if (slash != NULL && slash < colon)
		return false;
	if (!authority(url, (size_t)(colon - url), user, usize, host, hsize,
	    port))
		return false;
	*port = 22;
	return true;
}
