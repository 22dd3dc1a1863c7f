/*
 * The remote: its URL, the CA bundle, fetch and push with their
 * progress lines, and the remote-tracking branch.
 */
#include "store_int.h"

int
store_set_remote(struct store *st, const char *url, struct error *e)
{
	git_remote	*r = NULL;
	int		 rc;

	rc = git_remote_lookup(&r, st->repo, "origin");
	git_remote_free(r);
	if (rc == 0)
		rc = git_remote_set_url(st->repo, "origin", url);
	else if (rc == GIT_ENOTFOUND) {
		rc = git_remote_create(&r, st->repo, "origin", url);
		git_remote_free(r);
	}
	if (rc < 0)
		return gitfail(e, "cannot set the remote 'origin'");
	return 0;
}

/*
 * The certificates https trusts, as git sets them: $GIT_SSL_CAINFO, else
 * http.sslCAInfo, else the system's.
 */
int
ca_info(git_repository *repo, struct error *e)
{
	git_config	*cfg = NULL;
	git_buf		 b = { 0 };
	const char	*ca = getenv("GIT_SSL_CAINFO");
	int		 rc = 0;

	if ((ca == NULL || ca[0] == '\0') &&
	    git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_path(&b, cfg, "http.sslCAInfo") == 0)
		ca = b.ptr;
	if (ca != NULL && ca[0] != '\0' &&
	    git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, ca, NULL) < 0)
		rc = error_put(e, 1, "cannot use the certificates in '%s' "
		    "(http.sslCAInfo or GIT_SSL_CAINFO): %s", ca,
		    git_error_last() != NULL ? git_error_last()->message :
		    "unknown error");
	git_buf_dispose(&b);
	git_config_free(cfg);
	return rc;
}

/*
 * hips sync.  The remote is always "origin" and the branch is the one
 * HEAD names on both sides.  Nothing local changes before the remote has
 * answered a fetch; the local part (commit hand edits, merge, check out,
 * move the branch) runs with signals blocked; the push comes last, and a
 * push the remote rejects (someone pushed first) starts again.
 */

/* Finish a progress line left open. */
static void
progress_end(struct syncctx *x)
{
	if (x->pct >= 0)
		fputc('\n', stderr);
	x->pct = -1;
}

/*
 * "what: 42% (50/120)" on one line rewritten at most ten times a second,
 * then "what: 100% (120/120), done." once.
 */
static void
progress(struct syncctx *x, const char *what, unsigned done, unsigned total)
{
	long	 now;
	int	 pct;

	if (total == 0 || x->finished == what)
		return;
	if (x->phase != what) {
		progress_end(x);
		x->phase = what;
	}
	pct = (int)((unsigned long long)done * 100 / total);
	now = now_ms();
	if (done < total && (pct == x->pct || (x->pct >= 0 &&
	    now - x->shown_ms < 100)))
		return;
	fprintf(stderr, "\r%s: %3d%% (%u/%u)", what, pct, done, total);
	x->pct = pct;
	x->shown_ms = now;
	if (done >= total) {
		fputs(", done.", stderr);
		progress_end(x);
		x->finished = what;
	}
}

static int
fetch_progress_cb(const git_indexer_progress *p, void *payload)
{
	progress(payload, "receiving objects", p->received_objects,
	    p->total_objects);
	if (p->received_objects == p->total_objects)
		progress(payload, "indexing objects", p->indexed_objects,
		    p->total_objects);
	return 0;
}

static int
push_progress_cb(unsigned int current, unsigned int total, size_t bytes,
    void *payload)
{
	(void)bytes;
	progress(payload, "writing objects", current, total);
	return 0;
}

/* The remote's own messages, without its terminal escapes. */
static int
sideband_cb(const char *text, int len, void *payload)
{
	int	 i;

	progress_end(payload);
	for (i = 0; i < len; i++) {
		unsigned char	 c = (unsigned char)text[i];

		if (c >= 0x20 || c == '\n' || c == '\r')
			fputc(c, stderr);
	}
	return 0;
}

static int
push_ref_cb(const char *ref, const char *status, void *payload)
{
	struct syncctx	*x = payload;

	(void)ref;
	if (status != NULL) {
		x->rejected = true;
		snprintf(x->reject, sizeof(x->reject), "%s", status);
	}
	return 0;
}

/* The callbacks of one connection: every credential may be offered. */
static void
callbacks(git_remote_callbacks *cb, struct syncctx *x)
{
	x->cred_calls = 0;
	x->tried_agent = false;
	x->next_key = 0;
	x->tried_helper = false;
	x->helper_used = false;
	x->tried_url = false;
	x->cred_msg[0] = '\0';
	cb->credentials = cred_cb;
	cb->certificate_check = cert_cb;
	cb->push_update_reference = push_ref_cb;
	if (x->s->progress) {
		cb->transfer_progress = fetch_progress_cb;
		cb->push_transfer_progress = push_progress_cb;
		cb->sideband_progress = sideband_cb;
	}
	cb->payload = x;
}

/*
 * A lock file that stopped git, named in msg ("failed to lock file
 * '...' for writing"): its name, its age and the remedy, as what's
 * error.  Returns -1, or 0 when msg names no lock file.
 */
static int
lockfail(struct error *e, const char *what, const char *msg)
{
	static const char	 pre[] = "failed to lock file '";
	const char		*p, *q;
	char			 path[4096], age[64];
	struct stat		 sb;

	if (msg == NULL || (p = strstr(msg, pre)) == NULL)
		return 0;
	p += sizeof(pre) - 1;
	if ((q = strstr(p, "' for writing")) == NULL ||
	    (size_t)(q - p) >= sizeof(path))
		return 0;
	memcpy(path, p, (size_t)(q - p));
	path[q - p] = '\0';
	if (lstat(path, &sb) == -1)
		return error_put(e, 1, "%s: '%s' was locked by another git; run "
		    "'hips sync' again", what, path);
	age_words(sb.st_mtime, age, sizeof(age));
	return error_put(e, 1, "%s: '%s' has been locked for %s: if no git is at "
	    "work on that repository (a push or sync killed on the way "
	    "leaves such a lock), remove that file, then run 'hips sync' "
	    "again", what, path, age);
}

/* A network failure: what the credential callback said, or libgit2. */
static int
netfail(struct error *e, struct syncctx *x, const char *what)
{
	const git_error	*ge = git_error_last();
	char		 user[256], host[256];
	int		 port;
	char		 where[600];

	progress_end(x);
	if (x->cred_msg[0] != '\0')
		return error_put(e, 1, "%s", x->cred_msg);
	if (!(git_libgit2_features() & GIT_FEATURE_SSH) &&
	    ssh_url_parse(x->url, user, sizeof(user), host, sizeof(host),
	    &port))
		return error_put(e, 1, "%s '%s': this libgit2 was built without "
		    "ssh: use an https remote", what, x->shown);
	snprintf(where, sizeof(where), "%s '%s'", what, x->shown);
	if (ge != NULL && lockfail(e, where, ge->message) == -1)
		return -1;
	return error_put(e, 1, "%s '%s': %s", what, x->shown,
	    ge != NULL && ge->message != NULL ? ge->message : "unknown error");
}

/*
 * Fetch branch's objects; *has says if origin has it, *rid is its
 * commit.  No ref moves here, outside the writer lock (a sync killed
 * while it fetches leaves no lock behind): track() moves
 * refs/remotes/origin/ under the lock.
 */
int
fetch(git_remote *r, const char *branch, struct syncctx *x, git_oid *rid,
    bool *has, struct error *e)
{
	git_fetch_options	 fo = GIT_FETCH_OPTIONS_INIT;
	const git_remote_head	**heads;
	git_strarray		 specs;
	char			 spec[600], *list[1];
	size_t			 n, i;

	*has = false;
	snprintf(spec, sizeof(spec), "+%s:refs/remotes/origin/%s", branch,
	    branch + strlen("refs/heads/"));
	list[0] = spec;
	specs.strings = list;
	specs.count = 1;
	callbacks(&fo.callbacks, x);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (git_remote_download(r, &specs, &fo) < 0) {
		git_remote_disconnect(r);
		return netfail(e, x, "cannot fetch from");
	}
	progress_end(x);
	helper_approve(x);
	if (git_remote_ls(&heads, &n, r) < 0) {
		git_remote_disconnect(r);
		return gitfail(e, "cannot list the remote's branches");
	}
	for (i = 0; i < n; i++)
		if (strcmp(heads[i]->name, branch) == 0) {
			git_oid_cpy(rid, &heads[i]->oid);
			*has = true;
		}
	git_remote_disconnect(r);
	return 0;
}

/* With the lock held: refs/remotes/origin/BRANCH to what was fetched. */
int
track(git_repository *repo, const char *branch, const git_oid *rid,
    bool has, struct error *e)
{
	const char	*dir = git_repository_commondir(repo);
	struct reflock	 l;
	char		 hex[GIT_OID_HEXSZ + 2];

	if (!has)
		return 0;
	/*
	 * Through a lock of hips's own (make_lock()), recorded before it
	 * exists: a sync killed here leaves a lock that the next write
	 * knows to be its own and removes.
	 */
	l.fd = -1;
	l.renamed = false;
	if ((size_t)snprintf(l.ref, sizeof(l.ref), "%srefs/remotes/origin/%s",
	    dir, branch + strlen("refs/heads/")) >= sizeof(l.ref))
		return error_put(e, 1, "cannot record the remote's branch: name "
		    "too long");
	if (pathf(e, l.lock, sizeof(l.lock), "%s.lock", l.ref) == -1)
		return -1;
	if ((l.fd = make_lock(repo, l.lock, strlen(dir))) == -1)
		return error_put(e, 1, "cannot record the remote's branch: cannot "
		    "lock '%s': %s", l.lock, strerror(errno));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, rid);
	hex[GIT_OID_HEXSZ] = '\n';
	if (write_all(l.fd, hex, GIT_OID_HEXSZ + 1) == -1) {
		error_put(e, 1, "cannot record the remote's branch: cannot write "
		    "'%s': %s", l.lock, strerror(errno));
		ref_unlock(&l);
		return -1;
	}
	if (ref_commit(&l) == -1)
		return gitfail(e, "cannot record the remote's branch");
	return 0;
}

/* 0 pushed, RETRY rejected (someone pushed first), -1 failed. */
int
push(git_remote *r, const char *branch, struct syncctx *x,
    struct error *e)
{
	git_push_options	 po = GIT_PUSH_OPTIONS_INIT;
	git_strarray		 specs;
	char			 spec[600], *list[1], where[600];
	int			 rc;

	snprintf(spec, sizeof(spec), "%s:%s", branch, branch);
	list[0] = spec;
	specs.strings = list;
	specs.count = 1;
	callbacks(&po.callbacks, x);
	x->rejected = false;
	/*
	 * Upload only: refs/remotes/origin/ moves under the lock (track()),
	 * so that a sync killed here leaves no lock in the repository.
	 */
	rc = git_remote_upload(r, &specs, &po);
	git_remote_disconnect(r);
	progress_end(x);
	if (rc == 0 || rc == GIT_ENONFASTFORWARD)
		helper_approve(x);
	/* A lock file in a remote on a path: no retry removes it. */
	if (x->rejected) {
		snprintf(where, sizeof(where), "cannot push to '%s'", x->shown);
		if (lockfail(e, where, x->reject) == -1)
			return -1;
	}
	if (rc == GIT_ENONFASTFORWARD) {
		snprintf(x->reject, sizeof(x->reject), "%s",
		    git_error_last() ? git_error_last()->message : "rejected");
		return RETRY;
	}
	if (rc < 0)
		return netfail(e, x, "cannot push to");
	return x->rejected ? RETRY : 0;
}
