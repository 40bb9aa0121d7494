//! A linear pass over an nginx file before pest sees it.
//!
//! It mirrors nginx's tokenizer (`ngx_conf_read_token`) byte for byte, so it finds
//! every syntax error nginx would report, words it as nginx does, and points at the
//! culprit: the unclosed `{`, the unterminated quote, the stray `}`. It also bounds
//! nesting depth, so that neither pest nor the recursive tree builder can run out
//! of stack on hostile input.

#![allow(clippy::result_large_err)]

use crate::diag::{Diagnostic, Label};
use crate::source::{SourceFile, Span};

/// Deepest block nesting accepted. Real configurations nest 3 to 6 levels.
pub const MAX_DEPTH: usize = 100;

/// nginx's configuration read buffer (`NGX_CONF_BUFFER`): a token that does not end
/// within it is refused with "too long parameter".
pub const NGX_CONF_BUFFER: usize = 4096;

pub const RULE: &str = "nginx-syntax";

/// Most arguments one directive may have. nginx takes any number for `1MORE`
/// directives such as `server_name`; this bound is fpmlint's own, so that one
/// statement cannot take memory out of proportion.
pub const MAX_ARGS: usize = 65_536;

/// Most statements one file may hold.
pub const MAX_STATEMENTS: usize = 1_000_000;

/// Check the file the way nginx's tokenizer would.
pub fn prescan(file: &SourceFile) -> Result<(), Box<Diagnostic>> {
    scan(file, |_, _| {})
}

/// [`prescan`] without the limit on the statements of a file, for the
/// benchmarks that time files past it.
#[doc(hidden)]
pub fn prescan_without_statement_limit(file: &SourceFile) -> Result<(), Box<Diagnostic>> {
    scan_limited(file, usize::MAX, |_, _| {})
}

/// Check the file as [`prescan`] does, and call `cut` with the offset just past
/// every statement end the tokenizer finds: each `;`, each `{` (for a
/// `*_by_lua_block`, the `}` that closes its Lua body instead), each `}`, and at
/// last the end of the file. The text between two cuts is blanks and comments,
/// then at most one statement, block header or `}`: the parser reads the file
/// piece by piece from these offsets. The flag is true when the piece's
/// statement is a `*_by_lua_block` (its Lua body included).
pub fn scan(file: &SourceFile, cut: impl FnMut(usize, bool)) -> Result<(), Box<Diagnostic>> {
    scan_limited(file, MAX_STATEMENTS, cut)
}

/// [`scan`] with another limit on the statements of the file (the benchmarks
/// time files past [`MAX_STATEMENTS`]).
pub(crate) fn scan_limited(
    file: &SourceFile,
    max_statements: usize,
    cut: impl FnMut(usize, bool),
) -> Result<(), Box<Diagnostic>> {
    Scanner {
        file,
        max_statements,
        b: file.text.as_bytes(),
        pos: 0,
        stack: Vec::new(),
        misclosed: None,
        misclosed_by: None,
    }
    .run(cut)
    .map_err(Box::new)
}

struct Scanner<'a> {
    file: &'a SourceFile,
    /// Statements read before the file is refused.
    max_statements: usize,
    b: &'a [u8],
    pos: usize,
    /// Offsets of the `{` of the blocks currently open.
    stack: Vec<usize>,
    /// The first block closed by a `}` indented less than its opening line.
    misclosed: Option<usize>,
    misclosed_by: Option<usize>,
}

enum Stmt {
    /// `;`
    End,
    /// `{`, with whether the statement names a `*_by_lua_block`.
    BlockStart {
        lua: bool,
    },
    /// `}`
    BlockEnd,
    Eof,
}

/// Whether [`Scanner::statement`] takes its fast paths: always, except when the
/// tests read a text byte by byte, the reference the fast paths are held to.
fn fast_paths() -> bool {
    #[cfg(test)]
    {
        let reference = tests::REFERENCE.with(std::cell::Cell::get);
        if reference {
            tests::REFERENCE_READS.with(|n| n.set(n.get() + 1));
        }
        !reference
    }
    #[cfg(not(test))]
    true
}

const fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// The bytes that end or change an unquoted token: blanks, `;`, `{`, `\`, `$`.
/// Every other byte (quotes and `}` included) just extends it.
const BARE_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = is_ws(c as u8) || matches!(c as u8, b';' | b'{' | b'\\' | b'$');
        c += 1;
    }
    t
};

impl<'a> Scanner<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file.id, start, end)
    }

    fn err(&self, msg: String, at: usize, len: usize, label: &str) -> Diagnostic {
        let end = (at + len).min(self.b.len());
        Diagnostic::error(
            RULE,
            msg,
            Label::new(self.span(at.min(self.b.len()), end), label.to_string()),
        )
    }

    /// Width of the indentation of the line holding `at` (a tab counts 8); None
    /// for a `}` that is not alone at the start of its line.
    fn indent(&self, at: usize) -> Option<usize> {
        // The line index, not a scan back: a long line with many blocks on it
        // must not cost a scan per "}".
        let line_start = self.file.line_start(self.file.line_index(at));
        let line = &self.b[line_start..at];
        let blanks = line
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        if self.b[at] == b'}' && blanks != line.len() {
            return None;
        }
        Some(
            line[..blanks]
                .iter()
                .map(|&c| if c == b'\t' { 8 } else { 1 })
                .sum(),
        )
    }

    fn char_at(&self, at: usize) -> String {
        self.file.text[at..]
            .chars()
            .next()
            .map(|c| c.to_string())
            .unwrap_or_default()
    }

    fn run(mut self, mut cut: impl FnMut(usize, bool)) -> Result<(), Diagnostic> {
        let mut statements = 0usize;
        loop {
            let at = self.pos;
            let stmt = self.statement()?;
            statements += 1;
            if statements > self.max_statements {
                return Err(Diagnostic::error(
                    crate::project::INPUT_LIMIT,
                    format!("this file holds more than {} statements; fpmlint stops reading it here", self.max_statements),
                    Label::new(self.span(at, self.pos.min(at + 1)), "the statement past the limit"),
                )
                .with_help("real configurations hold thousands of statements per file; this one is probably generated: split it, or lint it apart"));
            }
            match stmt {
                Stmt::End => cut(self.pos, false),
                Stmt::BlockStart { lua } => {
                    let open = self.pos - 1;
                    if lua {
                        self.lua_body(open)?;
                        cut(self.pos, true);
                        continue;
                    }
                    cut(self.pos, false);
                    self.stack.push(open);
                    if self.stack.len() > MAX_DEPTH {
                        return Err(
                            Diagnostic::error(
                                RULE,
                                format!(
                                    "blocks nest more than {MAX_DEPTH} levels deep; fpmlint stops reading this file"
                                ),
                                Label::new(self.span(open, open + 1), format!("level {}", self.stack.len())),
                            )
                            .with_help("real configurations nest a few levels (http, server, location, if); this file is probably generated or corrupt"),
                        );
                    }
                }
                Stmt::BlockEnd => {
                    let close = self.pos - 1;
                    if let Some(&open) = self.stack.last() {
                        // Remember the first "}" less indented than the line of the
                        // "{" it closes: if a block turns out unclosed, that "{" is
                        // the likely culprit.
                        if self.misclosed.is_none()
                            && matches!((self.indent(close), self.indent(open)), (Some(c), Some(o)) if c < o)
                        {
                            self.misclosed = Some(open);
                            self.misclosed_by = Some(close);
                        }
                    }
                    if self.stack.pop().is_none() {
                        return Err(self
                            .err("unexpected \"}\"".into(), close, 1, "no block is open here")
                            .with_help("remove this \"}\" or the extra one before it; nginx refuses to start"));
                    }
                    cut(self.pos, false);
                }
                Stmt::Eof => {
                    if let Some(&open) = self.stack.last() {
                        let culprit = self.misclosed.unwrap_or(open);
                        let mut d = Diagnostic::error(
                            RULE,
                            "unexpected end of file, expecting \"}\"",
                            Label::new(
                                self.span(culprit, culprit + 1),
                                "this block is never closed",
                            ),
                        )
                        .with_help("add the missing \"}\"; nginx refuses to start with this file");
                        if let Some(close) = self.misclosed_by.filter(|_| culprit != open) {
                            d = d.with_label(Label::new(
                                self.span(close, close + 1),
                                "this \"}\" is indented for an outer block, but closes this one",
                            ));
                        }
                        return Err(d);
                    }
                    cut(self.b.len(), false);
                    return Ok(());
                }
            }
        }
    }

    /// Read one statement, exactly as `ngx_conf_read_token` does: byte by byte
    /// in effect, with runs of comment, blanks and token text passed over at once
    /// (the same loop with them off, [`fast_paths`], is what the tests hold it
    /// to).
    fn statement(&mut self) -> Result<Stmt, Diagnostic> {
        let fast = fast_paths();
        let b = self.b;
        let mut nargs = 0usize;
        let mut first_token: Option<(usize, usize)> = None;
        let mut need_space = false;
        let mut last_space = true;
        let mut sharp_comment = false;
        let mut quoted = false;
        let mut s_quoted = false;
        let mut d_quoted = false;
        let mut variable = false;
        let mut start = self.pos;
        // Where the current token (if any) began, including its quote.
        let mut token_begin = self.pos;

        loop {
            // Fast paths: pass over the bytes the steps below would read without
            // a change of state, and stop where they check anything (a byte that
            // ends or escapes something, the end of the file, the 4096-byte limit
            // counted from `start` as it stands).
            if fast && !quoted && !need_space {
                let limit = b.len().min(start + NGX_CONF_BUFFER);
                if self.pos < limit {
                    if sharp_comment {
                        // A comment runs to the end of its line.
                        self.pos = memchr::memchr(b'\n', &b[self.pos..limit])
                            .map_or(limit, |n| self.pos + n);
                    } else if last_space {
                        // Blanks between tokens: each moves `start` to itself, so
                        // once the first is in, none can reach the limit.
                        let n = b[self.pos..].iter().take_while(|&&c| is_ws(c)).count();
                        if n > 0 {
                            self.pos += n;
                            start = self.pos - 1;
                            token_begin = start;
                        }
                    } else if !variable {
                        // Inside a token: up to its end or a `\`, and in a bare
                        // token a `$` too (`${` does not end it). In quotes a `$`
                        // changes nothing (only a `{` reads it, and in quotes a
                        // `{` is text anyway); quoted strings are short, so a
                        // plain loop costs less there than memchr2's setup.
                        let rest = &b[self.pos..limit];
                        let n = if d_quoted {
                            rest.iter().position(|&c| c == b'"' || c == b'\\')
                        } else if s_quoted {
                            rest.iter().position(|&c| c == b'\'' || c == b'\\')
                        } else {
                            rest.iter().position(|&c| BARE_STOP[c as usize])
                        };
                        self.pos += n.unwrap_or(rest.len());
                    }
                }
            }

            if self.pos >= b.len() {
                if d_quoted || s_quoted {
                    let q = if d_quoted { '"' } else { '\'' };
                    return Err(self
                        .err(
                            format!("unexpected end of file: the quoted string opened here never ends (no closing {q})"),
                            token_begin,
                            1,
                            "this quote is never closed",
                        )
                        .with_help(format!("add the closing {q}; nginx refuses to start with this file")));
                }
                if nargs > 0 || !last_space {
                    let at = first_token.map(|t| t.0).unwrap_or(token_begin);
                    return Err(self
                        .err(
                            "unexpected end of file, expecting \";\" or \"}\"".into(),
                            at,
                            first_token.map(|t| t.1 - t.0).unwrap_or(1),
                            "this statement is never ended",
                        )
                        .with_help("end the statement with \";\""));
                }
                return Ok(Stmt::Eof);
            }
            // nginx refills its 4096-byte buffer here; a token that has not ended
            // by then is refused.
            if self.pos - start >= NGX_CONF_BUFFER {
                let msg = if d_quoted {
                    "too long parameter, probably missing terminating \"\"\" character".to_string()
                } else if s_quoted {
                    "too long parameter, probably missing terminating \"'\" character".to_string()
                } else {
                    let head: String = self.file.text[start..].chars().take(10).collect();
                    format!("too long parameter \"{head}...\" started")
                };
                return Err(self
                    .err(msg, token_begin, 1, "this runs past nginx's 4096-byte token limit")
                    .with_help("nginx reads tokens through a 4096-byte buffer: close the quote, or split the value"));
            }

            let ch = b[self.pos];
            self.pos += 1;

            if ch == b'\n' && sharp_comment {
                sharp_comment = false;
            }
            if sharp_comment {
                continue;
            }
            if quoted {
                quoted = false;
                continue;
            }
            if need_space {
                if is_ws(ch) {
                    last_space = true;
                    need_space = false;
                    continue;
                }
                if ch == b';' {
                    return Ok(Stmt::End);
                }
                if ch == b'{' {
                    return Ok(Stmt::BlockStart {
                        lua: self.is_lua(first_token),
                    });
                }
                if ch == b')' {
                    last_space = true;
                    need_space = false;
                } else {
                    let at = self.pos - 1;
                    let c = self.char_at(at);
                    let msg = format!("unexpected \"{c}\"");
                    let lines = self.file.text[token_begin..at].matches('\n').count();
                    if lines > 0 {
                        // A quote that spans lines: the culprit is most likely an
                        // earlier quote that was never closed.
                        return Err(Diagnostic::error(
                            RULE,
                            msg,
                            Label::new(
                                self.span(token_begin, token_begin + 1),
                                format!("this quoted string runs on for {lines} more line(s): is its closing quote missing?"),
                            ),
                        )
                        .with_label(Label::new(
                            self.span(at, at + c.len()),
                            "nginx stops here, after what it took as the closing quote",
                        ))
                        .with_help("close the quote on the line where it opens; nginx refuses to start with this file"));
                    }
                    return Err(self
                        .err(
                            msg,
                            at,
                            c.len(),
                            "a closing quote must be followed by a space, \";\" or \"{\"",
                        )
                        .with_help(
                            "put a space after the closing quote, or quote the whole argument",
                        ));
                }
            }

            if last_space {
                // nginx moves the token start on every byte here, whitespace
                // included, so only a token or a comment can run too long.
                start = self.pos - 1;
                token_begin = start;
                if is_ws(ch) {
                    continue;
                }
                match ch {
                    b';' | b'{' => {
                        if nargs == 0 {
                            let at = self.pos - 1;
                            return Err(self
                                .err(
                                    format!("unexpected \"{}\"", ch as char),
                                    at,
                                    1,
                                    "no directive name before this",
                                )
                                .with_help("remove it, or write the directive it belongs to"));
                        }
                        return Ok(if ch == b'{' {
                            Stmt::BlockStart {
                                lua: self.is_lua(first_token),
                            }
                        } else {
                            Stmt::End
                        });
                    }
                    b'}' => {
                        if nargs > 0 {
                            let at = self.pos - 1;
                            let mut d = Diagnostic::error(
                                RULE,
                                "unexpected \"}\"",
                                Label::new(self.span(at, at + 1), "the block closes here"),
                            );
                            if let Some((s, e)) = first_token {
                                d = d.with_label(Label::new(
                                    self.span(s, e),
                                    "this statement has no \";\" at its end",
                                ));
                            }
                            return Err(d.with_help("add the missing \";\" before the \"}\""));
                        }
                        return Ok(Stmt::BlockEnd);
                    }
                    b'#' => {
                        sharp_comment = true;
                        continue;
                    }
                    b'\\' => {
                        quoted = true;
                        last_space = false;
                        continue;
                    }
                    b'"' => {
                        start += 1;
                        d_quoted = true;
                        last_space = false;
                        continue;
                    }
                    b'\'' => {
                        start += 1;
                        s_quoted = true;
                        last_space = false;
                        continue;
                    }
                    b'$' => {
                        variable = true;
                        last_space = false;
                        continue;
                    }
                    _ => {
                        last_space = false;
                    }
                }
            } else {
                if ch == b'{' && variable {
                    continue;
                }
                variable = false;
                if ch == b'\\' {
                    quoted = true;
                    continue;
                }
                if ch == b'$' {
                    variable = true;
                    continue;
                }
                let mut found = false;
                if d_quoted {
                    if ch == b'"' {
                        d_quoted = false;
                        need_space = true;
                        found = true;
                    }
                } else if s_quoted {
                    if ch == b'\'' {
                        s_quoted = false;
                        need_space = true;
                        found = true;
                    }
                } else if is_ws(ch) || ch == b';' || ch == b'{' {
                    last_space = true;
                    found = true;
                }
                if found {
                    nargs += 1;
                    if nargs > MAX_ARGS {
                        let (s, e) = first_token.unwrap_or((token_begin, token_begin + 1));
                        return Err(Diagnostic::error(
                            crate::project::INPUT_LIMIT,
                            format!("this directive has more than {MAX_ARGS} arguments; fpmlint stops reading this file here"),
                            Label::new(self.span(s, e), "this directive"),
                        )
                        .with_help("nginx accepts it, but no real directive needs that many: split the list (map, geo or include files)"));
                    }
                    if first_token.is_none() {
                        let end = if need_space { self.pos } else { self.pos - 1 };
                        first_token = Some((token_begin, end));
                    }
                    if ch == b';' {
                        return Ok(Stmt::End);
                    }
                    if ch == b'{' {
                        return Ok(Stmt::BlockStart {
                            lua: self.is_lua(first_token),
                        });
                    }
                }
            }
        }
    }

    /// Does the statement's first token name a `*_by_lua_block` directive?
    fn is_lua(&self, first: Option<(usize, usize)>) -> bool {
        let Some((s, e)) = first else { return false };
        let t = self.file.text[s..e].trim_matches(|c| c == '"' || c == '\'');
        t.ends_with("_by_lua_block") && t.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
    }

    /// Skip a Lua body up to its closing `}` (strings, comments, long brackets and
    /// nested braces understood as ngx_lua does).
    fn lua_body(&mut self, open: usize) -> Result<(), Diagnostic> {
        let b = self.b;
        let mut depth = 1usize;
        while self.pos < b.len() {
            let c = b[self.pos];
            match c {
                b'-' if b.get(self.pos + 1) == Some(&b'-') => {
                    self.pos += 2;
                    if !self.lua_long_bracket() {
                        while self.pos < b.len() && b[self.pos] != b'\n' {
                            self.pos += 1;
                        }
                    }
                }
                b'[' => {
                    if !self.lua_long_bracket() {
                        self.pos += 1;
                    }
                }
                b'"' | b'\'' => {
                    self.pos += 1;
                    while self.pos < b.len() && b[self.pos] != c {
                        if b[self.pos] == b'\\' {
                            self.pos += 1;
                        }
                        self.pos += 1;
                    }
                    self.pos += 1;
                }
                b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(self.err(
                            format!("Lua braces nest more than {MAX_DEPTH} levels deep"),
                            self.pos,
                            1,
                            "here",
                        ));
                    }
                    self.pos += 1;
                }
                b'}' => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => self.pos += 1,
            }
        }
        Err(self
            .err(
                "unexpected end of file in a Lua block, expecting \"}\"".into(),
                open,
                1,
                "this Lua block is never closed",
            )
            .with_help("close the Lua block with \"}\""))
    }

    /// At `[`: skip a Lua long bracket `[[...]]` or `[==[...]==]` if there is one.
    fn lua_long_bracket(&mut self) -> bool {
        let b = self.b;
        let mut p = self.pos;
        if b.get(p) != Some(&b'[') {
            return false;
        }
        p += 1;
        let mut level = 0;
        while b.get(p) == Some(&b'=') {
            level += 1;
            p += 1;
        }
        if b.get(p) != Some(&b'[') {
            return false;
        }
        p += 1;
        while p < b.len() {
            if b[p] == b']' {
                let mut q = p + 1;
                let mut l = 0;
                while b.get(q) == Some(&b'=') {
                    l += 1;
                    q += 1;
                }
                if l == level && b.get(q) == Some(&b']') {
                    self.pos = q + 1;
                    return true;
                }
            }
            p += 1;
        }
        self.pos = b.len();
        true
    }
}

/// The fast paths of [`Scanner::statement`] against its byte-by-byte reference,
/// through the whole scan (cuts, and the diagnostic to the last label and help):
/// on every nginx file of the corpus, truncated and mutated, and on generated
/// text around the 4096-byte limit, quotes, escapes, variables, comments and Lua.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use std::cell::Cell;
    use std::collections::BTreeSet;
    use std::io::Write as _;

    thread_local! {
        /// While set, [`Scanner::statement`] reads byte by byte.
        pub(super) static REFERENCE: Cell<bool> = const { Cell::new(false) };
        /// Statements read byte by byte, to show the switch works.
        pub(super) static REFERENCE_READS: Cell<usize> = const { Cell::new(0) };
    }

    // Kinds of error (each message up to its first quote) the texts must reach.
    const UNEXPECTED: &str = "unexpected ";
    const UNEXPECTED_EOF: &str = "unexpected end of file, expecting ";
    const UNCLOSED_QUOTE: &str =
        "unexpected end of file: the quoted string opened here never ends (no closing ";
    const TOO_LONG: &str = "too long parameter ";
    const TOO_LONG_QUOTED: &str = "too long parameter, probably missing terminating ";
    const UNCLOSED_LUA: &str = "unexpected end of file in a Lua block, expecting ";

    /// The cuts (with whether each piece is a Lua statement) and the result.
    type Outcome = (Vec<(usize, bool)>, Result<(), Box<Diagnostic>>);

    fn source(text: &[u8]) -> SourceFile {
        SourceFile::new(FileId(0), "t.conf".into(), "t.conf".into(), text.to_vec())
    }

    fn outcome(file: &SourceFile, reference: bool) -> Outcome {
        REFERENCE.with(|r| r.set(reference));
        let mut cuts = Vec::new();
        let result = scan(file, |end, lua| cuts.push((end, lua)));
        REFERENCE.with(|r| r.set(false));
        (cuts, result)
    }

    /// Compares both readings of each text; keeps the messages of the errors seen.
    #[derive(Default)]
    struct Check {
        texts: usize,
        bytes: usize,
        failures: Vec<String>,
        messages: BTreeSet<String>,
    }

    impl Check {
        fn text(&mut self, name: &str, text: &[u8]) {
            let file = source(text);
            let fast = outcome(&file, false);
            let reference = outcome(&file, true);
            self.texts += 1;
            self.bytes += text.len();
            if let Err(d) = &reference.1 {
                // The message up to the first quote: its kind, without the text
                // it quotes.
                let kind = d.message.split('"').next().unwrap_or_default();
                self.messages.insert(kind.to_string());
            }
            if fast != reference && self.failures.len() < 5 {
                let at = fast.0.iter().zip(&reference.0).position(|(a, b)| a != b);
                self.failures.push(format!(
                    "{name} ({} bytes): cuts {} vs {} (first difference at cut {at:?})\n  fast:      {:?}\n  reference: {:?}\n  text: {:?}",
                    text.len(),
                    fast.0.len(),
                    reference.0.len(),
                    fast.1,
                    reference.1,
                    String::from_utf8_lossy(&text[..text.len().min(300)]),
                ));
            }
        }

        fn done(self, what: &str, expect: &[&str]) {
            assert!(
                self.failures.is_empty(),
                "{what}: the fast paths and the byte-by-byte reading differ:\n{}",
                self.failures.join("\n")
            );
            for m in expect {
                assert!(
                    self.messages.contains(*m),
                    "{what}: no text reached the error {m:?}; seen: {:?}",
                    self.messages
                );
            }
            eprintln!("{what}: {} texts, {} bytes, same", self.texts, self.bytes);
        }
    }

    /// xorshift64*: the same texts on every run.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }
    }

    /// The nginx files of ../shared/corpus, each content once.
    fn corpus() -> Option<Vec<(String, Vec<u8>)>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST.tsv")) else {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {} is absent; the corpus tests need ../shared beside the project",
                dir.display()
            );
            return None;
        };
        let mut seen = std::collections::HashSet::new();
        let mut files = Vec::new();
        for line in manifest.lines().skip(1) {
            let mut cols = line.split('\t');
            let (Some(path), Some("nginx")) = (cols.next(), cols.next()) else {
                continue;
            };
            let bytes = std::fs::read(dir.join(path)).expect("a corpus file is readable");
            if seen.insert(bytes.clone()) {
                files.push((path.to_string(), bytes));
            }
        }
        assert!(!files.is_empty(), "MANIFEST.tsv lists no nginx file");
        Some(files)
    }

    #[test]
    fn the_switch_reads_byte_by_byte() {
        let file = source(b"events {}\nhttp { server { listen 80; } }\n");
        REFERENCE_READS.with(|n| n.set(0));
        let fast = outcome(&file, false);
        assert_eq!(REFERENCE_READS.with(Cell::get), 0);
        let reference = outcome(&file, true);
        assert_eq!(REFERENCE_READS.with(Cell::get), fast.0.len());
        assert_eq!(fast, reference);
        assert!(reference.1.is_ok());
    }

    #[test]
    fn corpus_files_whole_and_truncated() {
        let Some(files) = corpus() else { return };
        let mut check = Check::default();
        for (name, bytes) in &files {
            check.text(name, bytes);
            // Every few bytes of the small files, a dozen places in the others:
            // each cut ends the file inside a comment, a token, a quote or blanks.
            let step = if bytes.len() <= 400 {
                3
            } else {
                bytes.len() / 12 + 1
            };
            for end in (1..bytes.len()).step_by(step) {
                check.text(&format!("{name}[..{end}]"), &bytes[..end]);
            }
        }
        check.done(
            "corpus files, whole and truncated",
            &[UNEXPECTED_EOF, UNCLOSED_QUOTE],
        );
    }

    #[test]
    fn corpus_files_mutated() {
        let Some(files) = corpus() else { return };
        const INSERTS: &[&str] = &[
            "\"", "'", "\\", "$", "{", "}", ";", "#", "\n", " ", "${", "$x{", "\\\"", "\\\n",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut check = Check::default();
        for (name, bytes) in &files {
            let variants = if bytes.len() > 20_000 { 2 } else { 6 };
            for v in 0..variants {
                let mut text = bytes.clone();
                for _ in 0..1 + rng.below(3) {
                    let at = rng.below(text.len() + 1);
                    let insert = INSERTS[rng.below(INSERTS.len())];
                    text.splice(at..at, insert.bytes());
                }
                check.text(&format!("{name} mutation {v}"), &text);
            }
        }
        check.done(
            "corpus files with bytes inserted",
            &[UNEXPECTED, UNEXPECTED_EOF, UNCLOSED_QUOTE, TOO_LONG_QUOTED],
        );
    }

    #[test]
    fn generated_around_the_token_limit() {
        let mut check = Check::default();
        let prefixes = [
            "", "a ", "  \t", "\n\n", "s {\n  ", "a \"x\" ", "# c\n", "a\\ ",
        ];
        let suffixes = [
            "", ";", " ;", "\n", " {", "}", " y;", "\"", "'", "\n}", "$", "\\",
        ];
        for n in [4093, 4094, 4095, 4096, 4097, 4098] {
            let x = "x".repeat(n);
            let half = "x".repeat(n / 2);
            let line = "y".repeat(79) + "\n";
            let bodies = [
                x.clone(),
                format!("\"{x}\""),
                format!("'{x}'"),
                format!("\"{x}"),
                format!("#{x}\n"),
                format!("#{x}"),
                format!("{}\n", " ".repeat(n)),
                format!("${{{x}}}"),
                format!("${x}"),
                format!("{half}\\;{half}"),
                format!("{half}${half}"),
                format!("\"{half}\\\"{half}\""),
                format!("'{half}$'{half}"),
                format!("\"{}\"", line.repeat(n / 80)),
                format!("\"{}\" {x}", "x".repeat(n - 4)),
                format!("\"{}\"  ", "x".repeat(n - 4)),
                format!("\"{}\"\n{x}", "x".repeat(n - 3)),
                format!("'{}'", "x".repeat(n - 2)),
                format!("({x})"),
                format!("{x}#{x}"),
            ];
            for (i, body) in bodies.iter().enumerate() {
                for p in prefixes {
                    for s in suffixes {
                        check.text(
                            &format!("{p:?} + body {i} ({n}) + {s:?}"),
                            format!("{p}{body}{s}").as_bytes(),
                        );
                    }
                }
            }
        }
        check.done(
            "text around the 4096-byte limit",
            &[
                UNEXPECTED,
                UNEXPECTED_EOF,
                UNCLOSED_QUOTE,
                TOO_LONG,
                TOO_LONG_QUOTED,
            ],
        );
    }

    #[test]
    fn the_statement_limit_refuses_the_statement_past_it_only() {
        let f = source(b"a 1;\nb 2;\nc { d 3; }\n");
        // a, b, c's `{`, d, `}`, and the end of the file: six statements.
        let err = scan_limited(&f, 5, |_, _| {}).expect_err("refused");
        assert_eq!(
            err.message,
            "this file holds more than 5 statements; fpmlint stops reading it here"
        );
        assert!(scan_limited(&f, 6, |_, _| {}).is_ok());
        assert!(prescan_without_statement_limit(&f).is_ok());
        let unlimited = crate::nginx::parse::parse_without_statement_limit(&f).expect("parses");
        assert_eq!(unlimited, crate::nginx::parse(&f).expect("parses"));
    }

    #[test]
    fn generated_statements() {
        const PIECES: &[&str] = &[
            " ",
            " ",
            "\t",
            "\n",
            "\r\n",
            "a",
            "listen",
            "80",
            "x",
            "/p/a.php",
            ";",
            ";",
            "{",
            "}",
            "\"",
            "'",
            "\\",
            "$",
            "${",
            "$x",
            "}",
            "#",
            "# a comment\n",
            "(",
            ")",
            "\"q\"",
            "'s'",
            "\"a b\"",
            "\\\"",
            "\\\\",
            "é",
            "content_by_lua_block {",
            "a_by_lua_block",
            "[[",
            "]]",
            "[==[",
            "]==]",
            "--",
            "-- x\n",
            "\"}\"",
            "'{'",
        ];
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut check = Check::default();
        for i in 0..30_000 {
            let mut text = String::new();
            for _ in 0..rng.below(60) {
                text.push_str(PIECES[rng.below(PIECES.len())]);
                if rng.below(400) == 0 {
                    // Now and then a run that crosses the 4096-byte limit.
                    let c = ["x", " ", "\n", "#"][rng.below(4)];
                    text.push_str(&c.repeat(4090 + rng.below(10)));
                }
            }
            check.text(&format!("generated text {i}"), text.as_bytes());
        }
        check.done(
            "generated statements",
            &[
                UNEXPECTED,
                UNEXPECTED_EOF,
                UNCLOSED_QUOTE,
                TOO_LONG,
                UNCLOSED_LUA,
            ],
        );
    }
}
