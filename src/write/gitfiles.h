/*
 * What hips knows of git's files on disk, in one place: the lock files
 * git and libgit2 make, the names hips keeps inside .git, whether a
 * repository has a commit, and a reader of git's index.  Pure (no
 * libgit2): the writer, `hips check` and the git plugin share it.
 */
#ifndef HIPS_GITFILES_H
#define HIPS_GITFILES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* hips's own files in .git. */
#define GF_WRITER_LOCK	"hips.lock"	/* the writer lock and its record */
#define GF_SYNC_RECORD	"hips-sync"	/* a sync under way */
#define GF_SYNCED	"hips-synced"	/* objects/ known synced */
#define GF_INDEX_COPY	"hips-index"	/* the index updated under this name */
#define GF_NEWLOCK	"hips-newlock-"	/* + PID: a lock before it is linked */

/* Git's. */
#define GF_INDEX	"index"
#define GF_INDEX_LOCK	"index.lock"
#define GF_HEADS	"refs/heads"
#define GF_LOCK_SUFFIX	".lock"
#define GF_INITIAL_BRANCH "main"	/* what `hips init` names the branch */

/*
 * The lock files of a repository's top level that git and libgit2 make
 * (NULL-terminated); branch locks are refs/heads/NAME.lock.
 */
extern const char *const gf_locks[];
#define GF_NLOCKS	4

/* Does name end in ".lock" with something before it? */
bool	gf_is_lock(const char *);
/*
 * A lock a writer may mark as its own around a libgit2 call that makes
 * it ("gitlock LOCK TIME" in its record): the index's or a branch's,
 * with no ".." in it.
 */
bool	gf_markable_lock(const char *);
/* Does the repository at gitdir (ending in '/') have a commit? */
bool	gf_has_commits(const char *);

/*
 * out = the printf-style format, whole: 0, or -1 (and out empty) when it
 * does not fit in size bytes.  Paths are built with it, never cut short.
 */
int	gf_path(char *, size_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	gf_vpath(char *, size_t, const char *, va_list)
	    __attribute__((format(printf, 3, 0)));

/* An entry of git's index (versions 2 and 3). */
struct gf_ientry {
	char		 path[256];
	uint32_t	 mtime, mtime_ns, size;
	unsigned char	 id[20];
	bool		 seen;		/* for the caller */
};

/*
 * The entries of the index data whose path starts with prefix (longer
 * paths left out).  Returns their number, with *out malloc'd, or -1 when
 * the data is not an index in a form read here (version 4, truncated).
 */
int	gf_index_parse(const char *, size_t, const char *,
	    struct gf_ientry **);

#endif
