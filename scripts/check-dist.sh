#!/usr/bin/env bash
# Check that fpmlint installs the two ways users get it without this checkout:
#
# 1. the crate as `cargo package` makes it (what crates.io would serve), unpacked
#    in an empty directory and installed with `cargo install --path`;
# 2. the Python wheel (maturin, `bindings = "bin"`), installed into a fresh
#    virtual environment with pip and no package index.
#
# Each installed `fpmlint` must print its version and lint examples/ as the
# checkout does. Both builds use the release profile and this checkout's
# target/ directory, so the dependencies are compiled once for both.
#
# Needs cargo and python3 (with venv); installs maturin into target/dist-tools
# with pip when it is not on PATH. Usage: scripts/check-dist.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
target="${CARGO_TARGET_DIR:-$repo/target}"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '\n== %s\n' "$*"; }
now() { date +%s; }

# The installed binary, run on a shipped example: it must find the stale socket.
check_binary() {
    local bin=$1 out status=0
    "$bin" --version | grep -qx "fpmlint $version" || {
        echo "error: $bin --version: expected fpmlint $version" >&2
        exit 1
    }
    out=$("$bin" --format concise examples/debian-php-upgrade) || status=$?
    if [ "$status" != 1 ] || ! grep -q 'error\[fastcgi-pass-unmatched\]' <<<"$out"; then
        echo "error: $bin on examples/debian-php-upgrade: exit $status, output:" >&2
        echo "$out" >&2
        exit 1
    fi
    # A clean example passes.
    "$bin" -q examples/rhel-acl || {
        echo "error: $bin on examples/rhel-acl: findings or trouble" >&2
        exit 1
    }
    echo "ok: $bin: $("$bin" --version), $(wc -c <"$bin") bytes"
}

start=$(now)
step "cargo package"
cargo package --locked --allow-dirty --no-verify --quiet
crate="$target/package/fpmlint-$version.crate"
tar -xzf "$crate" -C "$work"
# Newer than any earlier build: cargo compiles these sources, not the checkout's.
find "$work/fpmlint-$version" -type f -exec touch {} +
# Only what the package lists: no grammar or rule doc may be missing.
step "cargo install from $(basename "$crate"), unpacked in an empty directory"
(cd "$work" && cargo install --locked --quiet --path "fpmlint-$version" \
    --root "$work/cargo-root" --target-dir "$target")
check_binary "$work/cargo-root/bin/fpmlint"
crate_s=$(($(now) - start))

start=$(now)
step "maturin wheel"
maturin=$(command -v maturin || true)
if [ -z "$maturin" ]; then
    if [ ! -x "$target/dist-tools/bin/maturin" ]; then
        echo "installing maturin with pip into $target/dist-tools"
        python3 -m venv "$target/dist-tools"
        "$target/dist-tools/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.5,<2'
    fi
    maturin="$target/dist-tools/bin/maturin"
fi
CARGO_TARGET_DIR="$target" "$maturin" build --release --locked --quiet --out "$work/wheels" 2>&1 |
    grep -v '^\s*$' || true
wheel=$(ls "$work"/wheels/fpmlint-"$version"-*.whl)
echo "built $(basename "$wheel") ($(wc -c <"$wheel") bytes)"
step "pip install the wheel into a fresh virtual environment"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
check_binary "$work/venv/bin/fpmlint"
wheel_s=$(($(now) - start))

start=$(now)
step "pre-commit try-repo on the mirror, with the wheel and without cargo"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
scripts/pre-commit-mirror.sh "$work/mirror" "$version" >/dev/null
mkdir "$work/configs"
cp -r examples/debian-php-upgrade/. "$work/configs/"
git -C "$work/configs" init --quiet
git -C "$work/configs" add -A
# No cargo or rustc on PATH: installing the hook must not compile anything.
nocargo=$(tr ':' '\n' <<<"$PATH" | grep -v '\.cargo/bin' | paste -sd: -)
status=0
out=$(cd "$work/configs" && env PATH="$nocargo" CARGO=/bin/false RUSTC=/bin/false \
    PRE_COMMIT_HOME="$work/pre-commit-home" PIP_FIND_LINKS="$work/wheels" \
    "$work/venv/bin/pre-commit" try-repo "$work/mirror" fpmlint --all-files 2>&1) || status=$?
if [ "$status" != 1 ] || ! grep -q 'fastcgi-pass-unmatched' <<<"$out"; then
    echo "error: pre-commit try-repo: exit $status, output:" >&2
    echo "$out" >&2
    exit 1
fi
echo "ok: the fpmlint hook installed from the wheel and reported fastcgi-pass-unmatched"
precommit_s=$(($(now) - start))

echo
echo "check-dist: crate ${crate_s}s, wheel ${wheel_s}s, pre-commit ${precommit_s}s: fpmlint $version installs and runs"
