#!/bin/bash
# hips sync over ssh, against a real OpenSSH server that each test starts
# on 127.0.0.1 (a free port, its own configuration, host key and
# authorized keys) and stops, with ssh-agent or with key files only.
. "$(dirname "$0")/lib.sh"

SSHD=$(command -v sshd 2>/dev/null || echo /usr/sbin/sshd)

# Sanitizer builds: libgit2 1.5.1 leaks on every ssh connection that
# succeeds (load_known_hosts() empties its two path buffers with
# git_str_clear() instead of freeing them, and the known_hosts list from
# libssh2 is freed only on error), and libssh2 1.10 leaks OpenSSL's copy
# of an ecdsa key file.  Their frames have no names, so these tests
# alone ignore leaks inside libgit2, libssh2 and libcrypto; sync.sh checks
# the same store code over the other transports with no such exception.
if [ -n "${LSAN_OPTIONS:-}" ] && [ -f "$TOP/tests/lsan.supp" ]; then
	{ cat "$TOP/tests/lsan.supp"
	  printf 'leak:%s\n' libgit2.so libssh2.so libcrypto.so; } \
		>"$ROOT/lsan-ssh.supp"
	LSAN_OPTIONS=$(printf '%s' "$LSAN_OPTIONS" |
		sed "s|suppressions=[^:]*|suppressions=$ROOT/lsan-ssh.supp|")
	export LSAN_OPTIONS
fi

# hx CLONE ARGS...: hips on the data repository $T/CLONE.
hx() {
	local d=$1
	shift
	hips -C "$T/$d" "$@"
}

logat() {	# CLONE TIME EXERCISE DOSE
	HIPS_NOW=$2 hips -C "$T/$1" log "$3" "$4" >/dev/null ||
		fail "log $3 $4 in $1"
}

stop() {
	kill "$SSHD_PID" ${SSH_AGENT_PID:-} 2>/dev/null
	wait "$SSHD_PID" 2>/dev/null
}

# An sshd on 127.0.0.1:$port that lets $SSH_USER in with the keys in
# $T/sshd/authorized_keys; a bare remote with no branch yet, $REM, and
# its address $URL.
start_sshd() {
	local i
	[ -x "$SSHD" ] || fail "no sshd: install openssh-server (make check-deps)"
	mkdir -p "$T/sshd" "$HOME/.ssh"
	chmod 700 "$HOME/.ssh"
	ssh-keygen -q -t ed25519 -N '' -C '' -f "$T/sshd/host_key" ||
		fail "ssh-keygen"
	: >"$T/sshd/authorized_keys"
	SSH_USER=$(id -un)
	port=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	cat >"$T/sshd/config" <<-EOF
	Port $port
	ListenAddress 127.0.0.1
	HostKey $T/sshd/host_key
	PidFile $T/sshd/pid
	AuthorizedKeysFile $T/sshd/authorized_keys
	StrictModes no
	UsePAM no
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	PubkeyAuthentication yes
	PermitRootLogin prohibit-password
	LogLevel VERBOSE
	# bash started by sshd reads ~/.bashrc (the real one: the user is
	# real), unless it runs one level down.
	SetEnv SHLVL=1
	EOF
	# Privilege separation, when sshd runs as root.
	[ "$(id -u)" != 0 ] || mkdir -p /run/sshd
	"$SSHD" -D -e -f "$T/sshd/config" 2>"$T/sshd/log" &
	SSHD_PID=$!
	trap stop EXIT
	for i in $(seq 100); do
		grep -q "Server listening" "$T/sshd/log" && break
		kill -0 "$SSHD_PID" 2>/dev/null || break
		sleep 0.05
	done
	grep -q "Server listening" "$T/sshd/log" ||
		fail "sshd did not start: $(cat "$T/sshd/log")"
	REM="$T/remote.git"
	git init -q --bare "$REM" || fail "git init --bare"
	URL="ssh://$SSH_USER@127.0.0.1:$port$REM"
}

# The server's key in ~/.ssh/known_hosts, as ssh-keyscan writes it.
trust() {
	ssh-keyscan -p "$port" 127.0.0.1 >"$HOME/.ssh/known_hosts" \
		2>/dev/null || fail "ssh-keyscan"
	[ -s "$HOME/.ssh/known_hosts" ] || fail "ssh-keyscan found no key"
}

# key NAME [PASSPHRASE] [unknown]: ~/.ssh/NAME, authorized unless
# "unknown" is given.
key() {
	local type=${1#id_}
	ssh-keygen -q -t "$type" -N "${2:-}" -C "" -f "$HOME/.ssh/$1" ||
		fail "ssh-keygen $1"
	[ "${3:-}" = unknown ] ||
		cat "$HOME/.ssh/$1.pub" >>"$T/sshd/authorized_keys"
}

agent() {
	unset SSH_AUTH_SOCK SSH_AGENT_PID
	eval "$(ssh-agent -s)" >/dev/null || fail "ssh-agent"
}

remote_head() {
	git --git-dir="$REM" rev-parse -q --verify main 2>/dev/null
}

# The remote's main is CLONE's HEAD, and both are sound.
same() {
	[ "$(remote_head)" = "$(git -C "$T/$1" rev-parse HEAD)" ] ||
		fail "$1 and the remote differ"
	git --git-dir="$REM" fsck --strict >/dev/null 2>&1 || fail "fsck remote"
	git -C "$T/$1" fsck --strict >/dev/null 2>&1 || fail "fsck $1"
}

# The agent's keys on every connection: the first sync pushes into an
# empty remote (fetch, then push: two connections), later ones fetch,
# merge and push.  The key exists only in the agent.
t_agent() {
	start_sshd
	trust
	agent
	key id_ed25519
	ssh-add -q "$HOME/.ssh/id_ed25519" 2>/dev/null || fail "ssh-add"
	rm "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.pub"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$URL"
	expect_status 0
	run hx a sync -v
	expect_status 0
	expect_out_match "pushed 2 commits to origin"
	same a
	# A second machine takes the history; both log; both sync.
	run hx b init --remote "$URL"
	run hx b sync
	expect_status 0
	logat b 2026-11-21T07:00:00+01:00 bridge 2x11
	logat a 2026-11-21T08:00:00+01:00 bridge 2x12
	run hx a sync; expect_status 0
	run hx b sync -v
	expect_status 0
	expect_out_match "merged 1 new commit from origin/main, pushed 2 commits to origin"
	same b
	run hx a sync; expect_status 0
	same a
	[ "$(cat "$T/a/log/2026-11.log" | sort | md5sum)" = \
	    "$(cat "$T/b/log/2026-11.log" | sort | md5sum)" ] ||
		fail "the clones differ"
	[ "$(grep -c "Accepted publickey" "$T/sshd/log")" -ge 7 ] ||
		fail "connections: $(grep Accepted "$T/sshd/log")"
}
t "ssh: the agent's keys on every connection (fetch, then push)" t_agent

# A push the remote rejects starts the sync again: that fetch and push
# are new connections, and get the agent's keys as well.
t_agent_retry() {
	start_sshd
	trust
	agent
	key id_ed25519
	ssh-add -q "$HOME/.ssh/id_ed25519" 2>/dev/null || fail "ssh-add"
	rm "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.pub"
	cat >"$REM/hooks/pre-receive" <<-EOF
	#!/bin/sh
	[ -e "$T/declined" ] && exit 0
	: >"$T/declined"
	exit 1
	EOF
	chmod +x "$REM/hooks/pre-receive"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$URL"
	run hx a sync -v
	expect_status 0
	expect_out_match "pushed 2 commits to origin \(2 attempts"
	[ -e "$T/declined" ] || fail "no push was declined"
	same a
}
t "ssh: a retried sync offers the agent's keys again" t_agent_retry

# Without an agent, the default key files in ssh's order: one the server
# does not know, then one it does.
t_key_files() {
	start_sshd
	trust
	unset SSH_AUTH_SOCK
	key id_ed25519 "" unknown
	key id_ecdsa
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$URL"
	run hx a sync -v
	expect_status 0
	expect_out_match "pushed 2 commits"
	same a
	logat a 2026-11-21T07:00:00+01:00 bridge 2x11
	run hx a sync -v
	expect_status 0
	expect_out_match "pushed 1 commit"
	same a
	grep -q "Accepted publickey for $SSH_USER .*ECDSA" "$T/sshd/log" ||
		fail "not the ecdsa key: $(grep Accepted "$T/sshd/log")"
}
t "ssh: without an agent, ~/.ssh/id_ed25519, id_ecdsa, id_rsa in turn" t_key_files

# The scp-like address; [user@host:port]:path is its form with a port.
t_scp_like() {
	start_sshd
	trust
	unset SSH_AUTH_SOCK
	key id_ed25519
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "[$SSH_USER@127.0.0.1:$port]:$REM"
	expect_status 0
	expect_out_match "remote origin: \[$SSH_USER@127.0.0.1:$port\]:$REM"
	run hx a sync
	expect_status 0
	same a
	[ "$(git -C "$T/a" config remote.origin.url)" = \
	    "[$SSH_USER@127.0.0.1:$port]:$REM" ] || fail "the URL changed"
}
t "ssh: an scp-like address" t_scp_like

# An unknown host: exit 1, nothing changed, and the remedy; following
# it literally makes the next sync work.
t_unknown_host() {
	local head remedy
	start_sshd
	unset SSH_AUTH_SOCK
	key id_ed25519
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	head=$(git -C "$T/a" rev-parse HEAD)
	run hx a init --remote "$URL"
	run hx a sync
	expect_status 1
	expect_one_line_err
	expect_err_match "^hips: the host key of '\[127.0.0.1\]:$port' is not known \(ssh-ed25519 SHA256:"
	expect_err_match "connect once with 'ssh -p $port $SSH_USER@127.0.0.1'"
	expect_err_match "'ssh-keyscan -p $port 127.0.0.1 >> ~/.ssh/known_hosts'"
	# The fingerprint is the server's.
	fp=$(ssh-keygen -lf "$T/sshd/host_key.pub" | cut -d' ' -f2)
	printf '%s\n' "$err" | grep -qF "$fp" || fail "not the fingerprint $fp"
	[ -z "$(remote_head)" ] || fail "the remote moved"
	[ "$(git -C "$T/a" rev-parse HEAD)" = "$head" ] || fail "HEAD moved"
	grep -q "Accepted" "$T/sshd/log" && fail "it logged in"
	remedy=$(printf '%s\n' "$err" | sed -n "s/.*or add it with '\(.*\)'$/\1/p")
	[ -n "$remedy" ] || fail "no command in the message"
	(cd "$HOME" && eval "${remedy/\~/$HOME}") 2>/dev/null
	run hx a sync
	expect_status 0
	same a
}
t "ssh: an unknown host says how to trust it" t_unknown_host

# A changed host key: refused, loudly, before any login.  The hashed
# form of known_hosts (HashKnownHosts) is read too.
t_changed_host() {
	start_sshd
	unset SSH_AUTH_SOCK
	key id_ed25519
	ssh-keygen -q -t ed25519 -N '' -C '' -f "$T/other" || fail "ssh-keygen"
	printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$T/other.pub")" \
		>"$HOME/.ssh/known_hosts"
	ssh-keygen -q -H -f "$HOME/.ssh/known_hosts" >/dev/null 2>&1 ||
		fail "ssh-keygen -H"
	grep -q '^|1|' "$HOME/.ssh/known_hosts" || fail "not hashed"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$URL"
	run hx a sync
	expect_status 1
	expect_one_line_err
	expect_err_match "^hips: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for '\[127.0.0.1\]:$port'"
	expect_err_match "not the key in ~/.ssh/known_hosts:1"
	expect_err_match "ssh-keygen -R \"\[127.0.0.1\]:$port\""
	[ -z "$(remote_head)" ] || fail "the remote moved"
	grep -q "Accepted" "$T/sshd/log" && fail "it logged in"
	# The right key, hashed: accepted.
	ssh-keyscan -H -p "$port" 127.0.0.1 >"$HOME/.ssh/known_hosts" 2>/dev/null
	run hx a sync
	expect_status 0
	same a
}
t "ssh: a changed host key is refused with a warning" t_changed_host

# A key with a passphrase: hips asks for none and says to use ssh-agent.
t_passphrase() {
	start_sshd
	trust
	unset SSH_AUTH_SOCK
	key id_ed25519 "a passphrase"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$URL"
	run hx a sync
	expect_status 1
	expect_one_line_err
	expect_err_match "~/.ssh/id_ed25519 has a passphrase, which hips does not ask for: add it to ssh-agent with 'ssh-add ~/.ssh/id_ed25519'"
	[ -z "$(remote_head)" ] || fail "the remote moved"
	# Following that advice works.
	agent
	printf '#!/bin/sh\necho "a passphrase"\n' >"$T/askpass"
	chmod +x "$T/askpass"
	SSH_ASKPASS_REQUIRE=force SSH_ASKPASS="$T/askpass" DISPLAY=: \
		ssh-add -q "$HOME/.ssh/id_ed25519" </dev/null 2>/dev/null
	ssh-add -l >/dev/null 2>&1 || fail "ssh-add"
	run hx a sync
	expect_status 0
	same a
}
t "ssh: a key with a passphrase: add it to ssh-agent" t_passphrase

# Keys the server refuses, and no key at all: say which and what to do.
t_refused() {
	start_sshd
	trust
	agent
	key id_ed25519 "" unknown
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$URL"
	run hx a sync
	expect_status 1
	expect_one_line_err
	expect_err_match "refused the credentials \(the keys in ssh-agent, ~/.ssh/id_ed25519\): give the server your public key"
	rm "$HOME/.ssh/id_ed25519"*
	unset SSH_AUTH_SOCK
	run hx a sync
	expect_status 1
	expect_one_line_err
	expect_err_match "wants an ssh key and there is none: .*ssh-keygen -t ed25519"
	[ -z "$(remote_head)" ] || fail "the remote moved"
}
t "ssh: refused or missing keys: what was offered and what to do" t_refused

done_testing
