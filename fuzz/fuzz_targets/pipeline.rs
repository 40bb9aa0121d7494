//! The whole pipeline on a generated two-file tree: discovery, loading, both
//! models, every rule, the human renderer and the JSON dump.
//!
//! The input is split at its first 0xFF byte (or in the middle): the first part is
//! `nginx.conf`, the second `pool.d/www.conf`, both in one directory linted as a
//! repository.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use fpmlint::diag::RenderOptions;
use libfuzzer_sys::fuzz_target;

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let d = base.join(format!("fpmlint-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(d.join("pool.d")).expect("create the fuzz tree");
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let cut = data
        .iter()
        .position(|&b| b == 0xff)
        .unwrap_or(data.len() / 2);
    let (nginx, rest) = data.split_at(cut);
    let fpm = rest.strip_prefix(&[0xff]).unwrap_or(rest);
    let d = dir();
    std::fs::write(d.join("nginx.conf"), nginx).expect("write nginx.conf");
    std::fs::write(d.join("pool.d/www.conf"), fpm).expect("write www.conf");

    let plan = fpmlint::discover::discover(std::slice::from_ref(d), &Default::default());
    let project = fpmlint::project::load(plan, Some(d.clone()));
    let findings = fpmlint::cli::check(&project);
    let text = fpmlint::cli::render_findings(&project, &findings, RenderOptions::default());
    // Nothing from the config may reach the terminal unescaped.
    assert!(
        !text.contains('\u{1b}'),
        "an escape character reached the output"
    );
    let json = fpmlint::dump::dump(&project);
    let s = serde_json::to_string(&json).expect("the dump serializes");
    let _: serde_json::Value = serde_json::from_str(&s).expect("the dump is valid JSON");
});
