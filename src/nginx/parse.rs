//! From text to [`Config`]: the pre-scan finds errors as nginx words them, then the
//! pest grammar (`grammar/nginx.pest`) builds the tree.
//!
//! [`parse`] reads the file piece by piece: the pre-scan cuts it after every
//! statement, block header and `}`, pest reads runs of whole pieces with the
//! grammar's `steps` rule (in a large file, on every core, each run as soon as
//! the pre-scan has cut it), and the tree is joined from what each run read, in
//! the file's order. [`parse_reference`] reads the
//! whole file with the grammar's `file` rule; both give the same tree (a test
//! compares them on every corpus file), and `parse` falls back to it whenever a
//! piece does not read on its own.

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
    match parse_pieces(file)? {
        Some(config) => Ok(config),
        None => whole_file(file),
    }
}

/// [`parse`] piece by piece only: None when a piece does not read on its own
/// (`parse` then reads the whole file at once). Public for the tests that hold
/// the two readings to the same tree.
#[doc(hidden)]
pub fn parse_pieces(file: &SourceFile) -> Result<Option<Config>, Box<Diagnostic>> {
    parse_pieces_limited(file, prescan::MAX_STATEMENTS)
}

/// [`parse`] without the limit on the statements of a file, for the benchmarks
/// that time files past it (a 100 MB file holds millions).
#[doc(hidden)]
pub fn parse_without_statement_limit(file: &SourceFile) -> Result<Config, Box<Diagnostic>> {
    match parse_pieces_limited(file, usize::MAX)? {
        Some(config) => Ok(config),
        None => whole_file(file),
    }
}

fn parse_pieces_limited(
    file: &SourceFile,
    max_statements: usize,
) -> Result<Option<Config>, Box<Diagnostic>> {
    let mut stream = Stream {
        file,
        max_statements,
        prev: 0,
        last: 0,
        runs: Vec::new(),
        tree: Tree {
            stack: Vec::new(),
            items: Vec::new(),
            failed: false,
        },
        words: Vec::new(),
    };
    if file.text.len() <= 2 * RUN {
        prescan::scan_limited(file, max_statements, |end, lua| stream.piece(end, lua))?;
        stream.read_runs();
    } else {
        stream.read_while_scanning()?;
    }
    if stream.tree.failed || !stream.tree.stack.is_empty() {
        return Ok(None);
    }
    Ok(Some(Config {
        file: file.id,
        items: stream.tree.items,
    }))
}

/// Parse one nginx file with the grammar's `file` rule, the whole text in one pest
/// run: the reference [`parse`] is held to.
pub fn parse_reference(file: &SourceFile) -> Result<Config, Box<Diagnostic>> {
    prescan::prescan(file)?;
    whole_file(file)
}

fn whole_file(file: &SourceFile) -> Result<Config, Box<Diagnostic>> {
    let mut pairs = NginxParser::parse(Rule::file, &file.text).map_err(|e| pest_error(file, e))?;
    let top = pairs.next().expect("the file rule always yields one pair");
    let items = body(At::new(file.id, 0), top.into_inner());
    Ok(Config {
        file: file.id,
        items,
    })
}

/// Bytes of whole pieces read by one pest run: large enough that pest's set-up
/// per run costs nothing, small enough that its token queue stays small.
const RUN: usize = 64 * 1024;

/// A block whose header is read and whose `}` is not yet.
struct Frame {
    name: Arg,
    args: Box<[Arg]>,
    /// Comments between the header's words: they follow the directive.
    comments: Vec<Item>,
    open: Span,
    items: Vec<Item>,
}

impl Frame {
    /// The block's directive, once its `}` is read; then the comments of its
    /// header.
    fn close(self, close: Span, out: &mut Vec<Item>) {
        let span = Span {
            file: close.file,
            start: self.name.span.start,
            end: self.open.end,
        };
        // Pushed one by one: the box gives back what the doubling left unused.
        let items = self.items.into_boxed_slice();
        out.push(Item::Directive(triomphe::Arc::new(Directive {
            name: self.name,
            args: self.args,
            block: Some(Box::new(Block {
                items,
                open: self.open,
                close,
                raw: None,
            })),
            span,
        })));
        out.extend(self.comments);
    }
}

/// What one pest run read, in the file's order. A run builds the statements
/// and blocks it holds whole; what it leaves to the runs around it is a block
/// it opens and does not close, and a `}` of a block opened before it. The
/// tree is joined from these in order, whichever core read them.
enum Event {
    /// Items of the innermost block open at this point.
    Items(Vec<Item>),
    /// A block opened here, closed in a later run.
    Open(Frame),
    /// The `}` of a block opened in an earlier run.
    Close(Span),
}

/// One pest run: a rule over whole pieces of the file.
#[derive(Clone, Copy)]
struct Run {
    rule: Rule,
    start: usize,
    end: usize,
}

/// The file cut into runs, and the tree joined from them.
struct Stream<'a> {
    file: &'a SourceFile,
    /// Statements the pre-scan reads before the file is refused.
    max_statements: usize,
    /// Where the pieces not yet given a run start.
    prev: usize,
    /// Where the next piece starts.
    last: usize,
    /// Runs not yet read.
    runs: Vec<Run>,
    tree: Tree,
    /// The words of the statement being read (kept to spare an allocation
    /// each), for the runs read on this thread.
    words: Vec<Arg>,
}

impl Stream<'_> {
    /// The pre-scan found a statement end at `end`: the pieces since the last
    /// run make a run once they hold [`RUN`] bytes, or at the end of the file.
    /// A piece that holds a Lua statement is a run alone (`lua_step`), after
    /// the pieces before it.
    fn piece(&mut self, end: usize, lua: bool) {
        let start = std::mem::replace(&mut self.last, end);
        if lua {
            if self.prev < start {
                self.add(Rule::steps, self.prev, start);
            }
            self.add(Rule::lua_step, start, end);
            self.prev = end;
        } else if end - self.prev >= RUN || end >= self.file.text.len() {
            let from = std::mem::replace(&mut self.prev, end);
            self.add(Rule::steps, from, end);
        }
    }

    fn add(&mut self, rule: Rule, start: usize, end: usize) {
        self.runs.push(Run { rule, start, end });
    }

    /// A file of several runs: each run is read on a free core as soon as the
    /// pre-scan has cut it, while the pre-scan goes on; the runs are joined in
    /// the file's order once all are read.
    fn read_while_scanning(&mut self) -> Result<(), Box<Diagnostic>> {
        let file = self.file;
        let (tx, rx) = std::sync::mpsc::channel();
        let mut count = 0;
        let scanned = rayon::scope(|s| {
            prescan::scan_limited(file, self.max_statements, |end, lua| {
                self.piece(end, lua);
                for run in self.runs.drain(..) {
                    let tx = tx.clone();
                    let i = count;
                    count += 1;
                    s.spawn(move |_| {
                        // The receiver outlives the scope: the send cannot fail.
                        let _ = tx.send((i, read(file, run, &mut Vec::new())));
                    });
                }
            })
        });
        drop(tx);
        scanned?;
        let mut read: Vec<Option<Vec<Event>>> = (0..count).map(|_| None).collect();
        for (i, events) in rx {
            read[i] = events;
        }
        self.tree.join_runs(read);
        Ok(())
    }

    /// Read the runs of a small file (one, or a few around its Lua
    /// statements) on this thread, and join them in order.
    fn read_runs(&mut self) {
        let (file, words) = (self.file, &mut self.words);
        let read = self.runs.drain(..).map(|r| read(file, r, words));
        self.tree.join_runs(read);
    }
}

/// Read one run with pest; None when it does not read on its own.
fn read(file: &SourceFile, run: Run, words: &mut Vec<Arg>) -> Option<Vec<Event>> {
    let text = file.text.get(run.start..run.end)?;
    let at = At::new(file.id, run.start);
    let parsed = NginxParser::parse(run.rule, text).or_else(|e| match run.rule {
        Rule::steps => NginxParser::parse(Rule::steps_gap, text),
        _ => Err(e),
    });
    let mut pairs = parsed.ok()?;
    let mut events = Vec::new();
    // The blocks this run opened and has not closed; the items read at the
    // level the run started in.
    let mut stack: Vec<Frame> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let Some(step) = pairs.next() else {
        return Some(events);
    };
    for p in step.into_inner() {
        let out = match stack.last_mut() {
            Some(f) => &mut f.items,
            None => &mut items,
        };
        match p.as_rule() {
            Rule::comment => out.push(Item::Comment(comment(at, &p))),
            Rule::lua_statement => statement(at, p, out),
            Rule::plain_head | Rule::head_gap => {
                if let Some(f) = head(at, p, words, out).ok()? {
                    stack.push(f);
                }
            }
            Rule::close => {
                let close = at.span(&p);
                match stack.pop() {
                    Some(f) => {
                        let out = match stack.last_mut() {
                            Some(f) => &mut f.items,
                            None => &mut items,
                        };
                        f.close(close, out);
                    }
                    // A block of an earlier run.
                    None => {
                        events.push(Event::Items(std::mem::take(&mut items)));
                        events.push(Event::Close(close));
                    }
                }
            }
            _ => {}
        }
    }
    events.push(Event::Items(items));
    for mut f in stack {
        let items = std::mem::take(&mut f.items);
        events.push(Event::Open(f));
        events.push(Event::Items(items));
    }
    Some(events)
}

/// A statement ended by `;` (pushed to `out`), or the header of a block (its
/// last character tells which: the block's frame is returned). Err when it
/// holds no word (the grammar's head starts with one: never).
fn head(
    at: At,
    p: Pair<Rule>,
    words: &mut Vec<Arg>,
    out: &mut Vec<Item>,
) -> Result<Option<Frame>, ()> {
    let whole = at.span(&p);
    let block = p.as_str().ends_with('{');
    let mut comments = Vec::new();
    words.clear();
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::comment => comments.push(Item::Comment(comment(at, &c))),
            _ => {
                if let Some(a) = arg(at, c) {
                    words.push(a);
                }
            }
        }
    }
    // One allocation for the arguments (the words after the name).
    let mut words = words.drain(..);
    let name = words.next().ok_or(())?;
    let args = words.collect();
    if block {
        return Ok(Some(Frame {
            name,
            args,
            comments,
            open: Span {
                start: whole.end - 1,
                ..whole
            },
            items: Vec::new(),
        }));
    }
    let span = Span {
        start: name.span.start,
        ..whole
    };
    out.push(Item::Directive(triomphe::Arc::new(Directive {
        name,
        args,
        block: None,
        span,
    })));
    out.extend(comments);
    Ok(None)
}

/// The tree as the runs join it.
struct Tree {
    stack: Vec<Frame>,
    items: Vec<Item>,
    /// A run did not read on its own: the whole file is read at once instead.
    failed: bool,
}

impl Tree {
    /// Join what each run read, in the file's order; a run that did not read
    /// on its own fails the whole reading (the file is then read at once).
    fn join_runs(&mut self, runs: impl IntoIterator<Item = Option<Vec<Event>>>) {
        for events in runs {
            match events {
                Some(events) if !self.failed => self.join(events),
                _ => {
                    self.failed = true;
                    return;
                }
            }
        }
    }

    fn join(&mut self, events: Vec<Event>) {
        for e in events {
            match e {
                Event::Items(items) => {
                    let out = match self.stack.last_mut() {
                        Some(f) => &mut f.items,
                        None => &mut self.items,
                    };
                    if out.is_empty() {
                        *out = items;
                    } else {
                        out.extend(items);
                    }
                }
                Event::Open(f) => self.stack.push(f),
                Event::Close(close) => {
                    let Some(f) = self.stack.pop() else {
                        self.failed = true;
                        return;
                    };
                    let out = match self.stack.last_mut() {
                        Some(f) => &mut f.items,
                        None => &mut self.items,
                    };
                    f.close(close, out);
                }
            }
        }
    }
}

/// Where a pest run's input starts in the file: pest's offsets are relative to it.
#[derive(Clone, Copy)]
struct At {
    file: FileId,
    base: usize,
}

impl At {
    fn new(file: FileId, base: usize) -> At {
        At { file, base }
    }

    fn span(self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.file, self.base + s.start(), self.base + s.end())
    }
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

fn body<'i>(at: At, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<Item> {
    let mut items = Vec::new();
    for p in pairs {
        match p.as_rule() {
            Rule::comment => items.push(Item::Comment(comment(at, &p))),
            Rule::plain_statement | Rule::lua_statement => statement(at, p, &mut items),
            _ => {}
        }
    }
    items
}

fn comment(at: At, p: &Pair<Rule>) -> Comment {
    Comment { span: at.span(p) }
}

fn statement(at: At, p: Pair<Rule>, out: &mut Vec<Item>) {
    let file = at.file;
    let whole = at.span(&p);
    let mut words: Vec<Arg> = Vec::new();
    let mut inner_comments = Vec::new();
    let mut block = None;
    let mut head_end = whole.end;
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::comment => inner_comments.push(Item::Comment(comment(at, &c))),
            Rule::semicolon => head_end = at.span(&c).end,
            Rule::block => {
                let open = open_brace(at.span(&c));
                let mut inner = c.into_inner().collect::<Vec<_>>();
                let close = inner.pop().map(|c| at.span(&c));
                let items = body(at, inner.into_iter());
                let close = close.unwrap_or(whole);
                head_end = open.end;
                block = Some(Box::new(Block {
                    items: items.into_boxed_slice(),
                    open,
                    close,
                    raw: None,
                }));
            }
            Rule::lua_block => {
                let open = open_brace(at.span(&c));
                let mut inner = c.into_inner();
                let raw = inner.next().map(|b| at.span(&b));
                let close = inner.next().map(|c| at.span(&c)).unwrap_or(whole);
                head_end = open.end;
                block = Some(Box::new(Block {
                    items: Box::default(),
                    open,
                    close,
                    raw,
                }));
            }
            _ => {
                if let Some(a) = arg(at, c) {
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
    out.push(Item::Directive(triomphe::Arc::new(Directive {
        name,
        args: words.collect(),
        block,
        span,
    })));
    out.extend(inner_comments);
}

/// The `{` that opens a block: the block's first character.
fn open_brace(block: Span) -> Span {
    Span {
        end: block.start + 1,
        ..block
    }
}

fn arg(at: At, p: Pair<Rule>) -> Option<Arg> {
    let raw = p.as_str();
    let (quote, inner) = match p.as_rule() {
        Rule::bare | Rule::lua_name_bare => (Quote::None, raw),
        Rule::dquoted | Rule::lua_name_dq => (Quote::Double, &raw[1..raw.len() - 1]),
        Rule::squoted | Rule::lua_name_sq => (Quote::Single, &raw[1..raw.len() - 1]),
        _ => return None,
    };
    Some(Arg {
        value: unescape(inner),
        quote,
        span: at.span(&p),
    })
}

/// nginx's escape processing when it stores a token: `\"` `\'` `\\` become the
/// character, `\t` `\r` `\n` the control character; any other `\x` stays as is.
pub fn unescape(s: &str) -> compact_str::CompactString {
    let Some(first) = memchr::memchr(b'\\', s.as_bytes()) else {
        return s.into();
    };
    let mut out = compact_str::CompactString::with_capacity(s.len());
    let mut rest = s;
    let mut at = first;
    loop {
        // `rest[at]` is a backslash: the run before it as is, then the escape.
        out.push_str(&rest[..at]);
        let unescaped = match rest.as_bytes().get(at + 1) {
            Some(b'"') => Some('"'),
            Some(b'\'') => Some('\''),
            Some(b'\\') => Some('\\'),
            Some(b't') => Some('\t'),
            Some(b'r') => Some('\r'),
            Some(b'n') => Some('\n'),
            _ => None,
        };
        match unescaped {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 2..];
            }
            None => {
                out.push('\\');
                rest = &rest[at + 1..];
            }
        }
        match memchr::memchr(b'\\', rest.as_bytes()) {
            Some(next) => at = next,
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn unescape_as_nginx_stores_tokens() {
        for (written, stored) in [
            ("plain", "plain"),
            (r"\.php$", r"\.php$"),
            (r#"a\"b"#, r#"a"b"#),
            (r"a\'b", "a'b"),
            (r"a\\b", r"a\b"),
            (r"\t\r\n", "\t\r\n"),
            (r"\\\\", r"\\"),
            (r"\\.", r"\."),
            (r"end\", r"end\"),
            (r"\", r"\"),
            ("\\é\\n", "\\é\n"),
            (r"^/(?<x>\d+)\.html\\n$", "^/(?<x>\\d+)\\.html\\n$"),
            (
                "a very long token with no escape in it at all, past 24 bytes",
                "a very long token with no escape in it at all, past 24 bytes",
            ),
            (
                r#"a very long token \" with escapes \\ past 24 bytes \n"#,
                "a very long token \" with escapes \\ past 24 bytes \n",
            ),
        ] {
            assert_eq!(unescape(written), stored, "{written}");
        }
    }
}
