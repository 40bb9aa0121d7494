//! The php-fpm / php.ini parser: pest on each physical line (grammar/fpm.pest),
//! then a lowering to [`IniFile`] that applies the Zend INI scanner's value rules.
//!
//! php-fpm reads its config one line at a time (`fpm_conf_load_ini_file`), so a bad
//! line is reported and parsing goes on with the next one: every bad line of a file
//! gets its own `fpm-syntax` diagnostic. Nothing here panics on any input.

use pest::error::InputLocation;
use pest::iterators::{Pair, Pairs};
use pest::Parser;

use super::ast::{Entry, IniFile, Line, Section, Value, ValueKind};
use crate::diag::{Diagnostic, Label};
use crate::source::{FileId, SourceFile, Span};

#[derive(pest_derive::Parser)]
#[grammar = "grammar/fpm.pest"]
struct IniGrammar;

/// Rule name of every diagnostic this module emits.
pub const RULE: &str = "fpm-syntax";

/// What php-fpm prints for any INI syntax error (zend_ini_parser.y `ini_error`,
/// then fpm_conf.c).
const PHP_SAYS: &str = "php-fpm prints `PHP:  syntax error, unexpected ... in Unknown on line 1`, \
then `failed to load configuration file '...'` and `FPM initialization failed`";

/// Deepest `(` / `${` nesting accepted on one line. Real configs nest 1 or 2 levels;
/// the cap keeps pest and the recursive lowering far from the stack limit.
const MAX_NESTING: usize = 64;

/// Parse one php-fpm or php.ini file.
pub fn parse(file: &SourceFile) -> (IniFile, Vec<Diagnostic>) {
    parse_lines(file, true)
}

/// Parse one file running the grammar's `line` rule on every line, comment lines
/// included: the reference [`parse`], which reads comment lines without pest, is
/// held to.
pub fn parse_reference(file: &SourceFile) -> (IniFile, Vec<Diagnostic>) {
    parse_lines(file, false)
}

fn parse_lines(file: &SourceFile, comments_without_pest: bool) -> (IniFile, Vec<Diagnostic>) {
    let mut lines = Vec::new();
    let mut diags = Vec::new();
    // The last line is a run of comments that a comment line may extend: no
    // statement and no bad line since it (blank lines keep it open).
    let mut open_run = false;
    for (start, text) in physical_lines(&file.text) {
        let lw = LineLowering {
            file: file.id,
            base: start,
            text,
            comments_without_pest,
            extend_run: open_run,
        };
        match lw.lower(&mut lines) {
            Ok(true) => open_run = matches!(lines.last(), Some(Line::Comments { .. })),
            Ok(false) => {}
            Err(d) => {
                diags.push(*d);
                open_run = false;
            }
        }
    }
    // Runs make the list far shorter than the file's lines: no room kept for more.
    lines.shrink_to_fit();
    (
        IniFile {
            file: file.id,
            lines,
        },
        diags,
    )
}

/// Split into lines the way the scanner ends statements: at `\n`, `\r\n` and a lone
/// `\r` (Zend `NEWLINE ("\r"|"\n"|"\r\n")`). Yields (start offset, text without the
/// terminator); empty lines are skipped as php-fpm does (`if (n == 0) continue;`).
pub(super) fn physical_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let ends = memchr::memchr2_iter(b'\n', b'\r', text.as_bytes()).chain([text.len()]);
    let mut start = 0;
    ends.filter_map(move |end| {
        let s = std::mem::replace(&mut start, end + 1);
        // `\n` and `\r` are ASCII: `s..end` are char boundaries.
        (end > s).then(|| (s, &text[s..end]))
    })
}

/// The `E_*` constants php-fpm's master knows (Zend/zend_errors.h, PHP 8), the only
/// constants worth resolving in config values (`error_reporting = E_ALL & ~E_NOTICE`).
/// Other constant-like words are kept verbatim.
pub fn php_constant(name: &str) -> Option<i32> {
    Some(match name {
        "E_ERROR" => 1,
        "E_WARNING" => 2,
        "E_PARSE" => 4,
        "E_NOTICE" => 8,
        "E_CORE_ERROR" => 16,
        "E_CORE_WARNING" => 32,
        "E_COMPILE_ERROR" => 64,
        "E_COMPILE_WARNING" => 128,
        "E_USER_ERROR" => 256,
        "E_USER_WARNING" => 512,
        "E_USER_NOTICE" => 1024,
        "E_STRICT" => 2048,
        "E_RECOVERABLE_ERROR" => 4096,
        "E_DEPRECATED" => 8192,
        "E_USER_DEPRECATED" => 16384,
        "E_ALL" => 32767,
        _ => return None,
    })
}

/// Zend `CONSTANT [a-zA-Z_][a-zA-Z0-9_]*`.
fn is_constant_name(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_alphabetic() || c == b'_')
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

/// The boolean words of the scanner (`BOOL_TRUE`, `BOOL_FALSE`, `NULL_NULL`).
fn is_bool_word(s: &str) -> bool {
    ["true", "on", "yes", "false", "off", "no", "none", "null"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
}

/// Deepest nesting of `(` and `${` on a line (quotes ignored: an over-estimate).
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'(' => depth += 1,
            b'{' if i > 0 && b[i - 1] == b'$' => depth += 1,
            b')' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        max = max.max(depth);
    }
    max
}

fn error_offset(loc: &InputLocation) -> usize {
    match loc {
        InputLocation::Pos(p) => *p,
        InputLocation::Span((s, _)) => *s,
    }
}

/// Text built from concatenated pieces.
#[derive(Default)]
struct Built {
    text: String,
    env_refs: Vec<String>,
    /// Some piece is a `${...}` reference.
    symbolic: bool,
    /// Every piece is a quoted string.
    all_quoted: bool,
    /// Some word looks like a PHP constant fpmlint does not know.
    unknown_constant: bool,
}

/// Where a piece list is: values resolve `E_*` constants, sections do not
/// (`constant_literal` vs `constant_string` in zend_ini_parser.y).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Value,
    Literal,
}

struct LineLowering<'a> {
    file: FileId,
    /// Offset of the line in the file.
    base: usize,
    text: &'a str,
    /// Read a line that is only a comment without running the grammar.
    comments_without_pest: bool,
    /// A comment alone on this line joins the run of comments before it.
    extend_run: bool,
}

type Lowered<T> = Result<T, Box<Diagnostic>>;

impl<'a> LineLowering<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, self.base + start, self.base + end)
    }

    fn pair_span(&self, p: &Pair<'_, Rule>) -> Span {
        self.span(p.as_span().start(), p.as_span().end())
    }

    /// A one-character span at a line offset (the char there, or the last one).
    fn char_span(&self, at: usize) -> Span {
        let at = at.min(self.text.len());
        match self.text[at..].chars().next() {
            Some(c) => self.span(at, at + c.len_utf8()),
            None => match self.text[..at].chars().next_back() {
                Some(c) => self.span(at - c.len_utf8(), at),
                None => self.span(at, at),
            },
        }
    }

    fn error(&self, span: Span, message: String, help: impl Into<String>) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(RULE, message, Label::new(span, ""))
                .with_help(help)
                .with_note(PHP_SAYS),
        )
    }

    /// Append the statements of the line to `out` (nothing when it has an error);
    /// `Ok(false)` for a blank line.
    fn lower(&self, out: &mut Vec<Line>) -> Lowered<bool> {
        let body = self.text.trim_start_matches('\u{feff}');
        let lead = self.text.len() - body.len();
        let trimmed = body.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() {
            return Ok(false);
        }
        let first = lead + body.len() - trimmed.len();
        if trimmed.starts_with('#') {
            return Err(self.hash_comment(first, trimmed));
        }
        let before = out.len();
        if self.comments_without_pest && trimmed.starts_with(';') && lead <= '\u{feff}'.len_utf8() {
            // A comment line (most of php.ini): what the grammar yields for it,
            // `comment`, `;` to the end of the line, without running the grammar.
            self.comment(out, before, self.span(first, self.text.len()));
            return Ok(true);
        }
        if nesting_depth(self.text) > MAX_NESTING {
            return Err(Box::new(Diagnostic::error(
                RULE,
                format!("this line nests `(` or `${{` more than {MAX_NESTING} levels deep; fpmlint does not read it"),
                Label::new(self.char_span(first), ""),
            )));
        }
        let line = match IniGrammar::parse(Rule::line, self.text) {
            Ok(mut pairs) => pairs.next(),
            Err(e) => return Err(self.unparsable(error_offset(&e.location), first)),
        };
        for p in line.into_iter().flat_map(|l| l.into_inner()) {
            match p.as_rule() {
                Rule::section => out.push(self.section(p)),
                Rule::entry => match self.entry(p) {
                    Ok(e) => out.push(Line::Entry(std::sync::Arc::new(e))),
                    Err(d) => {
                        out.truncate(before);
                        return Err(d);
                    }
                },
                // Also a comment after a statement: it follows that statement.
                Rule::comment => self.comment(out, before, self.pair_span(&p)),
                _ => {}
            }
        }
        Ok(true)
    }

    /// A comment: the end of the run before it when it is alone on its line (`out`
    /// held `before` lines when this line began) and the run is open, else a new run.
    fn comment(&self, out: &mut Vec<Line>, before: usize, span: Span) {
        if self.extend_run && out.len() == before {
            if let Some(Line::Comments { span: run }) = out.last_mut() {
                run.end = span.end;
                return;
            }
        }
        out.push(Line::Comments { span });
    }

    /// `#` is not a comment since PHP 7.0 (php-src #21210): it is a LABEL character,
    /// so `# foo` is a bare key (`value is NULL for a ZEND_INI_PARSER_ENTRY`),
    /// `#listen = x` an unknown entry, `# a (b)` a syntax error.
    fn hash_comment(&self, at: usize, rest: &str) -> Box<Diagnostic> {
        let consequence = if rest.contains('=') {
            let key = rest.split('=').next().unwrap_or("").trim_end();
            format!(
                "php-fpm reads it as an entry named `{key}` and stops with `unknown entry '{key}'`"
            )
        } else {
            "php-fpm reads it as a key without a value and stops with \
             `value is NULL for a ZEND_INI_PARSER_ENTRY`"
                .to_string()
        };
        Box::new(
            Diagnostic::error(
                RULE,
                format!("php-fpm refuses to start: `#` does not start a comment in php-fpm's INI syntax; {consequence}"),
                Label::new(self.char_span(at), "not a comment"),
            )
            .with_help("start comments with `;`"),
        )
    }

    /// A line pest cannot read at all: point at where it stopped.
    fn unparsable(&self, at: usize, first: usize) -> Box<Diagnostic> {
        let rest = self.text[first..].trim_end_matches([' ', '\t']);
        if rest.starts_with('[') && !rest.contains(']') {
            return self.error(
                self.char_span(first),
                "php-fpm refuses to start: this section header is never closed with `]`".into(),
                "close the section name on the same line: `[name]`",
            );
        }
        if at >= self.text.trim_end_matches([' ', '\t']).len() {
            return self.error(
                self.char_span(at),
                "php-fpm refuses to start: the line ends where the INI syntax needs more (an `=` after `key[...]`?)".into(),
                "write `key = value`, `key[name] = value` or `[section]`",
            );
        }
        let c = self.text[at..].chars().next().unwrap_or(' ');
        self.error(
            self.char_span(at),
            format!("php-fpm refuses to start: unexpected `{}` in this line", c.escape_debug()),
            "write `key = value`, `key[name] = value` or `[section]`; quote values holding special characters",
        )
    }

    fn section(&self, p: Pair<'_, Rule>) -> Line {
        let span = self.pair_span(&p);
        let name = p.into_inner().next();
        let (name, name_span) = match name {
            Some(n) => {
                let sp = self.pair_span(&n);
                (self.pieces(n.into_inner(), Ctx::Literal).text, sp)
            }
            None => (
                String::new(),
                self.span(
                    span.start as usize - self.base + 1,
                    span.start as usize - self.base + 1,
                ),
            ),
        };
        Line::Section(Box::new(Section {
            name,
            span,
            name_span,
        }))
    }

    fn entry(&self, p: Pair<'_, Rule>) -> Lowered<Entry> {
        let whole = p.as_span();
        let mut inner = p.into_inner();
        let key_pair = inner
            .next()
            .ok_or_else(|| self.unparsable(whole.start(), whole.start()))?;
        let key_raw = key_pair.as_str();
        let key = key_raw.trim_matches([' ', '\t']);
        let kstart = key_pair.as_span().start()
            + (key_raw.len() - key_raw.trim_start_matches([' ', '\t']).len());
        let key_span = self.span(kstart, kstart + key.len());
        if is_bool_word(key) {
            return Err(self.error(
                key_span,
                format!("php-fpm refuses to start: `{key}` is a boolean word in php-fpm's INI syntax and cannot be a key"),
                "rename the key",
            ));
        }
        let mut subkey = None;
        let mut value = None;
        let mut end = key_span.end as usize - self.base;
        for part in inner {
            end = part.as_span().end();
            match part.as_rule() {
                Rule::offset => subkey = Some(self.offset(part)),
                Rule::eq => {
                    let at = part.as_span().end();
                    value = Some(Value {
                        raw: String::new(),
                        text: String::new(),
                        span: self.span(at, at),
                        env_refs: Vec::new(),
                        kind: ValueKind::Empty,
                    });
                }
                Rule::value => value = Some(self.value(part, key)?),
                _ => {}
            }
        }
        if let Some(v) = &value {
            end = end.max(v.span.end as usize - self.base);
        }
        Ok(Entry {
            key: key.to_string(),
            key_span,
            subkey,
            value,
            span: self.span(kstart, end),
        })
    }

    fn offset(&self, p: Pair<'_, Rule>) -> (String, Span) {
        let end = p.as_span().end();
        match p.into_inner().next() {
            Some(body) => {
                let span = self.pair_span(&body);
                (self.pieces(body.into_inner(), Ctx::Literal).text, span)
            }
            None => (String::new(), self.span(end - 1, end - 1)),
        }
    }

    fn value(&self, p: Pair<'_, Rule>, key: &str) -> Lowered<Value> {
        let span = self.pair_span(&p);
        let raw = p.as_str().to_string();
        let Some(inner) = p.into_inner().next() else {
            return Err(self.unparsable(span.start as usize - self.base, 0));
        };
        let mut v = Value {
            raw,
            text: String::new(),
            span,
            env_refs: Vec::new(),
            kind: ValueKind::Plain,
        };
        match inner.as_rule() {
            Rule::bool_value => {
                let word = inner.into_inner().next().map(|w| w.as_rule());
                (v.kind, v.text) = match word {
                    Some(Rule::bool_true) => (ValueKind::BoolTrue, "1".into()),
                    Some(Rule::bool_false) => (ValueKind::BoolFalse, String::new()),
                    _ => (ValueKind::Null, String::new()),
                };
            }
            Rule::expr_value => {
                let Some(expr) = inner.into_inner().next() else {
                    return Ok(v);
                };
                self.expr_value(expr, &mut v);
            }
            _ => return Err(self.bad_value(inner, key)),
        }
        Ok(v)
    }

    /// A plain value is an expression of one operand; anything else is evaluated as
    /// `zend_ini_do_op` does (32-bit ints, operands through `atoi`).
    fn expr_value(&self, expr: Pair<'_, Rule>, v: &mut Value) {
        let parts: Vec<Pair<'_, Rule>> = expr.clone().into_inner().collect();
        if let [single] = parts.as_slice() {
            if single.as_rule() == Rule::concat {
                let b = self.pieces(single.clone().into_inner(), Ctx::Value);
                v.kind = if b.all_quoted {
                    ValueKind::Quoted
                } else {
                    ValueKind::Plain
                };
                v.text = b.text;
                v.env_refs = b.env_refs;
                return;
            }
        }
        v.kind = ValueKind::Expr;
        let mut refs = Vec::new();
        let n = self.eval(expr, &mut refs);
        v.env_refs = refs;
        v.text = match n {
            Some(n) => n.to_string(),
            None => v.raw.clone(),
        };
    }

    /// Evaluate an `expr` pair; `None` when an operand is unknown (`${VAR}`, an
    /// unknown constant).
    fn eval(&self, expr: Pair<'_, Rule>, refs: &mut Vec<String>) -> Option<i32> {
        let mut acc: Option<Option<i32>> = None;
        let mut pending: Option<char> = None;
        let mut unaries: Vec<char> = Vec::new();
        for p in expr.into_inner() {
            let first = p.as_str().chars().next().unwrap_or(' ');
            let operand = match p.as_rule() {
                Rule::unary => {
                    unaries.push(first);
                    continue;
                }
                Rule::binop => {
                    pending = Some(first);
                    continue;
                }
                Rule::paren => match p.into_inner().next() {
                    Some(inner) => self.eval(inner, refs),
                    None => None,
                },
                _ => {
                    let b = self.pieces(p.into_inner(), Ctx::Value);
                    refs.extend(b.env_refs);
                    (!b.symbolic && !b.unknown_constant).then(|| crate::units::atoi(&b.text) as i32)
                }
            };
            let mut val = operand;
            for u in unaries.drain(..).rev() {
                val = val.map(|x| if u == '~' { !x } else { i32::from(x == 0) });
            }
            acc = Some(match (acc, pending.take()) {
                (Some(Some(a)), Some(op)) => val.map(|b| match op {
                    '|' => a | b,
                    '&' => a & b,
                    _ => a ^ b,
                }),
                (Some(None), _) => None,
                _ => val,
            });
        }
        acc.flatten()
    }

    /// Concatenate pieces (`var_string_list`). Blanks next to a double-quoted string
    /// are dropped: the scanner's `{TABS_AND_SPACES}*["]` and `["]{TABS_AND_SPACES}*`
    /// eat them.
    fn pieces(&self, pairs: Pairs<'_, Rule>, ctx: Ctx) -> Built {
        let list: Vec<Pair<'_, Rule>> = pairs.collect();
        let mut b = Built {
            all_quoted: !list.is_empty(),
            ..Built::default()
        };
        for (i, p) in list.iter().enumerate() {
            let dq_before = i > 0 && list[i - 1].as_rule() == Rule::dq;
            let dq_after = list.get(i + 1).is_some_and(|n| n.as_rule() == Rule::dq);
            match p.as_rule() {
                Rule::dq => self.dq(p.clone(), &mut b),
                Rule::sq => b.text.push_str(&p.as_str()[1..p.as_str().len() - 1]),
                Rule::var_ref => self.var_ref(p.clone(), &mut b),
                Rule::word if ctx == Ctx::Value && is_constant_name(p.as_str()) => {
                    b.all_quoted = false;
                    match php_constant(p.as_str()) {
                        Some(n) => b.text.push_str(&n.to_string()),
                        None => {
                            b.unknown_constant = true;
                            b.text.push_str(p.as_str());
                        }
                    }
                }
                _ => {
                    b.all_quoted = false;
                    let mut s = p.as_str();
                    if dq_before {
                        s = s.trim_start_matches([' ', '\t']);
                    }
                    if dq_after {
                        s = s.trim_end_matches([' ', '\t']);
                    }
                    b.text.push_str(s);
                }
            }
            if p.as_rule() == Rule::var_ref {
                b.all_quoted = false;
            }
        }
        b
    }

    /// `"..."` with `zend_ini_escape_string`: `\"`, `\\`, `\$` give the character,
    /// any other `\x` stays as both characters.
    fn dq(&self, p: Pair<'_, Rule>, b: &mut Built) {
        for part in p.into_inner() {
            if part.as_rule() == Rule::var_ref {
                self.var_ref(part, b);
                continue;
            }
            let mut chars = part.as_str().chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    match chars.peek() {
                        Some(&n @ ('"' | '\\' | '$')) => {
                            b.text.push(n);
                            chars.next();
                        }
                        _ => b.text.push('\\'),
                    }
                } else {
                    b.text.push(c);
                }
            }
        }
    }

    /// `${VAR}` / `${VAR:-fallback}`: kept as written, names collected.
    fn var_ref(&self, p: Pair<'_, Rule>, b: &mut Built) {
        b.symbolic = true;
        b.text.push_str(p.as_str());
        collect_refs(p, &mut b.env_refs);
    }

    /// Explain an invalid value: the first token that php's scanner rejects, else
    /// the operator that breaks the expression.
    fn bad_value(&self, p: Pair<'_, Rule>, key: &str) -> Box<Diagnostic> {
        let start = p.as_span().start();
        let raw = p.as_str().trim_end_matches([' ', '\t']);
        let quote_help = if raw.contains('"') {
            "quote the value with `'...'` or escape the special characters".to_string()
        } else {
            format!("quote the value: `{key} = \"{raw}\"`")
        };
        let tokens: Vec<Pair<'_, Rule>> = p.into_inner().collect();
        for t in &tokens {
            let at = t.as_span().start();
            let s = t.as_str();
            let (msg, help): (String, String) = match t.as_rule() {
                Rule::dq_open => (
                    "php-fpm refuses to start: this double quote is never closed on its line (a quoted value cannot continue on the next line)".into(),
                    "close the quote on the same line".into(),
                ),
                Rule::sq_open if s.starts_with("''") => (
                    "php-fpm refuses to start: `''` is a syntax error in php-fpm's INI syntax (single quotes need at least one character between them)".into(),
                    "write `\"\"` for an empty string, or leave the value empty".into(),
                ),
                Rule::sq_open => (
                    "php-fpm refuses to start: this single quote is never closed on its line".into(),
                    "close the quote on the same line".into(),
                ),
                Rule::var_open => (
                    "php-fpm refuses to start: this `${` is not a complete `${NAME}` or `${NAME:-fallback}` reference".into(),
                    "close the reference with `}`, or write `$` alone if it is not a variable".into(),
                ),
                Rule::stray_eq => (
                    "php-fpm refuses to start: a second `=` in an unquoted value is a syntax error".into(),
                    quote_help.clone(),
                ),
                Rule::bad_bool => (
                    format!("php-fpm refuses to start: `{s}` is a boolean word in php-fpm's INI syntax and cannot be part of a longer unquoted value"),
                    quote_help.clone(),
                ),
                _ => continue,
            };
            let end = if t.as_rule() == Rule::bad_bool {
                at + s.len()
            } else {
                at + if s.starts_with("${") { 2 } else { 1 }
            };
            return self.error(self.span(at, end), msg, help);
        }
        let culprit = self.operator_culprit(start, raw, &tokens);
        let c = self.text[culprit..].chars().next().unwrap_or(' ');
        let msg = if "|&^~!()".contains(c) {
            format!("php-fpm refuses to start: `{c}` is an operator in php-fpm's INI syntax, and this value is not a valid expression")
        } else {
            format!(
                "php-fpm refuses to start: unexpected `{}` in this value",
                c.escape_debug()
            )
        };
        self.error(self.char_span(culprit), msg, quote_help)
    }

    /// Where an operator expression breaks: where a strict parse of the value stops;
    /// at the end of the value, the dangling operator or the unclosed `(`.
    fn operator_culprit(&self, start: usize, raw: &str, tokens: &[Pair<'_, Rule>]) -> usize {
        if let Err(e) = IniGrammar::parse(Rule::value_strict, raw) {
            let at = error_offset(&e.location);
            if at < raw.len() {
                return start + at;
            }
        }
        let ops: Vec<&Pair<'_, Rule>> = tokens.iter().filter(|t| t.as_rule() == Rule::op).collect();
        if let Some(last) = tokens.iter().rev().find(|t| !t.as_str().trim().is_empty()) {
            if last.as_rule() == Rule::op && last.as_str() != ")" {
                return last.as_span().start();
            }
        }
        let mut open: Vec<usize> = Vec::new();
        for t in ops {
            match t.as_str() {
                "(" => open.push(t.as_span().start()),
                ")" => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.last().copied().unwrap_or(start)
    }
}

/// Names of `${...}` references, nested fallbacks included.
fn collect_refs(p: Pair<'_, Rule>, out: &mut Vec<String>) {
    for inner in p.into_inner().flatten() {
        if inner.as_rule() == Rule::var_name {
            out.push(inner.as_str().trim_matches(' ').to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(
            FileId(0),
            "t.conf".into(),
            "t.conf".into(),
            text.as_bytes().to_vec(),
        )
    }

    fn parse_str(text: &str) -> (IniFile, Vec<Diagnostic>) {
        parse(&file(text))
    }

    /// The single entry of a one-line file, which must parse cleanly.
    fn entry(text: &str) -> Entry {
        let (ini, diags) = parse_str(text);
        assert!(diags.is_empty(), "{text:?}: {diags:?}");
        let e = ini.entries().next().cloned();
        e.expect("an entry")
    }

    fn value(text: &str) -> Value {
        entry(text).value.expect("a value")
    }

    /// The one diagnostic of `text`, and the text its label covers.
    fn error(text: &str) -> (Diagnostic, String) {
        let (_, diags) = parse_str(text);
        assert_eq!(diags.len(), 1, "{text:?}: {diags:?}");
        let d = diags[0].clone();
        let s = text[d.primary.span.start as usize..d.primary.span.end as usize].to_string();
        assert_eq!(d.rule, RULE);
        (d, s)
    }

    #[test]
    fn sections_and_entries() {
        let text = "; comment\n[www]\nlisten = /run/php/$pool.sock ; trailing\n";
        let (ini, diags) = parse_str(text);
        assert!(diags.is_empty());
        assert_eq!(ini.lines.len(), 4);
        assert!(
            matches!(&ini.lines[0], Line::Comments { span } if &text[span.start as usize..span.end as usize] == "; comment")
        );
        // The trailing comment is kept after its entry, with its exact span.
        let Line::Comments { span } = &ini.lines[3] else {
            panic!("{:?}", ini.lines[3])
        };
        assert_eq!(&text[span.start as usize..span.end as usize], "; trailing");
        let Line::Section(section) = &ini.lines[1] else {
            panic!()
        };
        let Section {
            name,
            span,
            name_span,
        } = &**section;
        assert_eq!(name, "www");
        assert_eq!(
            (span.start, span.end, name_span.start, name_span.end),
            (10, 15, 11, 14)
        );
        let Line::Entry(e) = &ini.lines[2] else {
            panic!()
        };
        assert_eq!(e.key, "listen");
        let v = e.value.as_ref().unwrap();
        assert_eq!(v.text, "/run/php/$pool.sock");
        assert_eq!(
            &text[v.span.start as usize..v.span.end as usize],
            "/run/php/$pool.sock"
        );
        assert_eq!(
            &text[e.span.start as usize..e.span.end as usize],
            "listen = /run/php/$pool.sock"
        );
        assert_eq!(v.kind, ValueKind::Plain);
    }

    #[test]
    fn comments_in_a_row_are_one_run() {
        let text = "; a\n\n  ;b\r\n\u{feff};c\n[www]\nx = 1 ; d\n;e\n#f\n;g\n\t\n;h";
        let file = file(text);
        let (ini, diags) = parse(&file);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let runs: Vec<&str> = ini
            .lines
            .iter()
            .filter_map(|l| match l {
                Line::Comments { span } => Some(file.slice(*span)),
                _ => None,
            })
            .collect();
        // A statement and a bad line (`#f`) end a run; blank lines do not.
        assert_eq!(
            runs,
            vec!["; a\n\n  ;b\r\n\u{feff};c", "; d\n;e", ";g\n\t\n;h"]
        );
        let comments: Vec<&str> = ini.comments(&file).map(|s| file.slice(s)).collect();
        assert_eq!(comments, vec!["; a", ";b", ";c", "; d", ";e", ";g", ";h"]);
        assert_eq!(ini.lines.len(), 5);
    }

    #[test]
    fn keys_and_offsets() {
        let e = entry("  php_admin_value[memory_limit] = 128M\n");
        assert_eq!(e.key, "php_admin_value");
        assert_eq!((e.key_span.start, e.key_span.end), (2, 17));
        assert_eq!(
            e.subkey.as_ref().map(|s| s.0.as_str()),
            Some("memory_limit")
        );
        let e = entry("access.suppress_path[] = /ping\n");
        assert_eq!(e.subkey.as_ref().map(|s| s.0.as_str()), Some(""));
        let e = entry("my key\t= x\n");
        assert_eq!(e.key, "my key");
        let e = entry("pm.max_children\n");
        assert!(e.value.is_none());
        let e = entry("slowlog =\n");
        assert_eq!(e.value.unwrap().kind, ValueKind::Empty);
        let (ini, d) = parse_str("[www] listen = 9000\n");
        assert!(d.is_empty());
        assert_eq!(ini.lines.len(), 2);
    }

    #[test]
    fn booleans() {
        assert_eq!(value("a = yes\n").kind, ValueKind::BoolTrue);
        assert_eq!(value("a = YES\n").text, "1");
        assert_eq!(value("a = Off ; no\n").kind, ValueKind::BoolFalse);
        assert_eq!(value("a = none\n").text, "");
        assert_eq!(value("a = null\n").kind, ValueKind::Null);
        assert_eq!(value("a = \"yes\"\n").kind, ValueKind::Quoted);
        assert_eq!(value("a = yesterday\n").text, "yesterday");
        assert_eq!(value("a = on/off\n").text, "on/off");
        let (_, s) = error("ping.response = I said yes\n");
        assert_eq!(s, "yes");
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(value(r#"a = "x\"y\\z\$w\n""#).text, r#"x"y\z$w\n"#);
        assert_eq!(value(r"a = 'x\y;z'").text, r"x\y;z");
        assert_eq!(value(r#"a = "C:\path\""#).text, r"C:\path\");
        assert_eq!(value("a = foo \"bar\" baz\n").text, "foobarbaz");
        assert_eq!(value("a = foo 'bar' baz\n").text, "foo bar baz");
        assert_eq!(value("a = \"a;b\" ; c\n").text, "a;b");
        assert_eq!(value("a = %{mili}d $x\n").text, "%{mili}d $x");
    }

    #[test]
    fn variables() {
        let v = value("a = ${HOME}/x\n");
        assert_eq!(v.text, "${HOME}/x");
        assert_eq!(v.env_refs, vec!["HOME"]);
        let v = value("a = \"${A:-${B}}/y\"\n");
        assert_eq!(v.text, "${A:-${B}}/y");
        assert_eq!(v.env_refs, vec!["A", "B"]);
        assert!(v.is_symbolic());
        let (ini, d) = parse_str("[${POOL}]\n");
        assert!(d.is_empty());
        assert!(matches!(&ini.lines[0], Line::Section(s) if s.name == "${POOL}"));
    }

    #[test]
    fn expressions() {
        let v = value("error_reporting = E_ALL & ~E_DEPRECATED & ~E_STRICT\n");
        assert_eq!(v.kind, ValueKind::Expr);
        assert_eq!(v.text, "22527");
        assert_eq!(value("a = (1|2) ^ 1\n").text, "2");
        assert_eq!(value("a = !0\n").text, "1");
        assert_eq!(value("a = E_ALL\n").text, "32767");
        assert_eq!(value("a = MY_CONST | 1\n").text, "MY_CONST | 1");
    }

    #[test]
    fn crlf_and_bom() {
        let text = "\u{feff}[www]\r\nlisten = 9000\r\n";
        let (ini, d) = parse_str(text);
        assert!(d.is_empty());
        assert!(matches!(&ini.lines[0], Line::Section(s) if s.name == "www"));
        let Line::Entry(e) = &ini.lines[1] else {
            panic!()
        };
        let v = e.value.as_ref().unwrap();
        assert_eq!(&text[v.span.start as usize..v.span.end as usize], "9000");
    }

    #[test]
    fn hash_lines_are_errors() {
        let text = "[www]\n  # listen = 9000\n";
        let (d, s) = error(text);
        assert_eq!(s, "#");
        assert_eq!(d.primary.span.start, 8);
        assert!(d.message.contains("unknown entry '# listen'"));
        assert!(d.help.as_deref().unwrap().contains(';'));
        let (d, _) = error("# just words\n");
        assert!(d.message.contains("value is NULL"));
    }

    #[test]
    fn culprits() {
        assert_eq!(error("a = \"abc\n").1, "\"");
        assert_eq!(error("a = x 'abc\n").1, "'");
        assert_eq!(error("a = ''\n").1, "'");
        assert_eq!(error("a = b=c\n").1, "=");
        assert_eq!(error("ping.response = pong!\n").1, "!");
        assert_eq!(error("a = (1 | 2\n").1, "(");
        assert_eq!(error("a = 1 |\n").1, "|");
        assert_eq!(error("a = 1)\n").1, ")");
        assert_eq!(error("a = foo (bar)\n").1, "(");
        assert_eq!(error("a = ${X\n").1, "${");
        assert_eq!(error("[www\n").1, "[");
        assert_eq!(error("yes = 1\n").1, "yes");
        let (d, _) = error("ping.response = pong!\n");
        assert!(d.help.unwrap().contains("\"pong!\""));
    }

    #[test]
    fn every_bad_line_is_reported() {
        let (ini, d) = parse_str("# a\nlisten = 9000\na = \"x\n[www\npm = static\n");
        assert_eq!(d.len(), 3);
        assert_eq!(ini.entries().count(), 2);
    }

    #[test]
    fn never_panics() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let alphabet: Vec<char> = "ab =;#[]\"'$\\{}()|&^~!:-\t\r\n\u{1a}\u{feff}é0"
            .chars()
            .collect();
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let (ini, diags) = parse_str(&s);
            for d in &diags {
                assert!(d.primary.span.end as usize <= s.len());
            }
            for e in ini.entries() {
                assert!(e.span.end as usize <= s.len());
            }
        }
        let deep = format!("a = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(parse_str(&deep).1.len(), 1);
        let long = format!("a = {}\n", "x".repeat(1 << 20));
        assert!(parse_str(&long).1.is_empty());
    }
}
