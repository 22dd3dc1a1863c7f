/*
 * The interface to the git plugin: the only code that talks to libgit2
 * lives in src/store/, built as hips-git.so and loaded with
 * dlopen() by the commands that write (DESIGN.md section 7), so that the
 * read-only commands never pay for loading libgit2.
 *
 * The caller serialises writers (lockfile_take() in src/write/); the
 * plugin commits and verifies.  Each git lock file it makes (index.lock,
 * the branch's lock) is added to the writer's record in hips.lock as
 * "lock DEV INODE PATH", so that only those are removed if the writer is
 * killed.
 */
#ifndef HIPS_STORE_H
#define HIPS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#define HIPS_STORE_ABI		9
#define HIPS_STORE_SYMBOL	"hips_store_ops"

#include "error.h"

struct store;

struct store_commit {
	const char	*message;	/* the whole commit message */
	const char	*path;		/* the file this write changed, or
					   NULL: only the log files that
					   differ from HEAD, if any */
	const char *const *with;	/* other files this write changed, */
	size_t		 nwith;		/* committed with path (not "also") */
	const char	*check_line;	/* HEAD must hold this line in path */
	bool		 check_absent;	/* ... or must no longer hold it */
	const char	*name;		/* author if git has none configured */
	const char	*email;
	bool		 sync;		/* sync_fd: a file written (its
					   write-back started) to fsync with
					   the commit's objects, before the
					   branch moves */
	int		 sync_fd;
	const char	*also;		/* out: other files committed with it */
	bool		 moved;		/* out: the branch moved to the commit */
};

/*
 * The lines the last entry commit added (every line of a skip range, of
 * both sides, of an import), each in its file; the arrays and strings are
 * malloc'd (store_entry_free() in the writer frees them).
 */
struct store_entry {
	size_t	 n;
	char	**paths;		/* e.g. log/2026-11.log */
	char	**lines;		/* the line, without its LF */
	char	subject[256];		/* the commit's subject */
};

struct store_sync {
	bool	 progress;		/* report transfers on stderr */
	/*
	 * The writer lock: taken only while the repository changes (after
	 * each fetch, before each push), so a slow network never keeps
	 * another hips from writing.
	 */
	int	(*lock)(void *, struct error *);
	void	(*unlock)(void *);
	/*
	 * Called once the remote answered, with the lock held, before
	 * anything local changes (signals blocked): the caller may tidy the
	 * work tree's log files, which are then committed if they differ
	 * from HEAD.
	 */
	int	(*tidy)(void *, struct error *);
	void	*arg;
	/* Join a remote history that shares no commit with ours. */
	bool	 allow_unrelated;
	char	 summary[256];		/* out: what happened, one line */
};

struct store_ops {
	unsigned abi;
	/*
	 * Open the repository in dir, first creating it (mode 0700, branch
	 * main) when create is set and there is none.
	 */
	int	(*open)(const char *dir, bool create, struct store **,
		    struct error *);
	/* The .git directory. */
	const char *(*gitdir)(struct store *);
	/*
	 * With the writer lock held, before anything else: finish a sync
	 * that was killed on the way (its record in .git/hips-sync), and
	 * give an unborn repository its first commit (.gitattributes).
	 */
	int	(*prepare)(struct store *, const char *name, const char *email,
		    struct error *);
	/* Commit the working file c->path, and any other log file that
	 * differs from HEAD, then verify HEAD as c asks. */
	int	(*commit)(struct store *, struct store_commit *,
		    struct error *);
	/*
	 * Does the working copy of path (relative to the work tree) differ
	 * from HEAD's?  0 no; 1 yes, and *data is HEAD's version (malloc'd,
	 * the caller frees it; NULL when HEAD has no such file).
	 */
	int	(*pending)(struct store *, const char *path, char **data,
		    size_t *len, struct error *);
	/* The lines added by the newest entry commit not undone yet;
	 * 1 if found, 0 if there is none. */
	int	(*last_entry)(struct store *, struct store_entry *,
		    struct error *);
	/* Set the URL of the remote origin. */
	int	(*set_remote)(struct store *, const char *url,
		    struct error *);
	/*
	 * Fetch origin, bring its branch into HEAD's (fast-forward, or a
	 * merge that joins the month files as multisets of lines against
	 * the merge base, see linemerge.h), update
	 * the work tree and push; a rejected push starts again, a few times.
	 * A merge that cannot be made changes nothing.
	 */
	int	(*sync)(struct store *, struct store_sync *, const char *name,
		    const char *email, struct error *);
	/*
	 * With the writer lock held: when there are about threshold loose
	 * objects or more, move them into a new pack, merge small packs and
	 * expire reflog entries older than 90 days, as git gc would.  1 if
	 * it packed, 0 if there was nothing to do.
	 */
	int	(*pack)(struct store *, long threshold, struct error *);
	void	(*close)(struct store *);
};

#endif
