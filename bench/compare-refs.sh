#!/usr/bin/env bash
# Cost of a change on the accept path: a base commit against the working tree, interleaved
# (base, head, base, head, ...) so neither gets all the quiet moments of this shared machine.
#
#   bash bench/compare-refs.sh <base-ref> [rounds] [--full] [-- npm-run-bench options]
#   WASL_AB_UNSIGNED=1 bash bench/compare-refs.sh <base-ref> [rounds]   # also the working tree without signing
#
# Each round runs bench/accept-cost.ts (CPU per accepted claim, in process, no socket) on both
# sides; with --full it also runs `npm run bench` on both (the real server over HTTP beside a
# body-parsing echo in the same run; compare its gateway/echo ratios, not absolute numbers).
# The base is checked out in a temporary git worktree sharing this checkout's node_modules, and
# removed at the end; nothing in the working tree is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:?usage: bench/compare-refs.sh <base-ref> [rounds] [--full] [-- bench options]}"
shift
rounds=2
full=0
if [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; then rounds="$1"; shift; fi
if [ "${1:-}" = "--full" ]; then full=1; shift; fi
[ "${1:-}" = "--" ] && shift
options=("$@")

work="$(mktemp -d "${TMPDIR:-/tmp}/wasl-ab-XXXXXX")"
cleanup() { git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
git worktree add --detach "$work/base" "$base" >/dev/null
ln -s "$PWD/node_modules" "$work/base/node_modules"

summary() { # <label> <bench json>: the ratios a reader compares
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
    const g = r.targets.gateway, e = r.targets.echo;
    console.log(`${process.argv[1].padEnd(5)} bench: gateway ${g.reqPerS} req/s, echo ${e.reqPerS} req/s | gateway/echo: req/s x${r.ratio.reqPerS}, p50 x${r.ratio.p50}, p99 x${r.ratio.p99}, server CPU per request x${r.ratio.serverCpuMsPerReq}`);
  ' "$1" "$2"
}

: > "$work/accept.txt"
for round in $(seq 1 "$rounds"); do
  sides="base head"; [ "${WASL_AB_UNSIGNED:-0}" = 1 ] && sides="base unsigned head"
  for side in $sides; do
    dir="$PWD"; [ "$side" = base ] && dir="$work/base"
    echo "round $round: $side ($(git -C "$dir" rev-parse --short HEAD)$([ "$side" = head ] && ! git diff --quiet && echo '+changes'))" >&2
    # The accept-cost script of the working tree measures either checkout.
    printf '%-8s ' "$side" >> "$work/accept.txt"
    flags=(); [ "$side" = unsigned ] && flags=(--unsigned)
    node --import tsx bench/accept-cost.ts --root "$dir" "${flags[@]}" | tail -1 >> "$work/accept.txt"
    [ "$side" = unsigned ] && continue
    if [ "$full" = 1 ]; then (cd "$dir" && npm run -s bench -- --json "${options[@]}") > "$work/$side-$round.json"; fi
  done
done
echo "accept path, $base vs working tree ($rounds interleaved rounds):"
sed "s#$work/base#$base#; s#$PWD#working tree#" "$work/accept.txt"
if [ "$full" = 1 ]; then
  for round in $(seq 1 "$rounds"); do
    for side in base head; do summary "$side" "$work/$side-$round.json"; done
  done
fi
