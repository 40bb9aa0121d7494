//! Small text helpers shared by the parsers, the model and the renderers.

/// Bidirectional overrides, embeddings, isolates and marks: invisible, they make
/// a terminal or a web page show text in another order than it is
/// ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Show control characters (other than newline and tab) and bidirectional
/// controls escaped, so config text can never drive the terminal nor reorder
/// what it shows. Borrowed when there is nothing to escape (nearly always).
pub fn escape_control(s: &str) -> std::borrow::Cow<'_, str> {
    // Printable ASCII, newlines and tabs (nearly every text) are shown as they
    // are, told apart byte by byte; anything else is looked at as characters.
    let plain = |b: u8| (b' '..=b'~').contains(&b) || b == b'\n' || b == b'\t';
    if s.bytes().all(plain) || !s.chars().any(needs_escape) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_bidi_control(c) {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        } else if needs_escape(c) {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// A file name as printed: like [`escape_control`], and newlines and tabs too (a
/// name is one line in every format).
pub fn escape_name(s: &str) -> String {
    escape_control(s)
        .replace('\n', "\\x0a")
        .replace('\t', "\\x09")
}

/// Output of a line-oriented format made safe for CI logs: no line may start
/// (after blanks) with a workflow command that a runner would obey (`::` for
/// GitHub Actions, `##[` and `##vso[` for Azure Pipelines), and `##vso[`, which
/// Azure reads anywhere in a line, is broken everywhere. Such a line gets a `\`
/// in front; the rest of the text is unchanged.
pub fn ci_safe(s: String) -> String {
    let risky = |l: &str| {
        let t = l.trim_start();
        t.starts_with("::") || t.starts_with("##[") || t.starts_with("##vso")
    };
    if !s.contains("##vso[") && !s.lines().any(risky) {
        // Nearly always: the text itself, not a copy.
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for line in s.split_inclusive('\n') {
        if risky(line) {
            out.push('\\');
        }
        out.push_str(&azure_safe(line));
    }
    out
}

/// `##vso[`, which Azure Pipelines reads as a command anywhere in a line, broken.
pub fn azure_safe(s: &str) -> String {
    s.replace("##vso[", "##vso\\[")
}

/// Text for XML 1.0: code points it forbids (C0 controls other than tab and
/// line ends, U+FFFE, U+FFFF) become U+FFFD.
pub fn xml_chars(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Levenshtein distance, for did-you-mean suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate within a small distance.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_escape_sequences() {
        assert_eq!(escape_control("a\x1b[31mb"), "a\\x1b[31mb");
        assert_eq!(escape_control("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(escape_control("del\x7f"), "del\\x7f");
        assert_eq!(escape_control("é and ü"), "é and ü");
    }

    #[test]
    fn bidi_controls_are_shown_escaped() {
        assert_eq!(escape_control("a\u{202e}b\u{2066}"), "a\\u{202e}b\\u{2066}");
    }

    #[test]
    fn no_line_starts_a_runner_command() {
        let s = ci_safe("ok\n::error file=x::pwned\n  ::stop-commands::t\n##[error]x\nsee ##vso[task.setvariable]x\n".to_string());
        for line in s.lines() {
            let t = line.trim_start();
            assert!(!t.starts_with("::") && !t.starts_with("##["), "{line}");
            assert!(!line.contains("##vso["), "{line}");
        }
        assert_eq!(ci_safe("plain: text\n".to_string()), "plain: text\n");
    }

    #[test]
    fn xml_forbidden_code_points_are_replaced() {
        assert_eq!(
            xml_chars("a\u{fffe}b\u{ffff}\u{1}\n"),
            "a\u{fffd}b\u{fffd}\u{fffd}\n"
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("fastcgi_pas", ["fastcgi_pass", "proxy_pass"]),
            Some("fastcgi_pass")
        );
        assert_eq!(did_you_mean("zzz", ["fastcgi_pass"]), None);
    }
}
