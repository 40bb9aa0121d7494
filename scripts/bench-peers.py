#!/usr/bin/env python3
"""Time fpmlint against its peers on the same tree, alternating and paired.

    scripts/bench-peers.py [--runs N] [-b BINARY] WORK

WORK is a directory scripts/gen-hosting.py made (`scripts/gen-hosting.py 0 WORK`
gives Debian's default files): fpmlint reads WORK/tree (nginx and php-fpm), the
peers read WORK/real/etc/nginx/nginx.conf (its paths rewritten into WORK/real, so
that no peer reads the machine's own /etc). Each run times every command in turn
(so that a slow moment of the machine hits all of them); printed: each command's
median wall time and the median of its per-run ratios to fpmlint's time.

Peers, when installed: crossplane (`pip install crossplane`: `crossplane parse`)
and gixy (`pip install gixy-ng`). A peer that is not installed is left out with a
message.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("-b", "--binary", default=os.path.join(HERE, "..", "target", "release", "fpmlint"))
    args = ap.parse_args()
    conf = os.path.join(args.work, "real", "etc", "nginx", "nginx.conf")
    cmds = {"fpmlint": [args.binary, "--format", "concise", os.path.join(args.work, "tree")]}
    peers = {
        "crossplane": ["crossplane", "parse", "-o", os.devnull, conf],
        "gixy": ["gixy", conf],
    }
    for name, cmd in peers.items():
        if shutil.which(cmd[0]):
            cmds[name] = cmd
        else:
            print(f"bench-peers: {name} is not installed, left out", file=sys.stderr)
    times = {k: [] for k in cmds}
    for _ in range(args.runs):
        for name, cmd in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - t)
    base = times["fpmlint"]
    print(f"{args.runs} alternating runs; medians")
    for name in cmds:
        ratios = [b / a for a, b in zip(base, times[name])]
        print(f"{name:12s} {statistics.median(times[name]) * 1000:8.1f} ms   {statistics.median(ratios):6.1f}x fpmlint's time (paired)")


if __name__ == "__main__":
    main()
