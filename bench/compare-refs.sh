#!/usr/bin/env bash
# Accept-path cost of a change, measured as the project measures speed: `npm run bench` (the real
# gateway beside a body-parsing echo in the same run) on a base commit and on the working tree,
# interleaved (base, head, base, head, ...), each run reporting its own gateway/echo ratios. Only
# the ratios are compared: the machine is shared and noisy, the echo in each run absorbs it.
#
#   bash bench/compare-refs.sh <base-ref> [rounds] [-- bench options]
#   bash bench/compare-refs.sh 9744f25 2 -- --duration 8
#
# The base is checked out in a temporary git worktree sharing this checkout's node_modules
# (removed at the end); nothing in the working tree is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:?usage: bench/compare-refs.sh <base-ref> [rounds] [-- bench options]}"
rounds="${2:-2}"
shift $(( $# >= 2 ? 2 : 1 ))
[ "${1:-}" = "--" ] && shift
options=("$@")

work="$(mktemp -d "${TMPDIR:-/tmp}/wasl-ab-XXXXXX")"
cleanup() { git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
git worktree add --detach "$work/base" "$base" >/dev/null
ln -s "$PWD/node_modules" "$work/base/node_modules"

summary() { # <label> <json file>: the figures a reader compares
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
    const g = r.targets.gateway, e = r.targets.echo;
    console.log(`${process.argv[1].padEnd(5)} gateway ${g.reqPerS} req/s, echo ${e.reqPerS} req/s | gateway/echo: req/s x${r.ratio.reqPerS}, p50 x${r.ratio.p50}, p99 x${r.ratio.p99}, server CPU per request x${r.ratio.serverCpuMsPerReq}`);
  ' "$1" "$2"
}

for round in $(seq 1 "$rounds"); do
  for side in base head; do
    dir="$PWD"; [ "$side" = base ] && dir="$work/base"
    echo "round $round: $side ($(git -C "$dir" rev-parse --short HEAD)$([ "$side" = head ] && ! git diff --quiet && echo '+changes'))" >&2
    (cd "$dir" && npm run -s bench -- --json "${options[@]}") > "$work/$side-$round.json"
  done
done
echo "accept path, $base vs working tree ($rounds interleaved rounds; bench options: ${options[*]:-defaults}):"
for round in $(seq 1 "$rounds"); do
  for side in base head; do summary "$side" "$work/$side-$round.json"; done
done
