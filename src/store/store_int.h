/*
 * What the files of the git plugin (hips-git.so, src/store/) share: its
 * libgit2 headers, its constants and structures, and the functions one
 * file calls in another.  Only the git plugin includes it: it is the one
 * part of hips built with <git2.h>.
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/commit.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include "configure.h"		/* build/: what scripts/configure.sh found */
#if HIPS_GIT2_SYS_ERRORS
#include <git2/sys/errors.h>	/* git_error_set and co. since libgit2 1.8 */
#endif

#include "credhelper.h"
#include "fdio.h"
#include "fileio.h"
#include "gitfiles.h"
#include "linemerge.h"
#include "sshauth.h"
#include "store.h"

#define RETRY		1	/* another writer got there first: try again */
#define RETRY_MS	15000	/* how long to keep trying */
#define READ_MAX	(64 << 20)	/* as LOG_SIZE_MAX (safefile.h) */

struct store {
	git_repository	*repo;
};

#define SYNC_TRIES	4

/*
 * Files whose entry in the repository's index gets refreshed after the
 * commit, each with the blob it holds and its stat data from before it
 * was read: `git status` is then clean without hashing anything again.
 */
struct fresh {
	struct fresh_file {
		char		*path;
		git_oid		 id;
		struct stat	 sb;
		bool		 changed;	/* to commit */
	}		*v;
	size_t		 n, cap;
};

/* Object ids, e.g. those a commit wrote. */
struct oids {
	git_oid		*v;
	size_t		 n, cap;
};

/*
 * Files of the commit the index lacks (a hips killed between its commit
 * and the refresh of the index, .gitattributes after the first commit
 * among them): added with the commit's blob id and no stat data, which
 * makes git compare their content once.
 */
struct fill {
	git_index	*idx;
	size_t		 added;
};

/* A line appended to a reflog, kept open to take it back. */
struct rlog {
	int	 fd;
	off_t	 at;		/* where the line starts */
};

/*
 * The branch moves as git moves a ref: its lock file BRANCH.lock, made
 * exclusively (another git holding it makes this commit try again), gets
 * the new id and is synced with the commit's objects, in one journal
 * commit with them; the old value is checked under the lock; then the
 * lock replaces the ref and the ref's directory is synced.
 */
struct reflock {
	int	 fd;
	bool	 renamed;
	char	 ref[4096 + 300];
	char	 lock[4096 + 310];
};

struct syncctx {
	struct store_sync	*s;
	const char		*url;		/* as configured */
	const char		*dir;		/* the work tree, for git */
	char			 shown[400];	/* without a password */
	/* Each connection (fetch, push, retry) is offered everything. */
	int			 cred_calls;
	bool			 tried_agent;
	int			 next_key;	/* sshkey_default_names */
	bool			 tried_helper;
	bool			 tried_url;
	/* For the messages, over the whole sync. */
	int			 agent;		/* -1 not checked, 0, 1 */
	bool			 used_agent;
	unsigned		 used_keys;	/* bit per default key */
	unsigned		 locked_keys;	/* ... with a passphrase */
	bool			 used_url;
	struct cred		 helper;	/* what git credential fill gave */
	bool			 have_helper;
	bool			 helper_used;	/* offered on this connection */
	bool			 helper_approved;
	bool			 helper_rejected;
	char			 cred_msg[1000];
	bool			 rejected;
	char			 reject[256];
	int			 pct;		/* shown, or -1 */
	long			 shown_ms;	/* when */
	const char		*phase;		/* of the line shown */
	const char		*finished;	/* the phase said done */
};

#pragma GCC visibility push(hidden)

extern const git_oid	zero_oid;

/* tls.c */
void	 lib_init(void);
void	 lib_shutdown(void);

/* ops.c */
int	 pathf(struct error *, char *, size_t, const char *, ...)
    __attribute__((format(printf, 4, 5)));
void	 say_also(struct error *, const struct error *);
int	 gitfail(struct error *e, const char *what);
int	 head_branch(git_repository *repo, char *name, size_t size,
    struct error *e);

/* stage.c */
int	 fresh_add(struct fresh *, const char *, const git_oid *,
    const struct stat *, bool);
int	 read_whole(const char *path, char **data, size_t *len,
    struct stat *sb);
void	 fresh_free(struct fresh *f);
bool	 has_line(const char *text, size_t len, const char *line);
int	 stage(git_repository *repo, const char *path, struct fresh *fresh,
    struct error *e);
int	 stage_others(git_repository *repo, git_tree *tree, const char *skip,
    const char *const *with, size_t nwith, char *also, size_t alsosize,
    struct fresh *fresh, struct error *e);

/* durable.c */
int	 oids_add(struct oids *o, const git_oid *id);
int	 sync_objects(git_repository *repo, const struct oids *o,
    const struct store_commit *c, int lockfd, struct error *e);

/* tree.c */
int	 tree_with(git_repository *repo, const git_tree *base,
    const struct fresh *f,
    git_oid *out, struct oids *written);
int	 fill_missing(const char *root, const git_tree_entry *te, void *arg);

/* index.c */
void	 gitlock_mark(git_repository *repo, const char *lock);
int	 index_lock(git_repository *repo, int *fd, struct error *e);
void	 index_unlock(git_repository *repo, int *fd);
void	 refresh_index(git_repository *repo, const struct fresh *f,
    git_tree *tree);
int	 open_making_dirs(char *path, size_t skip, int flags);
int	 make_lock(git_repository *repo, char *path, size_t skip);

/* refs.c */
void	 reflogs_close(struct rlog r[2], bool keep);
int	 reflogs_append(git_repository *repo, const char *branch,
    const git_oid *old,
    const git_oid *new, const git_signature *sig, const char *msg,
    struct rlog r[2]);
void	 ref_unlock(struct reflock *l);
void	 age_words(time_t t, char *out, size_t size);
int	 ref_lock(git_repository *repo, const char *branch, const git_oid *old,
    const git_oid *new, struct reflock *l);
int	 ref_commit(struct reflock *l);

/* commit.c */
int	 signature(git_repository *repo, const char *name, const char *email,
    git_signature **sig, struct error *e);
long	 now_ms(void);
int	 store_commit(struct store *st, struct store_commit *c,
    struct error *e);
int	 store_prepare(struct store *st, const char *name, const char *email,
    struct error *e);
int	 store_pending(struct store *st, const char *path, char **data,
    size_t *len,
    struct error *e);

/* history.c */
int	 store_last_entry(struct store *st, struct store_entry *out,
    struct error *e);

/* pack.c */
long	 idx_count(const char *path);
int	 store_pack(struct store *st, long threshold, struct error *e);

/* remote.c */
int	 store_set_remote(struct store *st, const char *url, struct error *e);
int	 ca_info(git_repository *repo, struct error *e);
int	 fetch(git_remote *r, const char *branch, struct syncctx *x,
    git_oid *rid,
    bool *has, struct error *e);
int	 track(git_repository *repo, const char *branch, const git_oid *rid,
    bool has, struct error *e);
int	 push(git_remote *r, const char *branch, struct syncctx *x,
    struct error *e);

/* creds.c */
void	 redact_url(const char *url, char *out, size_t size);
void	 helper_approve(struct syncctx *x);
int	 cred_cb(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *payload);
int	 cert_cb(git_cert *cert, int valid, const char *host, void *payload);

/* merge.c */
bool	 is_log_path(const char *path);
int	 merge(git_repository *repo, git_commit *ours, git_commit *theirs,
    const git_oid *base_id, const char *name, const char *email,
    const char *remote_ref, git_oid *out, struct error *e);
int	 checkout(git_repository *repo, git_commit *from, git_commit *to,
    struct error *e);

/* sync.c */
int	 record_write(git_repository *, const char *, const git_oid *,
    const git_oid *, struct error *);
int	 record_parse(const char *, git_oid *, git_oid *, char *, size_t);
int	 sync_recover(struct store *st, struct error *e);
int	 store_sync(struct store *st, struct store_sync *s, const char *name,
    const char *email, struct error *e);

#pragma GCC visibility pop

#endif /* STORE_INT_H */
