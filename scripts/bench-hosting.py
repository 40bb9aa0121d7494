#!/usr/bin/env python3
"""Time fpmlint against `nginx -t` and `php-fpm -t` on a hosting-scale tree.

    scripts/bench-hosting.py [options] N [N ...]
    scripts/bench-hosting.py [options] --one-file MB

For each N, scripts/gen-hosting.py builds N sites and N pools from Debian's files
(in --work, default a temporary directory); then every command runs in turn, run
after run (alternating, so that a slow moment of the machine hits all of them),
each as a whole process. Printed per command: the median wall time and the median
peak RSS (GNU time %M), and for each command after the
first, the median of the per-run ratios to the first command (paired).

--one-file MB instead times one nginx file of MB megabytes: Debian's nginx.conf
including one sites-enabled file of ordinary PHP server blocks (Debian's default
site, as scripts/gen-hosting.py makes it, repeated; every include resolves).

Commands: `-b NAME=PATH` adds an fpmlint binary (default: target/release/fpmlint
of this checkout, built with `cargo build --release`); nginx -t always; php-fpm -t
with --fpm (it takes over 30 s at 5,000 pools: --fpm-runs bounds its runs).
Needs root (nginx -t and php-fpm -t read the generated tree as the services do)
and the Debian packages nginx-light and php8.2-fpm.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location("gen_hosting", os.path.join(HERE, "gen-hosting.py"))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)


RSS_FILE = os.path.join(tempfile.gettempdir(), f"bench-hosting-rss-{os.getpid()}")


def run(cmd):
    """Wall seconds and peak RSS (bytes) of one whole process.

    The peak comes from GNU time (%M), not from this script's own wait4: Python
    starts children with vfork, and Linux then counts this script's memory in the
    child's ru_maxrss."""
    t = time.perf_counter()
    p = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", RSS_FILE, *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wall = time.perf_counter() - t
    with open(RSS_FILE) as f:
        lines = f.read().split()
    return wall, int(lines[-1]) * 1024, p.returncode, p.stderr.decode(errors="replace")


def tree_size(root):
    size = files = 0
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                size += os.path.getsize(path)
                files += 1
    return size, files


def one_file(mb, out):
    """Debian's tree with one sites-enabled file of MB megabytes of server blocks."""
    for d in ("tree", "real"):
        shutil.rmtree(os.path.join(out, d), ignore_errors=True)
        gen.build(0, os.path.join(out, d), real=(d == "real"))
    default = gen.read(os.path.join(gen.NGINX_ETC, "sites-available/default"))
    blocks = 0
    for d in ("tree", "real"):
        root = os.path.join(out, d)
        chunks, size, k = [], 0, 0
        while size < mb * 1_000_000:
            k += 1
            s = gen.site(default, k)
            if d == "real":
                s = s.replace("/run/", f"{root}/run/").replace("/var/www/", f"{root}/var/www/")
            chunks.append(s)
            size += len(s)
        gen.write(os.path.join(root, "etc/nginx/sites-enabled/all-sites"), "".join(chunks))
        if d == "tree":
            # The blocks of the file fpmlint reads (the copy for `nginx -t`
            # holds fewer: its paths are longer).
            blocks = k
    return os.path.getsize(os.path.join(out, "tree/etc/nginx/sites-enabled/all-sites")), blocks


def commands(args, real, tree):
    cmds = []
    for b in args.binary:
        name, _, path = b.partition("=")
        cmds.append((name, [path, "--format", "concise", "--quiet", tree]))
    conf = os.path.join(real, "etc/nginx/nginx.conf")
    cmds.append(
        (
            "nginx -t",
            ["nginx", "-t", "-q", "-p", real + "/", "-e", os.path.join(real, "var/log/nginx/error.log"), "-c", conf],
        )
    )
    if args.fpm:
        fpm = os.path.join(real, "etc/php/8.2/fpm")
        cmds.append(
            (
                "php-fpm -t",
                ["php-fpm8.2", "-t", "-p", real, "-y", os.path.join(fpm, "php-fpm.conf"), "-c", os.path.join(fpm, "php.ini")],
            )
        )
    return cmds


def bench(args, label, real, tree, input_bytes):
    cmds = commands(args, real, tree)
    walls = {n: [] for n, _ in cmds}
    rss = {n: [] for n, _ in cmds}
    for name, cmd in cmds:  # warm the page cache, check each command works
        wall, _, code, err = run(cmd)
        if name.startswith("nginx") or name.startswith("php-fpm"):
            if code != 0:
                sys.exit(f"{name} failed ({code}): {err}")
        elif code not in (0, 1):
            sys.exit(f"{name} failed ({code}): {err}")
    for i in range(args.runs):
        for name, cmd in cmds:
            if name == "php-fpm -t" and i >= args.fpm_runs:
                continue
            wall, peak, _, _ = run(cmd)
            walls[name].append(wall)
            rss[name].append(peak)
    base = cmds[0][0]
    print(f"\n{label}: {input_bytes / 1e6:.1f} MB; {args.runs} alternating runs; medians")
    print(f"{'command':<16} {'wall ms':>9} {'MB/s':>7} {'peak RSS MB':>12} {'RSS/input':>10} {'wall vs ' + base:>16} {'RSS vs ' + base:>16}")
    for name, _ in cmds:
        w = statistics.median(walls[name])
        r = statistics.median(rss[name])
        k = min(len(walls[name]), len(walls[base]))
        wr = statistics.median(walls[name][j] / walls[base][j] for j in range(k))
        rr = statistics.median(rss[name][j] / rss[base][j] for j in range(k))
        print(
            f"{name:<16} {w * 1000:>9.1f} {input_bytes / 1e6 / w:>7.1f} {r / 1e6:>12.1f} {r / input_bytes:>10.2f} {wr:>15.2f}x {rr:>15.2f}x"
        )
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, help="numbers of sites (and pools)")
    ap.add_argument("--one-file", type=int, metavar="MB", help="one nginx file of MB megabytes instead")
    ap.add_argument("-b", "--binary", action="append", help="NAME=PATH of an fpmlint binary (repeatable)")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--fpm", action="store_true", help="also time php-fpm -t")
    ap.add_argument("--fpm-runs", type=int, default=3)
    ap.add_argument("--work", help="where to build the trees (kept)")
    args = ap.parse_args()
    if not args.binary:
        args.binary = ["fpmlint=" + os.path.join(HERE, "..", "target/release/fpmlint")]
    work = args.work or tempfile.mkdtemp(prefix="fpmlint-bench-")
    try:
        if args.one_file:
            out = os.path.join(work, f"one-{args.one_file}mb")
            size, blocks = one_file(args.one_file, out)
            bench(args, f"one nginx file, {blocks} server blocks", os.path.join(out, "real"), os.path.join(out, "tree"), size)
        for n in args.sizes:
            out = os.path.join(work, f"n{n}")
            for d in ("tree", "real"):
                shutil.rmtree(os.path.join(out, d), ignore_errors=True)
            gen.build(n, os.path.join(out, "tree"), real=False)
            gen.build(n, os.path.join(out, "real"), real=True)
            size, files = tree_size(os.path.join(out, "tree"))
            bench(args, f"N={n}: {files} files", os.path.join(out, "real"), os.path.join(out, "tree"), size)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
