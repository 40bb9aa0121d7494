//! The nginx parser (pre-scan, pest grammar, tree builder) on any bytes.
#![no_main]

use fpmlint::source::{FileId, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::new(
        FileId(0),
        "nginx.conf".into(),
        "nginx.conf".into(),
        data.to_vec(),
    );
    match fpmlint::nginx::parse(&file) {
        Ok(config) => {
            // Every span the tree holds must lie inside the file.
            fn check(items: &[fpmlint::nginx::Item], len: u32) {
                for item in items {
                    if let fpmlint::nginx::Item::Directive(d) = item {
                        assert!(d.span.start <= d.span.end && d.span.end <= len);
                        for a in d.args.iter() {
                            assert!(a.span.end <= len);
                        }
                        if let Some(b) = &d.block {
                            check(&b.items, len);
                        }
                    }
                }
            }
            check(&config.items, file.text.len() as u32);
        }
        Err(d) => {
            let s = d.primary.span;
            assert!(s.start <= s.end && s.end as usize <= file.text.len());
            // Rendering the diagnostic must not panic either.
            let _ = file.line_col(s.start as usize);
        }
    }
});
