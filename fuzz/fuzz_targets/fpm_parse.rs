//! The php-fpm INI parser on any bytes.
#![no_main]

use fpmlint::source::{FileId, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::new(
        FileId(0),
        "www.conf".into(),
        "www.conf".into(),
        data.to_vec(),
    );
    let (_ini, diags) = fpmlint::fpm::parse(&file);
    for d in &diags {
        let s = d.primary.span;
        assert!(
            s.start <= s.end && s.end as usize <= file.text.len(),
            "{d:?}"
        );
    }
});
