//! From text to [`Config`]: the pre-scan finds errors as nginx words them, then the
//! pest grammar (`grammar/nginx.pest`) builds the tree.

use pest::iterators::Pair;
use pest::Parser as _;

use super::ast::{Arg, Block, Comment, Config, Directive, Item, Quote};
use super::prescan::{self, RULE};
use crate::diag::{Diagnostic, Label};
use crate::source::{FileId, SourceFile, Span};

#[derive(pest_derive::Parser)]
#[grammar = "grammar/nginx.pest"]
struct NginxParser;

/// Parse one nginx file.
pub fn parse(file: &SourceFile) -> Result<Config, Box<Diagnostic>> {
    prescan::prescan(file)?;
    let mut pairs = NginxParser::parse(Rule::file, &file.text).map_err(|e| pest_error(file, e))?;
    let top = pairs.next().expect("the file rule always yields one pair");
    let items = body(file.id, top.into_inner());
    Ok(Config {
        file: file.id,
        items,
    })
}

/// A pest failure on text the pre-scan accepted: still a syntax diagnostic at the
/// position pest stopped, never a panic.
fn pest_error(file: &SourceFile, e: pest::error::Error<Rule>) -> Box<Diagnostic> {
    let (start, end) = match e.location {
        pest::error::InputLocation::Pos(p) => (p, p),
        pest::error::InputLocation::Span((s, e)) => (s, e),
    };
    let what = file.text[start..]
        .chars()
        .next()
        .map(|c| format!("unexpected \"{c}\""))
        .unwrap_or_else(|| "unexpected end of file".to_string());
    let end = if end == start {
        (start + file.text[start..].chars().next().map_or(0, char::len_utf8)).min(file.text.len())
    } else {
        end
    };
    Box::new(Diagnostic::error(
        RULE,
        what,
        Label::new(
            Span::new(file.id, start, end),
            "nginx cannot read the file from here",
        ),
    ))
}

fn span(file: FileId, p: &Pair<Rule>) -> Span {
    let s = p.as_span();
    Span::new(file, s.start(), s.end())
}

fn body<'i>(file: FileId, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<Item> {
    let mut items = Vec::new();
    for p in pairs {
        match p.as_rule() {
            Rule::comment => items.push(Item::Comment(comment(file, &p))),
            Rule::plain_statement | Rule::lua_statement => statement(file, p, &mut items),
            _ => {}
        }
    }
    items
}

fn comment(file: FileId, p: &Pair<Rule>) -> Comment {
    Comment {
        text: p.as_str()[1..].to_string(),
        span: span(file, p),
    }
}

fn statement(file: FileId, p: Pair<Rule>, out: &mut Vec<Item>) {
    let whole = span(file, &p);
    let mut words: Vec<Arg> = Vec::new();
    let mut inner_comments = Vec::new();
    let mut block = None;
    let mut head_end = whole.end;
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::comment => inner_comments.push(Item::Comment(comment(file, &c))),
            Rule::semicolon => head_end = c.as_span().end() as u32,
            Rule::block => {
                let mut inner = c.into_inner().collect::<Vec<_>>();
                let close = inner.pop().map(|c| span(file, &c));
                let open_start = close.map_or(whole.start, |_| 0);
                let _ = open_start;
                let items = body(file, inner.into_iter());
                let close = close.unwrap_or(whole);
                let open = open_brace(file, &words, whole);
                head_end = open.end;
                block = Some(Block {
                    items,
                    open,
                    close,
                    raw: None,
                });
            }
            Rule::lua_block => {
                let mut inner = c.into_inner();
                let raw = inner.next().map(|b| span(file, &b));
                let close = inner.next().map(|c| span(file, &c)).unwrap_or(whole);
                let open = open_brace(file, &words, whole);
                head_end = open.end;
                block = Some(Block {
                    items: Vec::new(),
                    open,
                    close,
                    raw,
                });
            }
            _ => {
                if let Some(a) = arg(file, c) {
                    words.push(a);
                }
            }
        }
    }
    let mut words = words.into_iter();
    let Some(name) = words.next() else { return };
    let span = Span {
        file,
        start: name.span.start,
        end: head_end,
    };
    out.push(Item::Directive(Directive {
        name,
        args: words.collect(),
        block,
        span,
    }));
    out.extend(inner_comments);
}

/// The `{` that opens a block is the first one after the last word.
fn open_brace(file: FileId, words: &[Arg], whole: Span) -> Span {
    let _ = file;
    let from = words.last().map_or(whole.start, |w| w.span.end);
    Span {
        file: whole.file,
        start: from,
        end: from + 1,
    }
}

fn arg(file: FileId, p: Pair<Rule>) -> Option<Arg> {
    let sp = span(file, &p);
    let raw = p.as_str().to_string();
    let (quote, inner) = match p.as_rule() {
        Rule::bare | Rule::lua_name_bare => (Quote::None, raw.as_str()),
        Rule::dquoted | Rule::lua_name_dq => (Quote::Double, &raw[1..raw.len() - 1]),
        Rule::squoted | Rule::lua_name_sq => (Quote::Single, &raw[1..raw.len() - 1]),
        _ => return None,
    };
    Some(Arg {
        value: unescape(inner),
        quote,
        raw: raw.clone(),
        span: sp,
    })
}

/// nginx's escape processing when it stores a token: `\"` `\'` `\\` become the
/// character, `\t` `\r` `\n` the control character; any other `\x` stays as is.
pub fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('"') | Some('\'') | Some('\\') => {
                    out.push(chars.next().unwrap_or('\\'));
                    continue;
                }
                Some('t') => {
                    chars.next();
                    out.push('\t');
                    continue;
                }
                Some('r') => {
                    chars.next();
                    out.push('\r');
                    continue;
                }
                Some('n') => {
                    chars.next();
                    out.push('\n');
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
    }
    out
}
