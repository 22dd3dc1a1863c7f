#!/bin/sh
# The README's two commands, literally, on a minimal Debian SUITE, as root
# and as a plain user (run as root here; make distro-check SUITE=trixie):
#
#   sh scripts/distro-check.sh trixie
#
# debootstrap --variant=minbase makes the system once, in
# build/distro/SUITE-base (kept: reruns start from a copy of it, in
# build/distro/SUITE).  The source tree (the files git tracks or would
# track, as they are now) is copied to /root/hips and /home/hips/hips, and
# the steps run in a chroot with /proc, /dev/pts and /dev/shm mounted:
#
#   1. user: the first command fails and says what root must run
#   2. root: the first command (installs, builds, logs)
#   3. root: the second command (make check)
#   4. user: the first command
#   5. user: the second command
#
# Each step prints PASS or FAIL (its output: build/distro/SUITE-N.log),
# then a summary; the exit status is 0 when all passed.  Where the Debian
# archive cannot be reached, it prints one SKIP line and exits 0.
# DEBIAN_MIRROR overrides http://deb.debian.org/debian.
set -u

suite=${1:-}
case $suite in
""|*/*|-*)
	echo "hips: usage: sh scripts/distro-check.sh SUITE (e.g. trixie)" >&2
	exit 2 ;;
esac
top=$(cd "$(dirname "$0")/.." && pwd -P)
dir=$top/build/distro
base=$dir/$suite-base
root=$dir/$suite
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
user=hips
tag="distro-check $suite"
path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

if [ "$(id -u)" != 0 ]; then
	echo "hips: distro-check needs root (debootstrap, chroot, mount)" >&2
	exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
	echo "$tag: installing debootstrap" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends debootstrap >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		    --no-install-recommends debootstrap >/dev/null; } || {
		echo "hips: could not install debootstrap" >&2
		exit 1
	}
fi

# The two commands, as the README's quick start shows them.
cmds=$(awk '/^## Quick start/ { q = 1; next } /^## / { q = 0 }
    q && /^    [^ ]/ { sub(/^    /, ""); print }' "$top/README.md" |
    head -n 2)
cmd1=$(printf '%s\n' "$cmds" | sed -n 1p)
cmd2=$(printf '%s\n' "$cmds" | sed -n 2p)
if [ -z "$cmd1" ] || [ -z "$cmd2" ]; then
	echo "hips: no two commands under the README's quick start" >&2
	exit 1
fi

mkdir -p "$dir" || exit 1

# Everything mounted under $root, deepest first.
mounts() {
	awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' \
	    /proc/mounts | sort -r
}
# Stop what still runs inside (test servers), then unmount.
release() {
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] &&
			kill -9 "${p#/proc/}" 2>/dev/null
	done
	for m in $(mounts); do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
}
trap 'release' EXIT
trap 'exit 130' INT TERM

# The base system, made once.
if [ ! -d "$base" ]; then
	echo "$tag: debootstrap --variant=minbase $suite (once)"
	rm -rf --one-file-system "$base.tmp"
	if ! debootstrap --variant=minbase "$suite" "$base.tmp" "$mirror" \
	    >"$dir/$suite-debootstrap.log" 2>&1; then
		if grep -Eq "Failed getting release file|Couldn't download|Couldn't retrieve|Failure while downloading|Release signed by unknown key" \
		    "$dir/$suite-debootstrap.log"; then
			echo "$tag: SKIP: the Debian archive ($mirror) cannot be reached"
			rm -rf --one-file-system "$base.tmp"
			exit 0
		fi
		echo "$tag: FAIL: debootstrap (build/distro/$suite-debootstrap.log)"
		tail -5 "$dir/$suite-debootstrap.log" | sed 's/^/#   /'
		rm -rf --one-file-system "$base.tmp"
		exit 1
	fi
	mv "$base.tmp" "$base" || exit 1
fi

# A fresh copy of it.
release
if [ -n "$(mounts)" ]; then
	echo "hips: cannot unmount under $root" >&2
	exit 1
fi
rm -rf --one-file-system "$root"
cp -a "$base" "$root" || exit 1
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
# Nothing that packages install starts as a service in here.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc" &&
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts \
    "$root/dev/pts" &&
mount --bind "$root/dev/pts/ptmx" "$root/dev/ptmx" &&
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm" || exit 1
chroot "$root" useradd -m -s /bin/sh "$user" || exit 1

# The source tree: what git tracks or would track, as it is now.
sources() {
	if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$top" && git ls-files --cached --others \
		    --exclude-standard | while IFS= read -r f; do
			[ -e "$f" ] && printf '%s\n' "$f"
		done | tar -cf - -T -)
	else
		(cd "$top" && tar -cf - --exclude=./build --exclude=./hips \
		    --exclude=./hips-git.so .)
	fi
}
for home in /root "/home/$user"; do
	mkdir -p "$root$home/hips" &&
	sources | tar -xf - -C "$root$home/hips" || exit 1
done
chroot "$root" chown -R "$user:$user" "/home/$user/hips" || exit 1

passed=0
failed=0
step=0
# step WHO EXPECT COMMAND: run it in the copy of the tree of WHO;
# EXPECT ok (exit 0) or refused (exit non-zero, root's command shown).
step() {
	who=$1 expect=$2 cmd=$3 rc=0 ok=0
	step=$((step + 1))
	steplog=$dir/$suite-$step.log
	if [ "$who" = root ]; then
		chroot "$root" env -i PATH="$path" HOME=/root USER=root \
		    sh -c "cd && cd hips && $cmd" >"$steplog" 2>&1 </dev/null ||
			rc=$?
	else
		chroot --userspec="$user:$user" "$root" env -i \
		    PATH="${path#/usr/local/sbin:}" HOME="/home/$user" \
		    USER="$user" sh -c "cd && cd hips && $cmd" \
		    >"$steplog" 2>&1 </dev/null || rc=$?
	fi
	case $expect in
	ok)	[ "$rc" = 0 ] && ok=1 ;;
	refused) [ "$rc" != 0 ] &&
		grep -q '^hips: run as root: apt-get .*install' "$steplog" &&
		ok=1 ;;
	esac
	if [ "$ok" = 0 ] && grep -Eq "Temporary failure resolving|Could not connect to|Could not resolve" \
	    "$steplog"; then
		echo "$tag: SKIP: the Debian archive ($mirror) cannot be reached"
		exit 0
	fi
	if [ "$ok" = 1 ]; then
		echo "$tag: PASS: $who: $cmd"
		tail -1 "$steplog" | sed 's/^/#   /'
		passed=$((passed + 1))
	else
		echo "$tag: FAIL: $who: $cmd (exit $rc; build/distro/$suite-$step.log)"
		tail -15 "$steplog" | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}

step "$user" refused "$cmd1"
step root ok "$cmd1"
step root ok "$cmd2"
step "$user" ok "$cmd1"
step "$user" ok "$cmd2"

echo "$tag: $passed passed, $failed failed"
if [ "$failed" = 0 ]; then
	release
	rm -rf --one-file-system "$root"
fi
[ "$failed" = 0 ]
