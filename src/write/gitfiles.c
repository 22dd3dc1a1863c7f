/*
 * Git's on-disk names and formats as hips needs them (see gitfiles.h):
 * its lock files, a repository with a commit, the index's entries.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gitfiles.h"

const char *const gf_locks[] = {
	"index.lock", "HEAD.lock", "config.lock", "packed-refs.lock", NULL
};

bool
gf_is_lock(const char *name)
{
	size_t	 n = strlen(name);

	return n > 5 && strcmp(name + n - 5, GF_LOCK_SUFFIX) == 0;
}

bool
gf_markable_lock(const char *lock)
{
	return strstr(lock, "..") == NULL && (strcmp(lock,
	    GF_INDEX_LOCK) == 0 || strncmp(lock, GF_HEADS "/", 11) == 0) &&
	    gf_is_lock(lock);
}

int
gf_vpath(char *out, size_t size, const char *fmt, va_list ap)
{
	int	 n;

	n = vsnprintf(out, size, fmt, ap);
	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			out[0] = '\0';
		return -1;
	}
	return 0;
}

int
gf_path(char *out, size_t size, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = gf_vpath(out, size, fmt, ap);
	va_end(ap);
	return rc;
}

/* A branch: packed-refs, or a file in refs/heads (not a lock). */
bool
gf_has_commits(const char *gitdir)
{
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	char		*path;
	bool		 yes;
	size_t		 n = strlen(gitdir) + sizeof("packed-refs");

	if ((path = malloc(n)) == NULL)
		return false;
	snprintf(path, n, "%spacked-refs", gitdir);
	yes = stat(path, &sb) == 0;
	snprintf(path, n, "%s" GF_HEADS, gitdir);
	if (!yes && (d = opendir(path)) != NULL) {
		while (!yes && (de = readdir(d)) != NULL)
			yes = de->d_name[0] != '.' && !gf_is_lock(de->d_name);
		closedir(d);
	}
	free(path);
	return yes;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

int
gf_index_parse(const char *data, size_t len, const char *prefix,
    struct gf_ientry **out)
{
	struct gf_ientry *v = NULL, *nv_;
	const unsigned char *p, *end;
	uint32_t	 version, count, i;
	size_t		 namelen, entlen, nv = 0, plen = strlen(prefix);
	unsigned	 flags;

	*out = NULL;
	if (len < 12 + 20 || memcmp(data, "DIRC", 4) != 0)
		return -1;
	p = (const unsigned char *)data;
	end = p + len - 20;		/* the trailing checksum */
	version = be32(p + 4);
	count = be32(p + 8);
	if (version != 2 && version != 3)
		return -1;
	p += 12;
	for (i = 0; i < count; i++) {
		if (end - p < 62)
			goto bad;
		flags = (unsigned)p[60] << 8 | p[61];
		entlen = 62 + (version == 3 && (flags & 0x4000) ? 2 : 0);
		if ((size_t)(end - p) <= entlen)
			goto bad;
		namelen = strnlen((const char *)p + entlen,
		    (size_t)(end - p) - entlen);
		if (p + entlen + namelen >= end)
			goto bad;
		if (strncmp((const char *)p + entlen, prefix, plen) == 0 &&
		    namelen < sizeof(v->path)) {
			if ((nv_ = reallocarray(v, nv + 1, sizeof(*v))) == NULL)
				goto bad;
			v = nv_;
			memset(&v[nv], 0, sizeof(*v));
			memcpy(v[nv].path, p + entlen, namelen);
			v[nv].mtime = be32(p + 8);
			v[nv].mtime_ns = be32(p + 12);
			v[nv].size = be32(p + 36);
			memcpy(v[nv].id, p + 40, 20);
			nv++;
		}
		/* NUL-padded to a multiple of 8 bytes. */
		p += (entlen + namelen + 8) & ~(size_t)7;
	}
	*out = v;
	return (int)nv;
bad:
	free(v);
	return -1;
}
