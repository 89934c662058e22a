#!/usr/bin/env bash
# The main job, end to end on loopback: start lpkit's lpd with its embedded
# default configuration (one queue "lp" whose device writes each finished job
# into a folder under the spool), submit files with lpkit's lpr, show the
# queue with lpq, and list what the "printer" received.
#
#   usage: scripts/demo.sh [PORT]      (default port 5515; no root needed)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-5515}
bin=${LPKIT_BIN:-target/release}
for b in lpd lpr lpq lprm lpc; do
  [ -x "$bin/$b" ] || { echo "demo: $bin/$b is missing; run 'cargo build --release' first" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/lpkit-demo.XXXXXX")
lpd_pid=
cleanup() {
  [ -n "$lpd_pid" ] && kill "$lpd_pid" 2>/dev/null && wait "$lpd_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export PRINTER="lp@127.0.0.1:$port" NO_COLOR=1
unset LPDEST

echo "== starting lpd on 127.0.0.1:$port, spool $work/spool"
"$bin/lpd" --listen "127.0.0.1:$port" --spool "$work/spool" --foreground 2>"$work/lpd.log" &
lpd_pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$lpd_pid" 2>/dev/null || { echo "demo: lpd exited:" >&2; cat "$work/lpd.log" >&2; exit 1; }
  sleep 0.05
done

echo "== lpc stop   (hold the queue so the jobs stay visible)"
"$bin/lpc" stop

echo "== lpr README.md Cargo.toml   (one job, two files)"
"$bin/lpr" -J "demo job" README.md Cargo.toml
echo "== echo hello | lpr            (stdin)"
echo "hello from lpkit" | "$bin/lpr" -J "from stdin"
echo "== lpq"
"$bin/lpq"
echo "== lpq -l"
"$bin/lpq" -l
echo "== lpq --json"
"$bin/lpq" --json
echo "== lpc start  (print them)"
"$bin/lpc" start
for _ in $(seq 1 100); do
  "$bin/lpq" -q >/dev/null 2>&1 || break
  sleep 0.05
done
echo "== lpq (empty again)"
"$bin/lpq"
echo "== what the printer received (the directory device):"
find "$work/spool" -path '*printed*' -type f | sed "s|$work/||" | sort
echo "== lpd log"
cat "$work/lpd.log"
