#!/usr/bin/env bash
# Installs the real LPD peers that lpkit's interoperability tests run against:
# BSD lpd/lpr (Debian `lpr`), LPRng (`lprng`), rlpr (`rlpr`), CUPS' lpd
# backend and cups-lpd (`cups`), cupsd (`cups-daemon`) and the CUPS BSD
# clients (`cups-bsd`).
#
#   sudo bash .ci/peers.sh            # installs into /opt/lpkit-peers
#   LPKIT_PEERS_DIR=/somewhere bash .ci/peers.sh
#
# `lpr`, `lprng` and `cups-bsd` conflict with each other, so none of them is
# `apt-get install`ed: each package is downloaded and unpacked with `dpkg -x`
# into a folder of its own, $LPKIT_PEERS_DIR/<package>/ (for example
# /opt/lpkit-peers/lprng/usr/sbin/lpd). Shared libraries a peer lacks on this
# machine are unpacked into the same folder; tests then add
# <folder>/usr/lib/x86_64-linux-gnu (and friends) to LD_LIBRARY_PATH.
# Nothing outside $LPKIT_PEERS_DIR is changed except: ordinary tools that do
# not conflict with anything (socat, strace, iproute2, util-linux, mandoc) are
# installed with apt, and the user and group `lp` are created if missing.
#
# Idempotent: a peer whose unpacked version equals apt's candidate version is
# left alone. Runs as root on Debian 12 (bookworm). Exits non-zero, naming the
# package, when a peer cannot be obtained or does not run.
set -euo pipefail

PEERS_DIR="${LPKIT_PEERS_DIR:-/opt/lpkit-peers}"
# The packages unpacked privately, and the binary each must provide.
PEER_PACKAGES=(lpr lprng rlpr cups cups-daemon cups-bsd)
declare -A PEER_PROBE=(
    [lpr]=usr/sbin/lpd
    [lprng]=usr/sbin/lpd
    [rlpr]=usr/bin/rlpr
    [cups]=usr/lib/cups/backend-available/lpd
    [cups-daemon]=usr/sbin/cupsd
    [cups-bsd]=usr/bin/lpq
)
# Tools installed normally (none of them conflicts with anything).
TOOLS=(socat strace iproute2 util-linux)
OPTIONAL_TOOLS=(mandoc)

die() {
    echo "peers.sh: error: $*" >&2
    exit 1
}
say() { echo "peers.sh: $*"; }

[[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages and creates the user lp)"
command -v apt-get >/dev/null || die "apt-get not found: this script needs Debian 12"
command -v dpkg >/dev/null || die "dpkg not found: this script needs Debian 12"

export DEBIAN_FRONTEND=noninteractive
say "apt-get update"
apt-get update -qq || die "apt-get update failed: the Debian package registry is not reachable"

missing_tools=()
for t in "${TOOLS[@]}"; do
    dpkg-query -W -f='${Status}' "$t" 2>/dev/null | grep -q 'install ok installed' || missing_tools+=("$t")
done
if ((${#missing_tools[@]})); then
    say "installing tools: ${missing_tools[*]}"
    apt-get install -y -qq --no-install-recommends "${missing_tools[@]}" >/dev/null ||
        die "apt-get install ${missing_tools[*]} failed"
fi
for t in "${OPTIONAL_TOOLS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$t" 2>/dev/null | grep -q 'install ok installed'; then
        apt-get install -y -qq --no-install-recommends "$t" >/dev/null 2>&1 ||
            say "note: optional tool $t could not be installed; continuing"
    fi
done
for cmd in socat unshare mount nsenter; do
    command -v "$cmd" >/dev/null || die "$cmd is still missing after installing ${TOOLS[*]}"
done

# The user and group the peers' daemons run as (Debian gives them id 7).
if ! getent group lp >/dev/null; then
    groupadd --system lp 2>/dev/null || groupadd lp || die "cannot create group lp"
    say "created group lp"
fi
if ! getent passwd lp >/dev/null; then
    useradd --system --gid lp --home-dir /var/spool/lpd --no-create-home \
        --shell /usr/sbin/nologin lp || die "cannot create user lp"
    say "created user lp"
fi

mkdir -p "$PEERS_DIR"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

candidate() {
    apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}'
}

# Downloads package $1 and unpacks it into folder $2 (which it creates).
fetch_into() {
    local pkg=$1 dest=$2
    rm -f "$work"/*.deb
    (cd "$work" && apt-get download -qq "$pkg" >/dev/null 2>&1) ||
        die "cannot download Debian package '$pkg' (apt-get download $pkg failed)"
    local deb
    deb=$(ls "$work"/*.deb 2>/dev/null | head -n1)
    [[ -n $deb ]] || die "apt-get download $pkg produced no .deb"
    mkdir -p "$dest"
    dpkg -x "$deb" "$dest" || die "dpkg -x $deb $dest failed"
    rm -f "$deb"
}

# Library folders inside a peer's folder, for LD_LIBRARY_PATH.
lib_path() {
    local d=$1 out=""
    for sub in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu lib usr/lib; do
        [[ -d $d/$sub ]] && out="${out:+$out:}$d/$sub"
    done
    echo "$out"
}

# Sonames a binary cannot resolve, given the peer's private library folders.
missing_libs() {
    local bin=$1 dir=$2
    LD_LIBRARY_PATH=$(lib_path "$dir") ldd "$bin" 2>/dev/null |
        awk '/not found/ {print $1}' | sort -u
}

# Debian's library package naming policy: libfoo.so.3 -> libfoo3,
# libkrb5.so.3 -> libkrb5-3, libgssapi_krb5.so.2 -> libgssapi-krb5-2.
soname_package() {
    local so=$1 base ver
    base=${so%%.so.*}
    ver=${so##*.so.}
    ver=${ver%%.*}
    base=${base//_/-}
    if [[ $base =~ [0-9]$ ]]; then echo "$base-$ver"; else echo "$base$ver"; fi
}

# Unpacks the libraries every ELF file of a peer needs and the machine lacks.
complete_libraries() {
    local pkg=$1 dir=$2 round so lib_pkg added
    for round in 1 2 3 4; do
        added=0
        while IFS= read -r -d '' bin; do
            file -b "$bin" 2>/dev/null | grep -q ELF || continue
            for so in $(missing_libs "$bin" "$dir"); do
                lib_pkg=$(soname_package "$so")
                [[ -e $dir/.libs-$lib_pkg ]] && continue
                say "  $pkg needs $so: unpacking Debian package $lib_pkg into $dir"
                fetch_into "$lib_pkg" "$dir"
                touch "$dir/.libs-$lib_pkg"
                added=1
            done
        done < <(find "$dir/usr/bin" "$dir/usr/sbin" "$dir/usr/lib/cups" -type f -perm -u+x -print0 2>/dev/null)
        ((added)) || return 0
    done
}

command -v file >/dev/null || apt-get install -y -qq --no-install-recommends file >/dev/null ||
    die "cannot install 'file' (needed to find the peers' binaries)"

for pkg in "${PEER_PACKAGES[@]}"; do
    dest="$PEERS_DIR/$pkg"
    want=$(candidate "$pkg")
    [[ -n $want && $want != "(none)" ]] || die "Debian package '$pkg' is not available from apt (apt-cache policy $pkg shows no candidate)"
    have=$(cat "$dest/.version" 2>/dev/null || true)
    if [[ $have == "$want" && -x $dest/${PEER_PROBE[$pkg]} ]]; then
        say "$pkg $have already in $dest"
    else
        rm -rf "$dest"
        fetch_into "$pkg" "$dest"
        echo "$want" >"$dest/.version"
        say "unpacked $pkg $want into $dest"
    fi
    probe="$dest/${PEER_PROBE[$pkg]}"
    [[ -x $probe ]] || die "$pkg was unpacked into $dest but $probe is missing"
    complete_libraries "$pkg" "$dest"
    left=$(missing_libs "$probe" "$dest" | tr '\n' ' ')
    [[ -z $left ]] || die "$probe still cannot find the libraries: $left"
done

# The lpd backend ships in backend-available/ (Debian enables it with a
# symlink); tests call it by its path there, but keep the usual path too.
mkdir -p "$PEERS_DIR/cups/usr/lib/cups/backend"
ln -sfn ../backend-available/lpd "$PEERS_DIR/cups/usr/lib/cups/backend/lpd"

# Check that each one really starts.
check() {
    local what=$1
    shift
    local out
    if ! out=$("$@" 2>&1); then
        # Several of these print usage and exit non-zero on a version flag;
        # that still proves the binary loads.
        [[ -n $out ]] || die "$what does not run: $*"
    fi
    say "  $what: $(echo "$out" | head -n1)"
}
say "installed into $PEERS_DIR:"
check "LPRng lpd   ($PEERS_DIR/lprng/usr/sbin/lpd)" "$PEERS_DIR/lprng/usr/sbin/lpd" -V
check "BSD lpd     ($PEERS_DIR/lpr/usr/sbin/lpd)" sh -c "'$PEERS_DIR/lpr/usr/sbin/lpd' -x 2>&1; true"
check "rlpr        ($PEERS_DIR/rlpr/usr/bin/rlpr)" "$PEERS_DIR/rlpr/usr/bin/rlpr" --version
check "CUPS lpd backend ($PEERS_DIR/cups/usr/lib/cups/backend/lpd)" sh -c "'$PEERS_DIR/cups/usr/lib/cups/backend/lpd' 2>&1; true"
for pkg in "${PEER_PACKAGES[@]}"; do
    say "  $pkg $(cat "$PEERS_DIR/$pkg/.version")"
done
say "done"
