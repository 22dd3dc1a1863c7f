#!/bin/bash
# hips sync over https with a password, the way git users keep one: in
# git's credential helper (credential.helper=store here).  The server is
# git http-backend behind python3's TLS on 127.0.0.1, wanting basic auth;
# hips trusts its certificate through http.sslCAInfo, as git would.
. "$(dirname "$0")/lib.sh"

hx() {
	local d=$1
	shift
	hips -C "$T/$d" "$@"
}

logat() {	# CLONE TIME EXERCISE DOSE
	HIPS_NOW=$2 hips -C "$T/$1" log "$3" "$4" >/dev/null ||
		fail "log $3 $4 in $1"
}

# A smart-HTTP git server on https://127.0.0.1:$port/ serving $T/srv,
# for the user alice with the password s3cret; $REM the bare remote,
# $URL its address without credentials.
serve_git() {
	local i
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
		-subj /CN=127.0.0.1 \
		-addext "subjectAltName=IP:127.0.0.1,DNS:127.0.0.1" \
		-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1 ||
		fail "openssl could not make a certificate"
	cat "$T/key.pem" "$T/cert.pem" >"$T/both.pem"
	mkdir -p "$T/srv"
	REM="$T/srv/r.git"
	git init -q --bare "$REM" || fail "git init --bare"
	cat >"$T/git-https.py" <<-'EOF'
	import base64, http.server, os, ssl, subprocess, sys
	root, pem, user, password = sys.argv[1:5]
	want = "Basic " + base64.b64encode(
	    (user + ":" + password).encode()).decode()
	class H(http.server.BaseHTTPRequestHandler):
	    def body(self):
	        if self.headers.get("Transfer-Encoding", "") == "chunked":
	            data = b""
	            while True:
	                n = int(self.rfile.readline().split(b";")[0], 16)
	                if n == 0:
	                    while self.rfile.readline() not in (b"\r\n", b""):
	                        pass
	                    return data
	                data += self.rfile.read(n)
	                self.rfile.readline()
	        return self.rfile.read(int(self.headers.get("Content-Length", 0)))
	    def serve(self):
	        auth = self.headers.get("Authorization")
	        data = self.body() if self.command == "POST" else b""
	        sys.stderr.write("%s %s %s\n" % (self.command, self.path,
	            "none" if auth is None else
	            base64.b64decode(auth.split()[1]).decode()))
	        sys.stderr.flush()
	        if auth != want:
	            self.send_response(401)
	            self.send_header("WWW-Authenticate", 'Basic realm="hips"')
	            self.send_header("Content-Length", "0")
	            self.end_headers()
	            return
	        path, _, query = self.path.partition("?")
	        env = dict(os.environ, GIT_PROJECT_ROOT=root,
	            GIT_HTTP_EXPORT_ALL="1", PATH_INFO=path, QUERY_STRING=query,
	            REQUEST_METHOD=self.command, REMOTE_USER=user,
	            REMOTE_ADDR="127.0.0.1", CONTENT_LENGTH=str(len(data)),
	            CONTENT_TYPE=self.headers.get("Content-Type", ""))
	        for h in ("Content-Encoding", "Git-Protocol"):
	            if self.headers.get(h):
	                env["HTTP_" + h.upper().replace("-", "_")] = \
	                    self.headers[h]
	        out = subprocess.run(["git", "http-backend"], input=data,
	            env=env, stdout=subprocess.PIPE).stdout
	        head, _, rest = out.partition(b"\r\n\r\n")
	        status, headers = 200, []
	        for line in head.decode().split("\r\n"):
	            k, _, v = line.partition(": ")
	            if k == "Status":
	                status = int(v.split()[0])
	            else:
	                headers.append((k, v))
	        self.send_response(status)
	        for k, v in headers:
	            self.send_header(k, v)
	        self.send_header("Content-Length", str(len(rest)))
	        self.end_headers()
	        self.wfile.write(rest)
	    do_GET = do_POST = serve
	    def log_message(self, *a):
	        pass
	s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
	c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
	c.load_cert_chain(pem)
	s.socket = c.wrap_socket(s.socket, server_side=True)
	print(s.server_address[1], flush=True)
	s.serve_forever()
	EOF
	python3 "$T/git-https.py" "$T/srv" "$T/both.pem" alice s3cret \
		>"$T/port" 2>"$T/web.log" &
	SPID=$!
	trap 'kill "$SPID" 2>/dev/null' EXIT
	for i in $(seq 100); do
		[ -s "$T/port" ] && break
		sleep 0.05
	done
	port=$(cat "$T/port")
	[ -n "$port" ] || fail "the server did not start: $(cat "$T/web.log")"
	URL="https://127.0.0.1:$port/r.git"
	# As a git user trusts a private CA; the helper keeps passwords.
	git config --global http.sslCAInfo "$T/cert.pem"
	git config --global credential.helper store
}

# Nothing hips printed or wrote holds the password.
no_password() {
	printf '%s\n%s\n' "$out" "$err" | grep -q s3cret &&
		fail "the password was shown"
	grep -rq s3cret "$T/a/.git" "$T/a/log" 2>/dev/null &&
		fail "the password is in $T/a: $(grep -rl s3cret "$T/a")"
	return 0
}

# The password given to init goes to the helper, not .git/config; every
# sync (fetch, push, a second machine) gets it from the helper.
t_helper() {
	serve_git
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "https://alice:s3cret@127.0.0.1:$port/r.git"
	expect_status 0
	expect_out_match "^remote origin: https://alice@127.0.0.1:$port/r.git$"
	expect_out_match "password for 'alice' given to git's credential helper"
	no_password
	[ "$(git -C "$T/a" config remote.origin.url)" = \
	    "https://alice@127.0.0.1:$port/r.git" ] || fail "the URL stored"
	grep -q "alice:s3cret@127.0.0.1" "$HOME/.git-credentials" ||
		fail "the helper does not have it"
	run hx a sync -v
	expect_status 0
	expect_out_match "pushed 2 commits to origin"
	no_password
	[ "$(git --git-dir="$REM" rev-parse main)" = \
	    "$(git -C "$T/a" rev-parse HEAD)" ] || fail "not pushed"
	# Another machine, the URL without a user: the helper has both.
	run hx b init --remote "$URL"
	expect_status 0
	run hx b sync
	expect_status 0
	logat b 2026-11-21T07:00:00+01:00 bridge 2x11
	logat a 2026-11-21T08:00:00+01:00 bridge 2x12
	run hx a sync; expect_status 0; no_password
	run hx b sync -v
	expect_status 0
	expect_out_match "merged 1 new commit from origin/main, pushed 2 commits"
	[ "$(git --git-dir="$REM" rev-parse main)" = \
	    "$(git -C "$T/b" rev-parse HEAD)" ] || fail "b not pushed"
	grep -q "^POST /r.git/git-receive-pack alice:s3cret" "$T/web.log" ||
		fail "no authenticated push: $(cat "$T/web.log")"
	[ "$(grep -c . "$HOME/.git-credentials")" -eq 1 ] ||
		fail "the helper's entries: $(cat "$HOME/.git-credentials")"
}
t "https: the password from git's credential helper, never in the URL" t_helper

# A wrong password in the helper: refused with a clear message, and the
# helper told to forget it.
t_wrong_password() {
	serve_git
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	head=$(git -C "$T/a" rev-parse HEAD)
	run hx a init --remote "https://alice:wrong@127.0.0.1:$port/r.git"
	expect_status 0
	grep -q "alice:wrong@" "$HOME/.git-credentials" || fail "not stored"
	run hx a sync
	expect_status 1
	expect_one_line_err
	expect_err_match "^hips: 'https://alice@127.0.0.1:$port/r.git' refused the credentials \(the password for 'alice' from git's credential helper, which was told to forget it\)"
	printf '%s\n' "$err" | grep -q wrong && fail "the password was shown"
	grep -q "alice:wrong@" "$HOME/.git-credentials" &&
		fail "the helper still has it"
	grep -q "alice:wrong" "$T/web.log" || fail "it was not tried"
	[ "$(git -C "$T/a" rev-parse HEAD)" = "$head" ] || fail "HEAD moved"
	git --git-dir="$REM" rev-parse -q --verify main >/dev/null &&
		fail "the remote moved"
	# With nothing left in the helper and no terminal: what to do.
	run hx a sync
	expect_status 1
	expect_one_line_err
	expect_err_match "wants credentials and git's credential helpers gave none: run 'hips sync' at a terminal, where git asks for them"
}
t "https: a wrong password is refused and the helper forgets it" t_wrong_password

# No helper: init keeps no password anywhere and says so; a password
# written in the URL by hand still works, and is never shown.
t_no_helper() {
	serve_git
	git config --global --unset credential.helper
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "https://alice:s3cret@127.0.0.1:$port/r.git"
	expect_status 2
	expect_one_line_err
	expect_err_match "^hips: init: hips keeps no password in the remote URL, and git has no credential helper to keep it"
	no_password
	git -C "$T/a" config remote.origin.url >/dev/null &&
		fail "a remote was set"
	run hips init --remote "ssh://alice:s3cret@127.0.0.1/r.git"
	expect_status 2
	expect_err_match "init: hips keeps no password in the remote URL: leave it out"
	no_password
	[ ! -e "$DATA" ] || fail "init created the data directory"
	git -C "$T/a" remote add origin \
		"https://alice:s3cret@127.0.0.1:$port/r.git"
	run hx a sync -v
	expect_status 0
	expect_out_match "pushed 2 commits"
	printf '%s\n%s\n' "$out" "$err" | grep -q s3cret &&
		fail "the password was shown"
	[ ! -e "$HOME/.git-credentials" ] || fail "something was stored"
}
t "https: no helper: init refuses a password, one in the URL still works" t_no_helper

done_testing
