//! What several test files share: the corpus beside the project, its manifest,
//! and visible skips.

#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Say a test is skipped, past cargo test's output capture (which takes only
/// print!/eprint!), so every run shows it.
pub fn skip(msg: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {msg}");
}

/// ../shared/corpus, or None (said) when it is absent, as in a fresh clone.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("MANIFEST.tsv").is_file() {
        Some(dir)
    } else {
        skip(&format!(
            "{} is absent; the corpus tests need ../shared beside the project",
            dir.display()
        ));
        None
    }
}

/// One line of MANIFEST.tsv: the file, its kind, what the real programs said.
pub struct Row {
    pub path: String,
    pub kind: String,
    pub verdict: String,
    pub note: String,
}

pub fn manifest(dir: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv readable");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some(Row {
                path: f.next()?.to_string(),
                kind: f.next()?.to_string(),
                verdict: f.next()?.to_string(),
                note: f.next().unwrap_or("").to_string(),
            })
        })
        .collect()
}

/// Copy a directory tree (the examples, into a temporary directory).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// What one run of the fpmlint binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the fpmlint binary in `cwd` without colour, as a user's shell would.
pub fn fpmlint(cwd: &Path, args: &[&str]) -> Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fpmlint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .output()
        .expect("run fpmlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Write a file, making its directories.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}
