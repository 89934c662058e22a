#!/usr/bin/env bash
# Builds the Debian package with cargo-deb and checks it:
#   1. installs cargo-deb from crates.io if it is missing;
#   2. cargo deb --locked (release build; [package.metadata.deb] in Cargo.toml);
#   3. lists the package (dpkg-deb -c) and fails if an expected file is
#      missing, has the wrong mode, or the control fields, conffiles or
#      maintainer scripts are not what we ship;
#   4. lints the man pages (mandoc -T lint) and verifies the systemd units
#      (systemd-analyze verify), when those tools are installed;
#   5. with --install-test (root, Linux): installs, exercises, removes and
#      purges the package in a throw-away overlay of / (the real system is
#      not touched) and checks capabilities, diversions and conffiles.
#
#   usage: scripts/package.sh [--install-test] [--no-build]
#   env:   CARGO_DEB_VERSION   cargo-deb version to install (default: latest)
set -euo pipefail
cd "$(dirname "$0")/.."

install_test=0
build=1
for arg in "$@"; do
  case "$arg" in
    --install-test) install_test=1 ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument $arg" >&2; exit 64 ;;
  esac
done

start=$(date +%s)
failures=0
fail() { echo "package.sh: FAIL: $*" >&2; failures=$((failures + 1)); }
note() { echo "::: $*"; }

# 1. cargo-deb
if ! cargo deb --version >/dev/null 2>&1; then
  note "installing cargo-deb from crates.io"
  cargo install cargo-deb --locked ${CARGO_DEB_VERSION:+--version "$CARGO_DEB_VERSION"}
fi
note "$(cargo deb --version)"

# 2. build
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
deb="$target_dir/debian/lpkit_${version}-1_$(dpkg --print-architecture).deb"
if [ "$build" = 1 ]; then
  note "cargo deb --locked"
  cargo deb --locked
fi
[ -f "$deb" ] || { echo "package.sh: $deb was not built" >&2; exit 1; }
note "built $deb ($(du -h "$deb" | cut -f1))"

# 3. contents
note "dpkg-deb -c"
listing=$(dpkg-deb -c "$deb")
echo "$listing"
# "mode path" for every regular file.
files=$(echo "$listing" | awk '$1 !~ /^d/ { sub(/^\.\//, "/", $6); print $1, $6 }')

expect() { # expect MODE PATH
  local got
  got=$(echo "$files" | awk -v p="$2" '$2 == p { print $1 }')
  if [ -z "$got" ]; then
    fail "missing $2"
  elif [ "$got" != "$1" ]; then
    fail "$2 has mode $got, expected $1"
  fi
}
for b in lpr lpq lprm lpc; do expect -rwxr-xr-x "/usr/bin/$b"; done
expect -rwxr-xr-x /usr/sbin/lpd
for m in man1/lpr.1 man1/lpq.1 man1/lprm.1 man8/lpc.8 man5/lpkit.toml.5 man5/lpd.toml.5; do
  expect -rw-r--r-- "/usr/share/man/$m.gz"
done
for t in lpr lpq lprm lpc; do
  expect -rw-r--r-- "/usr/share/bash-completion/completions/$t"
  expect -rw-r--r-- "/usr/share/zsh/vendor-completions/_$t"
  expect -rw-r--r-- "/usr/share/fish/vendor_completions.d/$t.fish"
done
for f in lpkit.toml lpd.toml; do
  expect -rw-r--r-- "/etc/lpkit/$f"
  expect -rw-r--r-- "/usr/share/doc/lpkit/examples/$f"
done
for d in README.md CHANGELOG.md copyright service.md reserved-ports.md migration.md samba.md comparison.md; do
  expect -rw-r--r-- "/usr/share/doc/lpkit/$d"
done
unit_dir=$(echo "$files" | awk '$2 ~ /\/systemd\/system\/lpd\.service$/ { sub(/\/lpd\.service$/, "", $2); print $2 }')
if [ -z "$unit_dir" ]; then
  fail "missing lpd.service"
else
  expect -rw-r--r-- "$unit_dir/lpd.service"
  expect -rw-r--r-- "$unit_dir/lpd.socket"
fi
# Nothing set-user-ID, nothing world-writable.
if echo "$files" | awk '$1 ~ /[sS]/ || substr($1, 9, 1) == "w"' | grep -q .; then
  fail "set-user-ID or world-writable files: $(echo "$files" | awk '$1 ~ /[sS]/ || substr($1, 9, 1) == "w"')"
fi

note "control"
control=$(dpkg-deb -f "$deb")
echo "$control"
field() { echo "$control" | sed -n "s/^$1: //p"; }
[ "$(field Provides)" = "lpr" ] || fail "Provides is '$(field Provides)', expected 'lpr'"
for rel in Conflicts Replaces; do
  for p in lpr lprng cups-bsd; do
    field "$rel" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$p" || fail "$rel lacks $p"
  done
done
field Depends | grep -q libcap2-bin || fail "Depends lacks libcap2-bin (setcap in postinst)"

ctl=$(mktemp -d)
trap 'rm -rf "$ctl"' EXIT
dpkg-deb -e "$deb" "$ctl/DEBIAN"
[ "$(cat "$ctl/DEBIAN/conffiles")" = "$(printf '/etc/lpkit/lpkit.toml\n/etc/lpkit/lpd.toml')" ] \
  || fail "conffiles: $(tr '\n' ' ' < "$ctl/DEBIAN/conffiles")"
for s in preinst postinst prerm postrm; do
  if [ ! -x "$ctl/DEBIAN/$s" ]; then fail "no executable $s"; continue; fi
  sh -n "$ctl/DEBIAN/$s" || fail "$s is not valid sh"
  ! grep -q '#DEBHELPER#' "$ctl/DEBIAN/$s" || fail "$s still contains #DEBHELPER#"
done
grep -q 'setcap cap_net_bind_service=ep' "$ctl/DEBIAN/postinst" || fail "postinst does not set the capability"
grep -q 'dpkg-divert --package lpkit --add' "$ctl/DEBIAN/preinst" || fail "preinst does not divert bash-completion's files"

# 4. man pages and units
dpkg-deb -x "$deb" "$ctl/root"
if command -v mandoc >/dev/null; then
  note "mandoc -T lint"
  # Hand-written pages must be clean; generated ones (clap_mangen, see
  # src/cli/generate.rs) must have no errors, and their warnings are shown.
  for m in "$ctl"/root/usr/share/man/man*/*.gz; do
    case "$(basename "$m")" in
      *.toml.5.gz) level=warning ;;
      *) level=error ;;
    esac
    out=$(mandoc -T lint -W "$level" "$m" 2>&1) || true
    if [ -n "$out" ]; then fail "mandoc: $out"; fi
    if [ "$level" = error ]; then
      mandoc -T lint -W warning "$m" 2>&1 | sed "s|$ctl/root||; s|^|note: |" || true
    fi
  done
else
  note "SKIPPED mandoc -T lint: mandoc is not installed (apt-get install mandoc)"
fi
if command -v systemd-analyze >/dev/null && [ -d /lib/systemd/system ]; then
  note "systemd-analyze verify"
  # A root with the system's units (for sysinit.target & co.) and ours.
  vroot="$ctl/vroot"
  mkdir -p "$vroot/lib/systemd" "$vroot/usr/sbin"
  cp -a /lib/systemd/system "$vroot/lib/systemd/"
  cp "$ctl/root$unit_dir"/lpd.* "$vroot/lib/systemd/system/"
  cp "$ctl/root/usr/sbin/lpd" "$vroot/usr/sbin/lpd"
  # Any output (unknown keys are only warnings) is a failure.
  out=$(systemd-analyze verify --man=no --root="$vroot" \
        /lib/systemd/system/lpd.socket /lib/systemd/system/lpd.service 2>&1) || fail "systemd-analyze verify failed"
  if [ -n "$out" ]; then fail "systemd-analyze verify: $out"; fi
  systemd-analyze security --offline=yes --root="$vroot" --no-pager lpd.service 2>/dev/null | tail -n 1 || true
else
  note "SKIPPED systemd-analyze verify: systemd is not installed"
fi

# 5. install test
if [ "$install_test" = 1 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
    fail "--install-test needs root and unshare"
  else
    note "install test in an overlay of /"
    it="$ctl/it"
    mkdir -p "$it/upper" "$it/work" "$it/root"
    cp "$deb" "$it/upper.deb"
    cat > "$it/inside.sh" <<'INSIDE'
set -eu
ok() { echo "install-test: ok: $*"; }
bad() { echo "install-test: FAIL: $*"; exit 1; }
# Stand-in for bash-completion's own completion (it may not be installed).
mkdir -p /usr/share/bash-completion/completions
echo '# bash-completion original' > /usr/share/bash-completion/completions/lpr
dpkg -i /tmp/lpkit.deb >/dev/null
for b in lpr lpq lprm lpc; do
  getcap "/usr/bin/$b" | grep -q cap_net_bind_service || bad "/usr/bin/$b has no capability"
done
ok "postinst gave the clients CAP_NET_BIND_SERVICE"
[ -z "$(getcap /usr/sbin/lpd)" ] || bad "lpd has a capability"
[ "$(dpkg-divert --list lpkit | wc -l)" = 2 ] || bad "expected two diversions"
grep -q 'bash-completion original' /usr/share/bash-completion/completions/lpr.distrib \
  || bad "bash-completion's lpr was not moved to lpr.distrib"
grep -q 'bash-completion original' /usr/share/bash-completion/completions/lpr \
  && bad "lpkit's lpr completion was not installed"
ok "bash-completion's lpr and lpq are diverted"
lpd --check-config --config /etc/lpkit/lpd.toml >/dev/null || bad "the installed lpd.toml does not check"
lpq --config /etc/lpkit/lpkit.toml --version >/dev/null || bad "lpq does not run"
out=$(su nobody -s /bin/sh -c 'lpq -V --reserved-port require -P lp@127.0.0.1:9' 2>&1 || true)
echo "$out" | grep -q 'connection refused' || bad "nobody with the capability: $out"
ok "an unprivileged user binds a reserved port (got as far as connecting)"
touch /etc/lpkit/no-setcap
dpkg-reconfigure lpkit >/dev/null || bad "dpkg-reconfigure lpkit failed"
[ -z "$(getcap /usr/bin/lpr)" ] || bad "/etc/lpkit/no-setcap did not remove the capability"
out=$(su nobody -s /bin/sh -c 'lpq -V --reserved-port require -P lp@127.0.0.1:9' 2>&1 || echo "rc=$?")
echo "$out" | grep -q 'rc=77' || bad "without the capability, require should exit 77: $out"
ok "without the capability: $(echo "$out" | grep -m1 'permission denied')"
rm /etc/lpkit/no-setcap
echo '# changed' >> /etc/lpkit/lpkit.toml
dpkg -r lpkit >/dev/null
[ -z "$(dpkg-divert --list lpkit)" ] || bad "diversions left after remove"
[ -f /etc/lpkit/lpkit.toml ] || bad "remove deleted a conffile"
[ ! -e /usr/bin/lpr ] || bad "remove left /usr/bin/lpr"
grep -q 'bash-completion original' /usr/share/bash-completion/completions/lpr \
  || bad "remove did not give bash-completion its lpr back"
ok "remove keeps conffiles and undoes the diversions"
dpkg -P lpkit >/dev/null
[ ! -e /etc/lpkit ] || bad "purge left /etc/lpkit: $(ls -A /etc/lpkit)"
ok "purge removes /etc/lpkit"
INSIDE
    cat > "$it/outside.sh" <<OUTSIDE
set -eu
mount -t overlay overlay -o lowerdir=/,upperdir=$it/upper,workdir=$it/work $it/root
mount -t proc proc $it/root/proc
mount --rbind /dev $it/root/dev
mount -t tmpfs tmpfs $it/root/run
mount -t tmpfs tmpfs $it/root/tmp
cp $it/upper.deb $it/root/tmp/lpkit.deb
cp $it/inside.sh $it/root/tmp/inside.sh
exec chroot $it/root /bin/sh /tmp/inside.sh
OUTSIDE
    if ! unshare -m --propagation private sh "$it/outside.sh"; then
      fail "install test"
    fi
  fi
fi

note "package.sh finished in $(( $(date +%s) - start )) s with $failures failure(s)"
[ "$failures" = 0 ]
