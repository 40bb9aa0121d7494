"""Run the shell steps of action.yml here, as GitHub's runner would, with a given
fpmlint binary instead of the install step: the inputs' defaults and values go
through `${{ inputs.* }}` into each step's `env:`, `$GITHUB_OUTPUT` is a file,
and `${{ steps.run.outputs.* }}` are read back from it. `uses:` steps (the SARIF
upload) are skipped.

Usage: python3 scripts/run-action-steps.py FPMLINT_BINARY
"""

import json
import os
import re
import subprocess
import sys
import tempfile

from ruamel.yaml import YAML

action = YAML(typ="safe").load(open("action.yml"))
binary = os.path.abspath(sys.argv[1])


def run(inputs):
    values = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    values.update(inputs)
    outputs = {}
    shown = ""
    with tempfile.TemporaryDirectory() as tmp:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        os.symlink(binary, os.path.join(bindir, "fpmlint"))
        for step in action["runs"]["steps"]:
            if "run" not in step or step.get("name") == "Install fpmlint":
                continue

            def expand(text):
                def one(m):
                    expr = m.group(1).strip()
                    if expr.startswith("inputs."):
                        return values[expr[len("inputs."):]]
                    if expr.startswith("steps.run.outputs."):
                        return outputs.get(expr[len("steps.run.outputs."):], "")
                    raise SystemExit(f"action.yml: unknown expression {expr}")

                return re.sub(r"\$\{\{(.*?)\}\}", one, text)

            out_file = os.path.join(tmp, "output")
            open(out_file, "w").close()
            env = dict(os.environ)
            env.update({k: expand(str(v)) for k, v in step.get("env", {}).items()})
            env.update(
                PATH=bindir + os.pathsep + env["PATH"],
                GITHUB_OUTPUT=out_file,
                NO_COLOR="1",
            )
            p = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step["run"])],
                env=env,
                capture_output=True,
                text=True,
            )
            shown += p.stdout
            for line in open(out_file):
                k, _, v = line.rstrip("\n").partition("=")
                outputs[k] = v
            if p.returncode != 0:
                return p.returncode, outputs, shown + p.stderr
    return 0, outputs, shown


def check(what, ok, shown):
    if not ok:
        sys.exit(f"action.yml: {what}\n{shown}")


code, out, shown = run({"path": "examples/rhel-acl"})
check("a clean tree passes", code == 0 and out.get("exit-code") == "0", shown)

with tempfile.TemporaryDirectory() as tmp:
    sarif = os.path.join(tmp, "f.sarif")
    code, out, shown = run(
        {"path": "examples/debian-php-upgrade", "sarif": "true", "sarif-file": sarif}
    )
    check("findings fail the step with status 1", code == 1, shown)
    check("exit-code output", out.get("exit-code") == "1", shown)
    check("sarif-file output", out.get("sarif-file") == sarif, shown)
    results = json.load(open(sarif))["runs"][0]["results"]
    check("the SARIF file holds the finding", len(results) == 1, shown)
    check("annotations in the log", shown.startswith("::error file="), shown)

code, out, shown = run(
    {
        "path": "examples/debian-php-upgrade",
        "format": "concise",
        "fail-on": "error",
        "args": "--statistics --exclude sites-available/",
    }
)
check("args reach fpmlint", shown.startswith("1  fastcgi-pass-unmatched  error"), shown)
check("status 1 with findings", code == 1, shown)
print("run-action-steps: action.yml's steps run as GitHub would run them")
