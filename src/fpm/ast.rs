//! The syntax tree of one php-fpm / php.ini file: one [`Line`] per statement,
//! every span an exact byte range in the file.

use std::sync::Arc;

use crate::source::{FileId, SourceFile, Span};

/// One parsed INI file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniFile {
    pub file: FileId,
    /// Statements in file order. Blank lines and lines with a syntax error are left out
    /// (the error is a diagnostic). A physical line may hold several statements
    /// (`[www] listen = 9000` is a section and an entry, as in the Zend scanner).
    /// Comments in a row are one [`Line::Comments`].
    pub lines: Vec<Line>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// `[name]` (boxed: most lines of a pool file are comments, and a line is as
    /// large as its largest variant).
    Section(Box<Section>),
    /// Shared with the model's list of what php-fpm read, never copied.
    Entry(Arc<Entry>),
    /// `;` comments in a row: a comment after a statement (then it follows that
    /// statement in `lines`) or alone on its line, and the comment lines after it,
    /// blank lines between them included (a line with a syntax error ends the run).
    /// `span` runs from the first comment's `;` to the end of the last one: a pool
    /// file is mostly comments, held as a few spans instead of one per line.
    /// [`IniFile::comments`] gives each comment's span (`;` to the end of its line).
    Comments { span: Span },
}

/// `[name]`. `name` is the section name as php-fpm sees it (quotes removed,
/// `${VAR}` kept symbolic); `span` covers `[...]`, `name_span` the text inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub span: Span,
    pub name_span: Span,
}

/// `key = value`, `key[sub] = value`, or a bare `key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key with surrounding blanks trimmed, as written (case kept).
    pub key: String,
    pub key_span: Span,
    /// `key[sub]`: the offset text and the span of what is between the brackets
    /// (empty for `access.suppress_path[]`).
    pub subkey: Option<(String, Span)>,
    /// `None` for a bare key without `=` (php-fpm: `value is NULL for a
    /// ZEND_INI_PARSER_ENTRY`; php.ini ignores it).
    pub value: Option<Value>,
    /// The whole statement, without the newline and without a trailing comment.
    pub span: Span,
}

/// A value as written and as php-fpm reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// The source text (from the first non-blank after `=` to the last non-blank
    /// before the end of line or a `;` comment).
    pub raw: String,
    /// What php-fpm gets: quotes removed, escapes applied, boolean words mapped
    /// (`yes` → `1`, `off` → empty), known `E_*` constants and integer expressions
    /// evaluated. `${VAR}` references are kept as their literal text.
    pub text: String,
    pub span: Span,
    /// Names of the `${VAR}` references (also inside quotes and fallbacks).
    pub env_refs: Vec<String>,
    pub kind: ValueKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Unquoted text (possibly with `${VAR}` and quoted pieces mixed in).
    Plain,
    /// Only quoted strings (`"..."` or `'...'`).
    Quoted,
    /// `true`, `on`, `yes`: php-fpm sees `1`.
    BoolTrue,
    /// `false`, `off`, `no`, `none`: php-fpm sees an empty string.
    BoolFalse,
    /// `null`: an empty string.
    Null,
    /// Uses `| & ^ ~ ! ( )`: an integer expression.
    Expr,
    /// `key =` with nothing after it.
    Empty,
}

impl Value {
    /// True when the value holds `${...}` references, so its real text is only
    /// known at php-fpm's start.
    pub fn is_symbolic(&self) -> bool {
        !self.env_refs.is_empty()
    }
}

impl IniFile {
    /// Give every span the file id `file` (a tree parsed before its file had one).
    pub fn set_file(&mut self, file: FileId) {
        self.file = file;
        for line in &mut self.lines {
            match line {
                Line::Section(s) => {
                    s.span.file = file;
                    s.name_span.file = file;
                }
                Line::Comments { span } => span.file = file,
                Line::Entry(e) => {
                    let e = Arc::make_mut(e);
                    e.key_span.file = file;
                    e.span.file = file;
                    if let Some((_, s)) = &mut e.subkey {
                        s.file = file;
                    }
                    if let Some(v) = &mut e.value {
                        v.span.file = file;
                    }
                }
            }
        }
    }

    /// Every comment's span, in order: the `;` and what follows it on its line (the
    /// text is `file`'s, which must be the file parsed).
    pub fn comments<'a>(&'a self, file: &'a SourceFile) -> impl Iterator<Item = Span> + 'a {
        self.lines
            .iter()
            .flat_map(move |l| match l {
                Line::Comments { span } => Some(comments_in(&file.text, *span)),
                _ => None,
            })
            .flatten()
    }

    /// All entries, in order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.lines.iter().filter_map(|l| match l {
            Line::Entry(e) => Some(&**e),
            _ => None,
        })
    }
}

/// The comments of one [`Line::Comments`] run in `text`: on each line of the run, the
/// `;` after an optional byte order mark and blanks, to the end of the line (lines
/// end at `\n`, `\r\n` and a lone `\r`, as the parser splits them); blank lines
/// give none. The run starts at a `;` and ends at a line's end.
pub fn comments_in(text: &str, run: Span) -> impl Iterator<Item = Span> + '_ {
    let start = run.start as usize;
    let end = (run.end as usize).min(text.len());
    let lines = super::parse::physical_lines(text.get(start..end).unwrap_or(""));
    lines.filter_map(move |(at, line)| {
        let body = line.strip_prefix('\u{feff}').unwrap_or(line);
        let rest = body.trim_start_matches([' ', '\t']);
        let first = start + at + line.len() - rest.len();
        rest.starts_with(';')
            .then(|| Span::new(run.file, first, start + at + line.len()))
    })
}
