//! The nginx syntax tree. Every node carries the exact byte span it came from.

use crate::source::{FileId, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Quote {
    None,
    Single,
    Double,
}

/// One token: a directive name or an argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    /// The value nginx stores: quotes removed, `\"` `\'` `\\` `\t` `\r` `\n` unescaped.
    /// Kept inline up to 24 bytes (most tokens): no allocation per token.
    pub value: compact_str::CompactString,
    pub quote: Quote,
    /// The span of the text as written, quotes included (the text itself is
    /// the source's, not copied here: `SourceFile::slice`).
    pub span: Span,
}

impl Arg {
    /// True when the argument contains a variable reference (`$name`, `${name}`).
    pub fn has_variables(&self) -> bool {
        let b = self.value.as_bytes();
        b.iter().enumerate().any(|(i, &c)| {
            c == b'$'
                && b.get(i + 1)
                    .is_some_and(|&n| n == b'{' || n == b'_' || n.is_ascii_alphanumeric())
        })
    }
}

/// A run of comments: a comment and the comments after it that only blanks
/// (spaces, tabs, line ends) separate from it, as one node. Each comment runs
/// from its `#` to the end of its line ([`Comment::lines`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From the first comment's `#` to the end of the last one's line. The text
    /// is the source's, not copied here.
    pub span: Span,
}

impl Comment {
    /// Each comment of the run: its span (`#` to the end of the line, the `\n`
    /// excluded) and its text after the `#`, read from the run's file.
    pub fn lines<'a>(
        &self,
        file: &'a crate::source::SourceFile,
    ) -> impl Iterator<Item = (Span, &'a str)> + 'a {
        let span = self.span;
        let text = file.slice(span);
        let mut at = 0;
        std::iter::from_fn(move || {
            let rest = text.get(at..)?;
            let start = at + rest.find('#')?;
            let end =
                memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |e| start + e);
            at = end;
            let base = span.start as usize;
            Some((
                Span::new(span.file, base + start, base + end),
                &text[start + 1..end],
            ))
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Exactly as many as it holds (56 bytes a block: a large file has tens
    /// of thousands).
    pub items: Box<[Item]>,
    /// The `{`.
    pub open: Span,
    /// The `}`.
    pub close: Span,
    /// For `*_by_lua_block`: the Lua code between the braces, kept raw.
    pub raw: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: Arg,
    pub args: Box<[Arg]>,
    /// Boxed: most directives have none, and a directive is only as large as
    /// its largest field allows.
    pub block: Option<Box<Block>>,
    /// From the name to the terminating `;` or `{`, both included.
    pub span: Span,
}

impl Directive {
    pub fn name(&self) -> &str {
        &self.name.value
    }

    /// The span of the whole statement, the block's `}` included.
    pub fn full_span(&self) -> Span {
        match &self.block {
            Some(b) => self.span.to(b.close),
            None => self.span,
        }
    }

    pub fn arg(&self, i: usize) -> Option<&str> {
        self.args.get(i).map(|a| a.value.as_str())
    }
}

/// An item of a block. A directive is behind a pointer: most items of a real
/// file are comments, and an item is only as large as its largest variant. The
/// pointer is shared: the model's directive is this one, not a copy. It counts
/// strong references only (no weak count): 8 bytes less a directive, which
/// takes it to a smaller allocation size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Directive(triomphe::Arc<Directive>),
    Comment(Comment),
}

/// A parsed file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub file: FileId,
    pub items: Vec<Item>,
}

impl Config {
    /// Give every span the file id `file` (a tree parsed before its file had one).
    pub fn set_file(&mut self, file: FileId) {
        self.file = file;
        set_items_file(&mut self.items, file);
    }

    pub fn directives(&self) -> impl Iterator<Item = &Directive> {
        directives(&self.items)
    }
}

/// The directives among items (comments skipped).
pub fn directives(items: &[Item]) -> impl Iterator<Item = &Directive> {
    items.iter().filter_map(|i| match i {
        Item::Directive(d) => Some(&**d),
        Item::Comment(_) => None,
    })
}

fn set_items_file(items: &mut [Item], file: FileId) {
    for item in items {
        match item {
            Item::Comment(c) => c.span.file = file,
            Item::Directive(d) => {
                // Just parsed: the pointer is not shared yet, nothing is copied.
                let d = triomphe::Arc::make_mut(d);
                d.span.file = file;
                d.name.span.file = file;
                d.args.iter_mut().for_each(|a| a.span.file = file);
                if let Some(b) = &mut d.block {
                    b.open.file = file;
                    b.close.file = file;
                    if let Some(r) = &mut b.raw {
                        r.file = file;
                    }
                    set_items_file(&mut b.items, file);
                }
            }
        }
    }
}
