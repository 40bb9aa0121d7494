//! From text to [`Config`]: the pest grammar (`grammar/apache.pest`) reads logical
//! lines and their words as httpd's line reader and `ap_getword_conf` do; the
//! lowering below matches sections with a stack as `ap_build_config_sub` does, and
//! words every error as httpd words it. Nothing here panics or recurses on any input.

use pest::iterators::Pair;
use pest::Parser as _;

use super::ast::{
    cont_len, getword_conf, join_continuations, unescape, Arg, Comment, Conditional, Config,
    Directive, DirectiveKind, Item, Quote, Section, SectionKind,
};
use crate::diag::{Diagnostic, Label};
use crate::source::{FileId, SourceFile, Span};

#[derive(pest_derive::Parser)]
#[grammar = "grammar/apache.pest"]
struct ApacheParser;

/// Rule name of every diagnostic this module emits.
pub const RULE: &str = "apache-syntax";

/// Deepest section nesting accepted. Real configurations nest a handful of levels.
pub const MAX_DEPTH: usize = 100;

/// httpd's longest logical line in a configuration file (`VARBUF_MAX_LEN`,
/// server/config.c): 16 MiB.
pub const MAX_LINE: usize = 16 * 1024 * 1024;

const HELP_TAIL: &str =
    "`apache2 -t` fails with this message: Apache refuses to start, and a reload \
(`apachectl graceful`) keeps the old configuration";

/// Section names as httpd's command tables spell them: an error names a known
/// section this way whatever case the file uses (`cmd->name`).
pub const KNOWN_SECTIONS: &[&str] = &[
    "Directory",
    "DirectoryMatch",
    "Location",
    "LocationMatch",
    "Files",
    "FilesMatch",
    "VirtualHost",
    "Limit",
    "LimitExcept",
    "If",
    "ElseIf",
    "Else",
    "IfModule",
    "IfDefine",
    "IfFile",
    "IfDirective",
    "IfSection",
    "IfVersion",
    "Proxy",
    "ProxyMatch",
    "RequireAll",
    "RequireAny",
    "RequireNone",
    "AuthnProviderAlias",
    "AuthzProviderAlias",
    "Macro",
];

/// Sections whose handler refuses an opening line without `>`
/// (`unclosed_directive` in core.c, the same test in mod_proxy and mod_version).
const NEED_GT: &[&str] = &[
    "Directory",
    "DirectoryMatch",
    "Location",
    "LocationMatch",
    "Files",
    "FilesMatch",
    "VirtualHost",
    "If",
    "ElseIf",
    "IfModule",
    "IfDefine",
    "IfFile",
    "IfDirective",
    "IfSection",
    "IfVersion",
    "Proxy",
    "ProxyMatch",
];

/// Sections whose handler refuses an empty argument (`missing_container_arg`).
const NEED_ARG: &[&str] = &[
    "Directory",
    "DirectoryMatch",
    "Location",
    "LocationMatch",
    "Files",
    "FilesMatch",
    "VirtualHost",
    "If",
    "ElseIf",
    "IfModule",
    "IfDefine",
    "IfFile",
    "IfDirective",
    "IfSection",
];

fn known(name: &str, list: &[&'static str]) -> Option<&'static str> {
    list.iter().copied().find(|k| k.eq_ignore_ascii_case(name))
}

/// The name httpd's messages use for a section: the command table's spelling for a
/// known one, the file's otherwise.
fn display_name(name: &str) -> &str {
    known(name, KNOWN_SECTIONS).unwrap_or(name)
}

/// Parse one Apache file. The first error stops the reading, as it stops httpd.
pub fn parse(file: &SourceFile) -> Result<Config, Box<Diagnostic>> {
    if file.text.len() > MAX_LINE {
        check_line_length(file)?;
    }
    let mut pairs = ApacheParser::parse(Rule::file, &file.text).map_err(|e| pest_error(file, e))?;
    let top = pairs.next().expect("the file rule always yields one pair");
    let mut b = Builder {
        file,
        top: Vec::new(),
        stack: Vec::new(),
        deferred: None,
    };
    for p in top.into_inner() {
        match p.as_rule() {
            Rule::comment => {
                let c = Item::Comment(Comment {
                    text: join_continuations(&p.as_str()[1..]).into_owned(),
                    span: span(file.id, &p),
                });
                b.push(c);
            }
            Rule::statement => b.statement(p)?,
            _ => {}
        }
    }
    b.finish()
}

/// "Line too long": a logical line over 16 MiB (continuations removed). httpd
/// counts the newline that ends it. [`parse`] runs it on files over 16 MiB.
pub fn check_line_length(file: &SourceFile) -> Result<(), Box<Diagnostic>> {
    let b = file.text.as_bytes();
    let (mut len, mut start) = (0usize, 0usize);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if cont_len(b, i).is_some() => i += cont_len(b, i).unwrap_or(1),
            b'\n' => {
                if len + 1 > MAX_LINE {
                    return Err(too_long(file, start, i));
                }
                len = 0;
                i += 1;
                start = i;
            }
            _ => {
                len += 1;
                i += 1;
            }
        }
    }
    if len > MAX_LINE {
        return Err(too_long(file, start, b.len()));
    }
    Ok(())
}

fn too_long(file: &SourceFile, start: usize, end: usize) -> Box<Diagnostic> {
    let head = file.text[start..]
        .char_indices()
        .nth(40)
        .map_or(end, |(i, _)| start + i)
        .min(end);
    let line = file.line_col(end).0;
    Box::new(
        Diagnostic::error(
            RULE,
            "Line too long",
            Label::new(
                Span::new(file.id, start, head),
                format!(
                    "this line is {} bytes long, over httpd's limit of {MAX_LINE}",
                    end - start
                ),
            ),
        )
        .with_help(format!(
            "split the value, or move it to a file the directive can read; {HELP_TAIL}"
        ))
        .with_note(format!(
            "httpd prints: Error reading {} at line {line}: Line too long",
            file.name
        )),
    )
}

/// A pest failure: the grammar accepts every text, so this is not expected; still a
/// diagnostic, never a panic.
fn pest_error(file: &SourceFile, e: pest::error::Error<Rule>) -> Box<Diagnostic> {
    let at = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let end = (at + file.text[at..].chars().next().map_or(0, char::len_utf8)).min(file.text.len());
    Box::new(Diagnostic::error(
        RULE,
        "fpmlint cannot read the file from here",
        Label::new(Span::new(file.id, at, end), "unexpected text"),
    ))
}

fn span(file: FileId, p: &Pair<Rule>) -> Span {
    let s = p.as_span();
    Span::new(file, s.start(), s.end())
}

/// Length of `raw` without the blanks and continuations at its end
/// (`cfg_trim_line` on the logical line).
fn trim_end_gap(raw: &str) -> usize {
    let b = raw.as_bytes();
    let (mut i, mut keep) = (0, 0);
    while i < b.len() {
        if let Some(n) = cont_len(b, i) {
            i += n;
        } else {
            if !matches!(b[i], b' ' | b'\t' | b'\r' | 0x0b | 0x0c) {
                keep = i + 1;
            }
            i += 1;
        }
    }
    // Keep whole characters: `keep` is just past an ASCII byte or inside a
    // multibyte character, which then ends at the next boundary.
    while keep < b.len() && !raw.is_char_boundary(keep) {
        keep += 1;
    }
    keep
}

/// A word from its raw text (continuations included) and whether it is quoted.
fn make_arg(file: FileId, start: usize, raw: &str, quote: Quote, closed: bool) -> Arg {
    let logical = join_continuations(raw);
    let value = match quote {
        Quote::None => unescape(&logical, None),
        Quote::Double | Quote::Single => {
            let q = if quote == Quote::Double { '"' } else { '\'' };
            let inner = &logical[1..];
            let inner = if closed {
                &inner[..inner.len() - 1]
            } else {
                inner
            };
            unescape(inner, Some(q))
        }
    };
    Arg {
        value,
        raw: raw.to_string(),
        quote,
        closed,
        span: Span::new(file, start, start + raw.len()),
    }
}

fn word(file: FileId, p: Pair<Rule>) -> Option<Arg> {
    let start = p.as_span().start();
    let raw = p.as_str();
    match p.as_rule() {
        Rule::bare => Some(make_arg(file, start, raw, Quote::None, true)),
        Rule::dquoted | Rule::squoted => {
            let quote = if p.as_rule() == Rule::dquoted {
                Quote::Double
            } else {
                Quote::Single
            };
            let closed = p
                .into_inner()
                .any(|c| matches!(c.as_rule(), Rule::closed_dq | Rule::closed_sq));
            Some(make_arg(file, start, raw, quote, closed))
        }
        _ => None,
    }
}

/// A logical line that is not a comment.
struct Line {
    words: Vec<Arg>,
    span: Span,
    /// The line as httpd holds it: continuations removed, trimmed.
    text: String,
}

struct Builder<'a> {
    file: &'a SourceFile,
    top: Vec<Item>,
    /// Open sections, outermost first; for a `<Macro>`, how many `<Macro` lines are
    /// open in its body.
    stack: Vec<(Section, usize)>,
    /// The first error httpd finds only after reading the file (`ap_walk_config`).
    deferred: Option<Box<Diagnostic>>,
}

impl<'a> Builder<'a> {
    fn push(&mut self, item: Item) {
        match self.stack.last_mut() {
            Some((s, _)) => s.items.push(item),
            None => self.top.push(item),
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file.id, start, end)
    }

    /// The line number httpd gives a logical line: that of the newline ending it
    /// (the last physical line of a continued line; one past the last line when a
    /// continuation runs into the end of the file, as httpd counts the read that
    /// meets it).
    fn line_of(&self, span: Span) -> usize {
        let b = self.file.text.as_bytes();
        let mut i = span.end as usize;
        while i < b.len() {
            if let Some(n) = cont_len(b, i) {
                i += n;
            } else if matches!(b[i], b' ' | b'\t' | b'\r' | 0x0b | 0x0c) {
                i += 1;
            } else {
                break;
            }
        }
        self.file.line_col(i).0
    }

    fn error(&self, message: String, label: Label, help: String, at: Span) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(RULE, message.clone(), label)
                .with_help(format!("{help}; {HELP_TAIL}"))
                .with_note(format!(
                    "httpd prints: Syntax error on line {} of {}: {message}",
                    self.line_of(at),
                    self.file.name
                )),
        )
    }

    /// An error of a section handler that httpd runs after reading every file
    /// (`ap_walk_config`): it prints it on two lines, under AH00526.
    fn error_walk(&self, message: String, label: Label, help: String, at: Span) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(RULE, message.clone(), label)
                .with_help(format!("{help}; {HELP_TAIL}"))
                .with_note(format!(
                    "httpd prints: AH00526: Syntax error on line {} of {}: (then, on the next line) {message}",
                    self.line_of(at),
                    self.file.name
                )),
        )
    }

    fn statement(&mut self, p: Pair<Rule>) -> Result<(), Box<Diagnostic>> {
        let fid = self.file.id;
        let start = p.as_span().start();
        let mut words: Vec<Arg> = p.into_inner().filter_map(|w| word(fid, w)).collect();
        // An unclosed quote ran to the end of the line, blanks included: httpd
        // trimmed them off the line first.
        if let Some(last) = words.last_mut() {
            if !last.closed {
                let keep = trim_end_gap(&last.raw);
                if keep < last.raw.len() {
                    let s = last.span.start as usize;
                    *last = make_arg(fid, s, &last.raw[..keep], last.quote, false);
                }
            }
        }
        let end = words.last().map_or(start, |w| w.span.end as usize);
        let raw = &self.file.text[start..end];
        let line = Line {
            text: join_continuations(raw).into_owned(),
            span: self.span(start, end),
            words,
        };
        self.line(line)
    }

    fn line(&mut self, line: Line) -> Result<(), Box<Diagnostic>> {
        let first = line.words[0].value.clone();
        // In a <Macro> body, lines are kept as they are until its </Macro>
        // (mod_macro: get_lines_till_end_token).
        if let Some((sec, nesting)) = self.stack.last_mut() {
            if sec.kind == SectionKind::Macro {
                if first.eq_ignore_ascii_case("</Macro>") {
                    *nesting -= 1;
                    if *nesting == 0 {
                        return self.close(line.span);
                    }
                } else if first.eq_ignore_ascii_case("<Macro") {
                    *nesting += 1;
                }
                self.directive(line);
                return Ok(());
            }
            // A true conditional reads its body until a line that is exactly
            // `</Name>` (ap_build_cont_config), before anything else.
            if let SectionKind::Conditional(c) = sec.kind {
                let t = line.text.as_bytes();
                let n = c.name().len();
                if t.len() == n + 3
                    && t.starts_with(b"</")
                    && t[n + 2] == b'>'
                    && line.text[2..n + 2].eq_ignore_ascii_case(c.name())
                {
                    return self.close(line.span);
                }
            }
        }
        // An empty first word (`"" x`): httpd ignores the line.
        if first.is_empty() {
            return Ok(());
        }
        let fb = first.as_bytes();
        if fb.first() != Some(&b'<') {
            self.directive(line);
            return Ok(());
        }
        if fb.get(1) == Some(&b'/') {
            self.close_tag(line, &first)
        } else {
            self.open_tag(line, first)
        }
    }

    fn directive(&mut self, line: Line) {
        let mut words = line.words.into_iter();
        let Some(name) = words.next() else { return };
        let kind = DirectiveKind::of(&name.value);
        self.push(Item::Directive(Directive {
            name,
            args: words.collect(),
            kind,
            span: line.span,
        }));
    }

    /// Pop the innermost section, closed by the line at `close`.
    fn close(&mut self, close: Span) -> Result<(), Box<Diagnostic>> {
        if let Some((mut sec, _)) = self.stack.pop() {
            sec.close = Some(close);
            self.push(Item::Section(sec));
        }
        Ok(())
    }

    fn close_tag(&mut self, line: Line, first: &str) -> Result<(), Box<Diagnostic>> {
        let tag = &line.words[0];
        // The sections open in this frame: a conditional's body is read as a file
        // of its own, so a section opened outside it cannot be closed inside it.
        let top = match self.stack.last() {
            Some((s, _)) if s.kind == SectionKind::Block => Some(s),
            _ => None,
        };
        let Some(top) = top else {
            let msg = format!("{first} without matching <{} section", &first[2..]);
            // The conditional's own closing tag, with more on its line.
            if let Some((s, _)) = self.stack.last() {
                let own = first[2..].strip_suffix('>').unwrap_or(&first[2..]);
                if own.eq_ignore_ascii_case(&s.name) {
                    let name = display_name(&s.name);
                    let d = self
                        .error(
                            msg,
                            Label::new(
                                line.span,
                                format!("<{name}> ends only at a line that is exactly </{name}>"),
                            ),
                            format!(
                                "write </{name}> alone on its line (a comment goes on a line of its own)"
                            ),
                            line.span,
                        )
                        .with_label(Label::new(s.tag.span, format!("this <{name}> stays open")));
                    return Err(Box::new(d));
                }
            }
            let help = match self.stack.last() {
                Some((s, _)) => format!(
                    "a section opened outside <{}> cannot be closed inside it: move this line, or remove it",
                    s.name
                ),
                None => "remove this line, or add the section's opening line before it".to_string(),
            };
            let mut d = self.error(
                msg,
                Label::new(tag.span, "no section of this name is open here"),
                help,
                line.span,
            );
            if let Some((s, _)) = self.stack.last() {
                d.secondary.push(Label::new(
                    s.tag.span,
                    format!("the body of this <{}> is read on its own", s.name),
                ));
            }
            return Err(d);
        };
        if !first.ends_with('>') {
            return Err(self.error(
                format!("{first}> directive missing closing '>'"),
                Label::new(tag.span, "the closing tag must be one word ending with '>'"),
                format!("write {first}> with nothing inside the brackets"),
                line.span,
            ));
        }
        let name = &first[2..first.len() - 1];
        if !name.eq_ignore_ascii_case(&top.name) {
            let open = display_name(&top.name);
            let msg = format!("Expected </{open}> but saw {}>", &first[..first.len() - 1]);
            let d = self
                .error(
                    msg,
                    Label::new(top.tag.span, format!("this <{open}> is still open")),
                    format!(
                        "add </{open}> before the {}> on line {}, or fix the tag's name",
                        &first[..first.len() - 1],
                        self.line_of(line.span)
                    ),
                    line.span,
                )
                .with_label(Label::new(tag.span, "httpd stops here"));
            return Err(Box::new(d));
        }
        self.close(line.span)
    }

    fn open_tag(&mut self, line: Line, first: String) -> Result<(), Box<Diagnostic>> {
        let name = first[1..]
            .strip_suffix('>')
            .unwrap_or(&first[1..])
            .to_string();
        // What the section's handler gets: the rest of the line (">" when there is
        // none), cut at its last '>'.
        let (_, rest) = getword_conf(&line.text);
        let rest = if rest.is_empty() { ">" } else { rest };
        let gt = rest.rfind('>');
        let args_text = gt.map_or(rest, |i| &rest[..i]).to_string();
        let mut words = line.words;
        let tag = words.remove(0);
        let args = cut_at_last_gt(self.file.id, words);
        let cond = Conditional::of(&name);
        // The conditionals run while httpd reads the file, the others after.
        let report = if cond.is_some() {
            Self::error
        } else {
            Self::error_walk
        };
        let mut problem = None;
        if let Some(canon) = known(&name, NEED_GT) {
            let lacks_gt = if cond == Some(Conditional::IfVersion) {
                ifversion_lacks_gt(rest)
            } else {
                gt.is_none()
            };
            if lacks_gt {
                problem = Some(report(
                    self,
                    format!("<{canon}> directive missing closing '>'"),
                    Label::new(line.span, "no '>' on this line"),
                    format!("end the line with '>': <{canon} {args_text}>"),
                    line.span,
                ));
            }
        }
        if let Some(canon) = known(&name, NEED_ARG).filter(|_| problem.is_none()) {
            let missing = match cond {
                Some(_) => getword_conf(args_text.strip_prefix('!').unwrap_or(&args_text))
                    .0
                    .is_empty(),
                None => args_text.is_empty(),
            };
            if missing {
                problem = Some(report(
                    self,
                    format!("<{canon}> directive requires additional arguments"),
                    Label::new(line.span, "nothing between the name and '>'"),
                    format!("say what the section applies to: <{canon} ...>"),
                    line.span,
                ));
            }
        }
        if let Some(p) = problem {
            // A conditional's handler runs now; the others only once every file
            // is read, so an error of the reading itself, even further down, is
            // the one httpd reports.
            if cond.is_some() {
                return Err(p);
            }
            self.deferred.get_or_insert(p);
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(Box::new(
                Diagnostic::error(
                    RULE,
                    format!("sections nest more than {MAX_DEPTH} levels deep; fpmlint stops reading this file"),
                    Label::new(line.span, format!("level {}", self.stack.len() + 1)),
                )
                .with_help("real configurations nest a few levels; this file is probably generated or corrupt"),
            ));
        }
        let kind = match cond {
            Some(c) => SectionKind::Conditional(c),
            None if name.eq_ignore_ascii_case("Macro") => SectionKind::Macro,
            None => SectionKind::Block,
        };
        self.stack.push((
            Section {
                name,
                tag,
                args,
                args_text,
                kind,
                open: line.span,
                close: None,
                items: Vec::new(),
            },
            1,
        ));
        Ok(())
    }

    fn finish(mut self) -> Result<Config, Box<Diagnostic>> {
        if let Some((s, _)) = self.stack.last() {
            if s.kind == SectionKind::Macro {
                let msg = "expected token not found: </Macro>".to_string();
                return Err(self.error(
                    msg,
                    Label::new(s.tag.span, "this <Macro> is never closed"),
                    "add </Macro> at the end of the macro".to_string(),
                    s.open,
                ));
            }
        }
        // A conditional that runs to the end of the file is read to its end and
        // accepted when its test holds: the sections open before the first such
        // conditional are the ones httpd reports.
        let outer = self
            .stack
            .iter()
            .position(|(s, _)| matches!(s.kind, SectionKind::Conditional(_)))
            .unwrap_or(self.stack.len());
        if outer > 0 {
            let open: Vec<&Section> = self.stack[..outer].iter().rev().map(|(s, _)| s).collect();
            let inner = open[0];
            let lines: Vec<String> = open
                .iter()
                .map(|s| {
                    format!(
                        "{}:{}: <{}> was not closed.",
                        self.file.name,
                        self.line_of(s.open),
                        display_name(&s.name)
                    )
                })
                .collect();
            let name = display_name(&inner.name);
            let mut d = Diagnostic::error(
                RULE,
                format!("<{name}> was not closed"),
                Label::new(inner.tag.span, format!("this <{name}> is never closed")),
            )
            .with_help(format!("add </{name}> where the section ends; {HELP_TAIL}"))
            .with_note(format!(
                "httpd prints: Syntax error on line {} of {}: {}",
                self.line_of(open[open.len() - 1].open),
                self.file.name,
                lines.join("\\n")
            ));
            for s in &open[1..] {
                let n = display_name(&s.name);
                d = d.with_label(Label::new(
                    s.tag.span,
                    format!("this <{n}> is not closed either"),
                ));
            }
            return Err(Box::new(d));
        }
        if let Some(d) = self.deferred.take() {
            return Err(d);
        }
        while let Some((sec, _)) = self.stack.pop() {
            self.push(Item::Section(sec));
        }
        Ok(Config {
            file: self.file.id,
            items: self.top,
        })
    }
}

/// `<IfVersion>` takes one to three words (mod_version.c `start_ifversion`, not the
/// last '>' of the line): the version word must end with '>', or be followed by a
/// lone ">". More than three words is an arity error, left to the directive checks.
fn ifversion_lacks_gt(args: &str) -> bool {
    let mut words = Vec::new();
    let mut rest = args;
    while !rest.is_empty() && words.len() < 4 {
        let (w, r) = getword_conf(rest);
        words.push(w);
        rest = r;
    }
    let (mut a1, mut a2, mut a3) = match words.as_slice() {
        [a] => ("=".to_string(), a.clone(), None),
        [a, b] => (a.clone(), b.clone(), None),
        [a, b, c] => (a.clone(), b.clone(), Some(c.clone())),
        _ => return false,
    };
    if a3.is_none() && a2 == ">" {
        a3 = Some(">".to_string());
        a2 = std::mem::replace(&mut a1, "=".to_string());
    }
    a2.is_empty() || (a3.as_deref() != Some(">") && !a2.ends_with('>'))
}

/// The words of an opening line up to its last '>' (`ap_strrchr_c(arg, '>')` in
/// the section handlers): the word holding it is cut there, the words after it are
/// left out.
fn cut_at_last_gt(file: FileId, mut words: Vec<Arg>) -> Vec<Arg> {
    let Some(i) = words.iter().rposition(|w| w.raw.contains('>')) else {
        return words;
    };
    words.truncate(i + 1);
    let w = words.pop().expect("index i exists");
    let cut = w.raw.rfind('>').expect("the word holds a '>'");
    if cut > 0 {
        let start = w.span.start as usize;
        let closed = w.quote == Quote::None;
        words.push(make_arg(file, start, &w.raw[..cut], w.quote, closed));
    }
    words
}
