//! Inputs shared by the benchmarks: tiled corpus files and generated trees.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use fpmlint::source::{FileId, SourceFile};

/// The shared corpus beside the crate, when present.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("MANIFEST.tsv").is_file() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: ../shared/corpus is absent: no corpus benchmarks");
        None
    }
}

/// The corpus files of one kind (`nginx` or `fpm`) that parse without error on
/// their own, so that their concatenation parses whole.
pub fn clean_files(corpus: &Path, kind: &str) -> Vec<Vec<u8>> {
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap_or_default();
    let mut out = Vec::new();
    for line in manifest.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(path), Some(k)) = (cols.next(), cols.next()) else {
            continue;
        };
        if k != kind {
            continue;
        }
        let Ok(bytes) = std::fs::read(corpus.join(path)) else {
            continue;
        };
        if bytes.is_empty() || bytes.contains(&0) {
            continue;
        }
        let file = SourceFile::new(FileId(0), path.into(), path.into(), bytes.clone());
        let ok = match kind {
            "nginx" => fpmlint::nginx::parse(&file).is_ok(),
            _ => fpmlint::fpm::parse(&file).1.is_empty(),
        };
        if ok {
            out.push(bytes);
        }
    }
    out
}

/// The files repeated, in order, until `size` bytes (each ends with a newline).
pub fn tile(files: &[Vec<u8>], size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 64 * 1024);
    if files.is_empty() {
        return out;
    }
    'outer: loop {
        for f in files {
            out.extend_from_slice(f);
            out.push(b'\n');
            if out.len() >= size {
                break 'outer;
            }
        }
    }
    out
}

pub fn source(bytes: Vec<u8>) -> SourceFile {
    SourceFile::new(FileId(0), "tiled.conf".into(), "tiled.conf".into(), bytes)
}

/// A repository with `sites` server files of `per_site` PHP locations each
/// (`fastcgi_pass` to a pool socket) and `pools` pool files.
pub fn cross_tree(dir: &Path, sites: usize, per_site: usize, pools: usize) {
    let w = |p: PathBuf, s: String| {
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, s).expect("write");
    };
    w(
        dir.join("nginx/nginx.conf"),
        "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n".into(),
    );
    for s in 0..sites {
        let mut t = format!(
            "server {{\n    listen 80;\n    server_name site{s}.example;\n    root /srv/site{s};\n"
        );
        for l in 0..per_site {
            let pool = (s * per_site + l) % pools;
            t.push_str(&format!(
                "    location ~ ^/app{l}/.+\\.php$ {{\n        include fastcgi_params;\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        fastcgi_pass unix:/run/php/pool{pool}.sock;\n    }}\n"
            ));
        }
        t.push_str("}\n");
        w(dir.join(format!("nginx/conf.d/site{s:05}.conf")), t);
    }
    w(
        dir.join("nginx/fastcgi_params"),
        "fastcgi_param QUERY_STRING $query_string;\nfastcgi_param REQUEST_METHOD $request_method;\n".into(),
    );
    w(
        dir.join("php/php-fpm.conf"),
        "[global]\npid = /run/php/php-fpm.pid\ninclude = /etc/php/8.2/fpm/pool.d/*.conf\n".into(),
    );
    for p in 0..pools {
        w(
            dir.join(format!("php/pool.d/pool{p:04}.conf")),
            format!(
                "[pool{p}]\nuser = www-data\ngroup = www-data\nlisten = /run/php/pool{p}.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\n"
            ),
        );
    }
}

/// Discover, load and run every rule, as `fpmlint DIR` does.
pub fn lint(dir: &Path) -> usize {
    let plan = fpmlint::discover::discover(&[dir.to_path_buf()], &Default::default());
    let project = fpmlint::project::load(plan, Some(dir.to_path_buf()));
    fpmlint::cli::check(&project).len()
}
