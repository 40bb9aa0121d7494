//! The Apache grammar does a bounded amount of work per byte on any input. Each
//! adversarial text below is parsed under a pest call budget (`pest::set_call_limit`:
//! a count of grammar calls, not a time; over it the parse fails with "call limit
//! reached"). The smallest budget per byte that reads the text at one size must
//! still read it (within one doubling) at four times the size: a backtracking
//! blow-up would need four times more per byte. The budget is process-wide, so
//! this file holds a single test.

use std::num::NonZeroUsize;

use fpmlint::source::{FileId, SourceFile};

/// Largest budget tried, in grammar calls per byte.
const MAX_PER_BYTE: usize = 128;

/// Size of the smaller input, in repetitions of its unit.
const N: usize = 2_000;

/// Whether the grammar reads `text` within `per_byte` calls a byte.
fn reads(text: &str, per_byte: usize) -> bool {
    pest::set_call_limit(NonZeroUsize::new(per_byte * text.len() + 200));
    let file = SourceFile::new(FileId(0), "t.conf".into(), "t.conf".into(), text.into());
    // Section errors are fine: the grammar read the file. A budget overrun
    // surfaces as the grammar's own failure.
    !matches!(fpmlint::apache::parse(&file), Err(d) if d.message == "fpmlint cannot read the file from here")
}

fn inputs(n: usize) -> Vec<(&'static str, String)> {
    let cont = "\\\n";
    vec![
        ("continuations only", cont.repeat(n)),
        ("CRLF continuations", "\\\r\n".repeat(n)),
        (
            "a word ending in many continuations, then a blank",
            format!("A b{} c\n", cont.repeat(n)),
        ),
        (
            "escapes that turn out not to be: \\ then continuations then x",
            format!(
                "A \"{}\"\n",
                format!("\\{}x", cont.repeat(50)).repeat(n / 50)
            ),
        ),
        (
            "the same in single quotes",
            format!("A '{}'\n", format!("\\{}x", cont.repeat(50)).repeat(n / 50)),
        ),
        (
            "a backslash before lines of a lone backslash, not ending in an empty line",
            format!(
                "A {}\n",
                format!("b\\{}x", "\\\n".repeat(50)).repeat(n / 50)
            ),
        ),
        (
            "the same ending in an empty line",
            format!(
                "A {}\n",
                format!("b\\{}\n", "\\\n".repeat(50)).repeat(n / 50)
            ),
        ),
        ("escaped quotes", format!("A \"{}\n", "\\\"".repeat(n))),
        (
            "escaped backslashes",
            format!("A \"{}\"\n", "\\\\".repeat(n)),
        ),
        (
            "backslashes outside quotes",
            format!("A {}\n", "\\".repeat(n)),
        ),
        ("backslash, CR, CR, LF", "A \\\r\r\n".repeat(n)),
        (
            "quotes glued together",
            format!("A {}\n", "\"a\"".repeat(n)),
        ),
        (
            "empty quotes glued together",
            format!("A {}\n", "''".repeat(n)),
        ),
        ("a quote never closed", format!("A \"{}", "a \\ ".repeat(n))),
        ("many words on one line", format!("A{}\n", " a".repeat(n))),
        ("blanks", format!("A b{}", " \t\r\u{0b}\u{0c}".repeat(n))),
        ("empty lines", "\n".repeat(n)),
        ("comments continued", "# a \\\n".repeat(n)),
        ("hashes", format!("A {}\n", "#".repeat(n))),
        (
            "sections",
            "<Directory /x>\nA b\n</Directory>\n".repeat(n / 4),
        ),
        ("conditionals", "<IfModule x>\n</IfModule>\n".repeat(n / 4)),
        (
            "many '>' on an opening line",
            format!("<Foo {}\n</Foo>\n", "a> ".repeat(n)),
        ),
        ("lone quotes", "\"\n'\n".repeat(n)),
        (
            "a mix",
            "<If \"%{A} =~ /\\\\\\\"/\">\\\n #x '\\'\"\\\n</If>\n".repeat(n / 10),
        ),
    ]
}

#[test]
fn the_grammar_is_linear_on_adversarial_inputs() {
    let mut failures = Vec::new();
    for ((what, small), (_, large)) in inputs(N).into_iter().zip(inputs(4 * N)) {
        let Some(k) = (0..=MAX_PER_BYTE.ilog2())
            .map(|e| 1 << e)
            .find(|&k| reads(&small, k))
        else {
            failures.push(format!(
                "{what}: over {MAX_PER_BYTE} grammar calls per byte"
            ));
            continue;
        };
        if !reads(&large, 2 * k) {
            failures.push(format!(
                "{what}: {k} calls per byte read {} bytes, {} do not read {} bytes",
                small.len(),
                2 * k,
                large.len()
            ));
        }
    }
    // The budget bites: a quarter call per byte cannot read a plain file.
    let text = "ServerName a\n".repeat(1_000);
    pest::set_call_limit(NonZeroUsize::new(text.len() / 4));
    let file = SourceFile::new(FileId(0), "t.conf".into(), "t.conf".into(), text.into());
    let starved = fpmlint::apache::parse(&file);
    pest::set_call_limit(None);
    assert!(
        matches!(&starved, Err(d) if d.message == "fpmlint cannot read the file from here"),
        "a starved parse must fail"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
