#!/usr/bin/env bash
# Make the pre-commit mirror of one fpmlint release: a git repository whose only
# Python package depends on `fpmlint==VERSION`, so pre-commit's `pip install .`
# fetches the prebuilt wheel and compiles nothing (the layout ruff-pre-commit
# uses). Its .pre-commit-hooks.yaml is this repository's. The release workflow
# pushes it; scripts/check-dist.sh runs `pre-commit try-repo` on it with the
# wheel it just built.
#
# Usage: scripts/pre-commit-mirror.sh DIR [VERSION]   (VERSION: Cargo.toml's)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dir=${1:?usage: $0 DIR [VERSION]}
version=${2:-$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -n 1)}
mkdir -p "$dir"
cp "$here/.pre-commit-hooks.yaml" "$here/LICENSE-MIT" "$here/LICENSE-APACHE" "$dir/"
cat >"$dir/pyproject.toml" <<TOML
# Installs the fpmlint wheel for pre-commit; made by fpmlint's scripts/pre-commit-mirror.sh.
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "fpmlint-pre-commit"
version = "$version"
description = "pre-commit hooks for fpmlint $version"
license = { text = "MIT OR Apache-2.0" }
requires-python = ">=3.8"
dependencies = ["fpmlint==$version"]

[tool.setuptools]
py-modules = []
TOML
cat >"$dir/README.md" <<MD
# fpmlint pre-commit hooks

In \`.pre-commit-config.yaml\`, a \`repos:\` entry whose \`repo:\` is where this
repository is published, with \`rev: v$version\` and the hook \`id: fpmlint\`.
The hook installs the \`fpmlint\` wheel $version with pip; nothing is compiled.
\`fpmlint-system\` runs the fpmlint already on PATH instead.
MD
cd "$dir"
if [ ! -d .git ]; then git init --quiet; fi
git add -A
git -c user.name=fpmlint -c user.email=fpmlint@localhost commit --quiet -m "fpmlint $version" --allow-empty
git tag -f "v$version" >/dev/null
echo "$dir: pre-commit mirror of fpmlint $version (tag v$version)"
