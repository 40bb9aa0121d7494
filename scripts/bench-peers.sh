#!/usr/bin/env bash
# Time fpmlint against its peers on the same configuration, paired in one
# hyperfine run, and print how many times faster (or slower) fpmlint is.
#
#   scripts/bench-peers.sh [SYSROOT]      (default: /)
#
# SYSROOT holds etc/nginx/nginx.conf (and php-fpm under etc/php). nginx -t reads
# absolute include paths, so it is only run when SYSROOT is / (the live /etc).
# Peers, when installed: nginx (apt nginx-light), crossplane and gixy (pip
# crossplane, gixy-ng). Needs hyperfine (apt hyperfine) and python3.
set -euo pipefail

root=${1:-/}
root=${root%/}
conf="$root/etc/nginx/nginx.conf"
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-20}

command -v hyperfine >/dev/null || { echo "bench-peers: hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }
[ -f "$conf" ] || { echo "bench-peers: no $conf" >&2; exit 2; }

(cd "$here" && cargo build --release --quiet)
fpmlint="$here/target/release/fpmlint"

names=(fpmlint)
cmds=("$fpmlint --format concise ${root:-/}")
if [ -z "$root" ] && command -v nginx >/dev/null; then
    names+=("nginx -t")
    cmds+=("nginx -t -q -e /dev/null -c $conf")
else
    echo "bench-peers: nginx -t skipped (not installed, or the tree is not the live /etc)" >&2
fi
if command -v crossplane >/dev/null; then
    names+=("crossplane parse")
    cmds+=("crossplane parse -o /dev/null $conf")
else
    echo "bench-peers: crossplane not installed (pip install crossplane)" >&2
fi
if command -v gixy >/dev/null; then
    names+=("gixy")
    cmds+=("gixy -q $conf")
else
    echo "bench-peers: gixy not installed (pip install gixy-ng)" >&2
fi

out=$(mktemp --suffix=.json)
trap 'rm -f "$out"' EXIT
args=()
for i in "${!cmds[@]}"; do
    args+=(--command-name "${names[$i]}" "${cmds[$i]}")
done
# -i: linters exit non-zero when they find something; -N: no shell in between.
hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$out" "${args[@]}" >&2

python3 - "$out" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
base = res[0]
print(f"{'tool':<18} {'median ms':>10} {'mean ms':>10} {'vs fpmlint':>12}")
for r in res:
    ratio = r["median"] / base["median"]
    print(f"{r['command']:<18} {r['median']*1000:>10.1f} {r['mean']*1000:>10.1f} {ratio:>11.1f}x")
PY
