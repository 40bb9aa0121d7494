//! The Apache httpd syntax tree. Every node carries the exact byte span it came from.
//!
//! Nothing here is evaluated: `Include`, `Define` and `${VAR}` are recognised, not
//! followed or expanded; every conditional section is kept with its body.

use crate::source::{FileId, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Quote {
    None,
    Single,
    Double,
}

/// One word of a line, as `ap_getword_conf` reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    /// What httpd gets: line continuations removed, quotes removed, `\\` and
    /// `\<quote>` unescaped (`\\` only, outside quotes). `${VAR}` is kept as written.
    pub value: String,
    /// The text as written (continuations included).
    pub raw: String,
    pub quote: Quote,
    /// False for a quoted word whose closing quote is missing: httpd takes the rest
    /// of the line, silently.
    pub closed: bool,
    /// The span of `raw`.
    pub span: Span,
}

impl Arg {
    /// The `${NAME}` references in the word, in order (httpd substitutes them in the
    /// whole line before reading words: `ap_resolve_env`).
    pub fn var_refs(&self) -> Vec<&str> {
        var_refs(&self.value)
    }
}

/// `${NAME}` references in a text: from `${` to the next `}`.
pub fn var_refs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        match after.find('}') {
            Some(j) => {
                out.push(&after[..j]);
                rest = &after[j + 1..];
            }
            None => break,
        }
    }
    out
}

/// A `#` comment line (continuations included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The text after `#`, continuations removed.
    pub text: String,
    pub span: Span,
}

/// What a directive is to the reader: the ones httpd runs while it reads the file
/// (`EXEC_ON_READ`) and that later layers resolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DirectiveKind {
    /// `Include` (a missing file or a wildcard without match stops httpd).
    Include,
    /// `IncludeOptional` (those cases are ignored).
    IncludeOptional,
    /// `Define NAME [VALUE]`.
    Define,
    /// `UnDefine NAME`.
    UnDefine,
    Other,
}

impl DirectiveKind {
    /// Directive names are case-insensitive (`ap_add_module_commands` hashes them
    /// lower-cased).
    pub fn of(name: &str) -> DirectiveKind {
        if name.eq_ignore_ascii_case("Include") {
            DirectiveKind::Include
        } else if name.eq_ignore_ascii_case("IncludeOptional") {
            DirectiveKind::IncludeOptional
        } else if name.eq_ignore_ascii_case("Define") {
            DirectiveKind::Define
        } else if name.eq_ignore_ascii_case("UnDefine") {
            DirectiveKind::UnDefine
        } else {
            DirectiveKind::Other
        }
    }
}

/// One logical line that is neither a comment nor a section tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: Arg,
    pub args: Vec<Arg>,
    pub kind: DirectiveKind,
    /// The logical line, blanks around it excluded.
    pub span: Span,
}

impl Directive {
    pub fn name(&self) -> &str {
        &self.name.value
    }

    /// Case-insensitive name test, as httpd looks directives up.
    pub fn is(&self, name: &str) -> bool {
        self.name.value.eq_ignore_ascii_case(name)
    }

    pub fn arg(&self, i: usize) -> Option<&str> {
        self.args.get(i).map(|a| a.value.as_str())
    }

    /// `Include` or `IncludeOptional`.
    pub fn is_include(&self) -> bool {
        matches!(
            self.kind,
            DirectiveKind::Include | DirectiveKind::IncludeOptional
        )
    }

    /// For `Define NAME [VALUE]` / `UnDefine NAME`: the name and the value.
    pub fn define(&self) -> Option<(&str, Option<&str>)> {
        match self.kind {
            DirectiveKind::Define | DirectiveKind::UnDefine => Some((self.arg(0)?, self.arg(1))),
            _ => None,
        }
    }

    /// Every `${NAME}` reference on the line.
    pub fn var_refs(&self) -> Vec<&str> {
        std::iter::once(&self.name)
            .chain(&self.args)
            .flat_map(|a| a.var_refs())
            .collect()
    }
}

/// The sections that httpd reads while it reads the file and whose body it keeps or
/// skips by a test (`core.c: start_cond_section`, `mod_version.c`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Conditional {
    IfModule,
    IfDefine,
    IfVersion,
    IfFile,
    IfDirective,
    IfSection,
}

impl Conditional {
    pub fn of(name: &str) -> Option<Conditional> {
        use Conditional::*;
        [
            IfModule,
            IfDefine,
            IfVersion,
            IfFile,
            IfDirective,
            IfSection,
        ]
        .into_iter()
        .find(|c| c.name().eq_ignore_ascii_case(name))
    }

    pub fn name(self) -> &'static str {
        match self {
            Conditional::IfModule => "IfModule",
            Conditional::IfDefine => "IfDefine",
            Conditional::IfVersion => "IfVersion",
            Conditional::IfFile => "IfFile",
            Conditional::IfDirective => "IfDirective",
            Conditional::IfSection => "IfSection",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// `<IfModule>` and the other tests httpd evaluates while reading.
    Conditional(Conditional),
    /// `<Macro>` (mod_macro): the body is kept line by line, sections in it are not
    /// matched (a macro may open a section that another one closes).
    Macro,
    /// Every other section (`<VirtualHost>`, `<Directory>`, `<FilesMatch>`...).
    Block,
}

/// The test of a conditional section, as `start_cond_section` reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// `!` before the operand.
    pub negated: bool,
    /// The first word after the optional `!` (the module, the define, the path...).
    pub operand: String,
    /// Everything between the name and the closing `>` (for `<IfVersion>`, whose
    /// test has an operator).
    pub text: String,
}

/// `<Name args>` ... `</Name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The first word, `<` and a trailing `>` removed, as written (case kept).
    pub name: String,
    /// The first word as read (`<Directory`).
    pub tag: Arg,
    /// The words of the opening line up to its last `>` (the `>` itself and what
    /// follows it left out, as the section handlers do).
    pub args: Vec<Arg>,
    /// The text between the name and the last `>`, continuations removed, as the
    /// section handlers receive it.
    pub args_text: String,
    pub kind: SectionKind,
    /// The opening logical line.
    pub open: Span,
    /// The closing line, or None when a conditional section runs to the end of the
    /// file (httpd accepts that when the test holds, and refuses it when not: only
    /// an evaluation can tell).
    pub close: Option<Span>,
    pub items: Vec<Item>,
}

impl Section {
    /// Case-insensitive name test (`<virtualhost>` is `<VirtualHost>`).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The test of a conditional section.
    pub fn condition(&self) -> Option<Condition> {
        if !matches!(self.kind, SectionKind::Conditional(_)) {
            return None;
        }
        let text = self.args_text.as_str();
        let (negated, rest) = match text.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (operand, _) = getword_conf(rest);
        Some(Condition {
            negated,
            operand,
            text: text.to_string(),
        })
    }

    /// From the opening line to the end of the closing one (or of the body).
    pub fn full_span(&self) -> Span {
        match self.close {
            Some(c) => self.open.to(c),
            None => self
                .items
                .last()
                .map_or(self.open, |i| self.open.to(i.span())),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Directive(Directive),
    Section(Section),
    Comment(Comment),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Directive(d) => d.span,
            Item::Section(s) => s.full_span(),
            Item::Comment(c) => c.span,
        }
    }
}

/// A parsed file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub file: FileId,
    pub items: Vec<Item>,
}

/// A directive or a section met by [`Config::walk`], with the sections around it,
/// outermost first.
#[derive(Clone, Debug)]
pub struct Scoped<'a> {
    pub node: Node<'a>,
    pub within: Vec<&'a Section>,
}

#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    Directive(&'a Directive),
    Section(&'a Section),
}

impl<'a> Scoped<'a> {
    pub fn directive(&self) -> Option<&'a Directive> {
        match self.node {
            Node::Directive(d) => Some(d),
            Node::Section(_) => None,
        }
    }

    /// The innermost enclosing section.
    pub fn parent(&self) -> Option<&'a Section> {
        self.within.last().copied()
    }

    /// The conditional sections around the node (which a later evaluation decides).
    pub fn conditions(&self) -> impl Iterator<Item = &'a Section> + '_ {
        self.within
            .iter()
            .copied()
            .filter(|s| matches!(s.kind, SectionKind::Conditional(_)))
    }
}

/// Depth-first, in file order, without recursion.
pub struct Walk<'a> {
    stack: Vec<(Option<&'a Section>, std::slice::Iter<'a, Item>)>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = Scoped<'a>;

    fn next(&mut self) -> Option<Scoped<'a>> {
        loop {
            let (_, iter) = self.stack.last_mut()?;
            match iter.next() {
                None => {
                    self.stack.pop();
                }
                Some(Item::Comment(_)) => {}
                Some(Item::Directive(d)) => {
                    return Some(Scoped {
                        node: Node::Directive(d),
                        within: self.within(),
                    })
                }
                Some(Item::Section(s)) => {
                    let within = self.within();
                    self.stack.push((Some(s), s.items.iter()));
                    return Some(Scoped {
                        node: Node::Section(s),
                        within,
                    });
                }
            }
        }
    }
}

impl<'a> Walk<'a> {
    fn within(&self) -> Vec<&'a Section> {
        self.stack.iter().filter_map(|(s, _)| *s).collect()
    }
}

impl Config {
    /// Every section and directive, depth-first in file order, each with the
    /// sections it is in.
    pub fn walk(&self) -> Walk<'_> {
        Walk {
            stack: vec![(None, self.items.iter())],
        }
    }

    /// Every directive (in sections too), with the sections it is in.
    pub fn directives(&self) -> impl Iterator<Item = (&Directive, Vec<&Section>)> {
        self.walk()
            .filter_map(|s| s.directive().map(|d| (d, s.within)))
    }

    /// Every `Include` / `IncludeOptional`, with the sections it is in.
    pub fn includes(&self) -> impl Iterator<Item = (&Directive, Vec<&Section>)> {
        self.directives().filter(|(d, _)| d.is_include())
    }

    /// Every `Define` / `UnDefine`, in file order.
    pub fn defines(&self) -> impl Iterator<Item = (&Directive, Vec<&Section>)> {
        self.directives()
            .filter(|(d, _)| matches!(d.kind, DirectiveKind::Define | DirectiveKind::UnDefine))
    }

    /// Conditional sections left open at the end of the file (see [`Section::close`]).
    pub fn unclosed_conditionals(&self) -> Vec<&Section> {
        self.walk()
            .filter_map(|s| match s.node {
                Node::Section(sec) if sec.close.is_none() => Some(sec),
                _ => None,
            })
            .collect()
    }
}

/// `ap_getword_conf` (server/util.c) on a text without continuations: the first
/// word, unquoted and unescaped, and the rest after the blanks that follow it.
pub fn getword_conf(text: &str) -> (String, &str) {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r');
    let s = text.trim_start_matches(is_space);
    let Some(first) = s.chars().next() else {
        return (String::new(), s);
    };
    let b = s.as_bytes();
    let (word, end) = if first == '"' || first == '\'' {
        let q = first as u8;
        let mut i = 1;
        while i < b.len() && b[i] != q {
            if b[i] == b'\\' && i + 1 < b.len() && (b[i + 1] == q || b[i + 1] == b'\\') {
                i += 2;
            } else {
                i += 1;
            }
        }
        let word = unescape(&s[1..i], Some(first));
        (word, if i < b.len() { i + 1 } else { i })
    } else {
        let end = s.find(is_space).unwrap_or(s.len());
        (unescape(&s[..end], None), end)
    };
    (word, s[end..].trim_start_matches(is_space))
}

/// `substring_conf`: `\\` becomes `\`, and inside quotes `\<quote>` the quote;
/// every other backslash stays.
pub fn unescape(s: &str, quote: Option<char>) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n == '\\' || Some(n) == quote {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// The length of the line continuation starting at `i`, if one does: `\` then
/// `\r`? `\n`, or, as httpd tests the joined text, `\` then continuations of a lone
/// `\` then an empty line (`a\\` + newline + newline: the `\` left after the first
/// join continues onto the next line). The same as `cont` in grammar/apache.pest.
pub fn cont_len(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'\\') {
        return None;
    }
    let newline = |j: usize| match (b.get(j), b.get(j + 1)) {
        (Some(b'\n'), _) => Some(1),
        (Some(b'\r'), Some(b'\n')) => Some(2),
        _ => None,
    };
    let mut j = i + 1;
    while b.get(j) == Some(&b'\\') {
        match newline(j + 1) {
            Some(n) => j += 1 + n,
            None => break,
        }
    }
    newline(j).map(|n| j + n - i)
}

/// The text with every line continuation removed, as `ap_cfg_getline_core` joins
/// lines.
pub fn join_continuations(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains('\n') {
        return std::borrow::Cow::Borrowed(raw);
    }
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    let mut from = 0;
    while i < b.len() {
        if let Some(n) = cont_len(b, i) {
            out.push_str(&raw[from..i]);
            i += n;
            from = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&raw[from..]);
    std::borrow::Cow::Owned(out)
}
