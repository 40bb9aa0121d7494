//! The source map: every file read once, a stable id for each, exact byte spans,
//! and a line index so that offset -> line:column lookups are logarithmic.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    /// The smallest span covering both (same file assumed).
    pub fn to(&self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Default largest file fpmlint reads (bigger files get a diagnostic).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// One loaded file.
#[derive(Debug)]
pub struct SourceFile {
    pub id: FileId,
    /// Where the file is on disk (or a pseudo path such as `<stdin>`).
    pub path: PathBuf,
    /// The path as shown to the user.
    pub name: String,
    /// The text with byte offsets identical to the file's bytes: every byte that is
    /// not part of valid UTF-8 is replaced by U+001A (one byte), so spans stay exact.
    pub text: String,
    /// True when some bytes were not valid UTF-8.
    pub lossy: bool,
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(id: FileId, path: PathBuf, name: String, bytes: Vec<u8>) -> SourceFile {
        let (text, lossy) = match String::from_utf8(bytes) {
            Ok(s) => (s, false),
            Err(e) => (exact_lossy(e.as_bytes()), true),
        };
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        SourceFile {
            id,
            path,
            name,
            text,
            lossy,
            line_starts,
        }
    }

    /// Zero-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Start offset of a zero-based line.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .map(|&s| s as usize)
            .unwrap_or(self.text.len())
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// One-based line and one-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_start(line);
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line + 1, col + 1)
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

/// Decode bytes keeping byte offsets: each byte of an invalid sequence becomes U+001A.
fn exact_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or(""));
                let n = e.error_len().unwrap_or(bad.len());
                for _ in 0..n {
                    out.push('\u{1a}');
                }
                rest = &bad[n..];
            }
        }
    }
    out
}

/// Why a file could not be loaded.
#[derive(Debug, Clone)]
pub enum LoadError {
    NotFound,
    PermissionDenied,
    IsDirectory,
    TooLarge(u64),
    Binary,
    Other(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound => write!(f, "no such file or directory"),
            LoadError::PermissionDenied => write!(f, "permission denied"),
            LoadError::IsDirectory => write!(f, "it is a directory, not a file"),
            LoadError::TooLarge(n) => write!(
                f,
                "the file is {n} bytes, more than the {} byte limit (raise it with --max-file-size)",
                DEFAULT_MAX_FILE_SIZE
            ),
            LoadError::Binary => write!(f, "the file holds NUL bytes: a binary file, not a config"),
            LoadError::Other(e) => write!(f, "{e}"),
        }
    }
}

/// All loaded files.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
    by_path: HashMap<PathBuf, FileId>,
    /// Files that do not come from disk (stdin, `nginx -T` sections), by path.
    virtual_paths: Vec<PathBuf>,
    /// How `name` is derived: paths under this directory are shown relative to it.
    pub display_base: Option<PathBuf>,
    pub max_file_size: Option<u64>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    pub fn get(&self, id: FileId) -> &Arc<SourceFile> {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.files.iter()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// A path as shown to the user: relative to the display base when under it.
    pub fn display_path(&self, path: &Path) -> String {
        self.display_name(path)
    }

    pub fn lookup(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    fn display_name(&self, path: &Path) -> String {
        if let Some(base) = &self.display_base {
            if let Ok(rel) = path.strip_prefix(base) {
                if !rel.as_os_str().is_empty() {
                    return rel.display().to_string();
                }
            }
        }
        path.display().to_string()
    }

    /// Add text that does not come from disk (stdin, tests, `nginx -T` sections).
    pub fn add_virtual(&mut self, path: PathBuf, bytes: Vec<u8>) -> FileId {
        if let Some(id) = self.by_path.get(&path) {
            return *id;
        }
        self.virtual_paths.push(path.clone());
        self.insert(path, bytes)
    }

    /// Virtual files whose path matches a glob pattern, sorted.
    pub fn virtual_matches(&self, pattern: &Path) -> Vec<PathBuf> {
        let Some(pat) = pattern.to_str().and_then(|p| glob::Pattern::new(p).ok()) else {
            return Vec::new();
        };
        let opts = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
        let mut v: Vec<PathBuf> = self
            .virtual_paths
            .iter()
            .filter(|p| pat.matches_path_with(p, opts))
            .cloned()
            .collect();
        v.sort();
        v
    }

    fn insert(&mut self, path: PathBuf, bytes: Vec<u8>) -> FileId {
        let id = FileId(self.files.len() as u32);
        let name = self.display_name(&path);
        self.files
            .push(Arc::new(SourceFile::new(id, path.clone(), name, bytes)));
        self.by_path.insert(path, id);
        id
    }

    /// Load a file from disk, once: a second call for the same path returns the same id.
    pub fn load(&mut self, path: &Path) -> Result<FileId, LoadError> {
        if let Some(id) = self.by_path.get(path) {
            return Ok(*id);
        }
        let meta = std::fs::metadata(path).map_err(io_to_load)?;
        if meta.is_dir() {
            return Err(LoadError::IsDirectory);
        }
        let cap = self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
        if meta.len() > cap {
            return Err(LoadError::TooLarge(meta.len()));
        }
        let bytes = std::fs::read(path).map_err(io_to_load)?;
        if bytes.contains(&0) {
            return Err(LoadError::Binary);
        }
        Ok(self.insert(path.to_path_buf(), bytes))
    }
}

fn io_to_load(e: std::io::Error) -> LoadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound,
        std::io::ErrorKind::PermissionDenied => LoadError::PermissionDenied,
        std::io::ErrorKind::IsADirectory => LoadError::IsDirectory,
        _ => LoadError::Other(e.to_string()),
    }
}

/// miette reads code frames through this: a binary search in the line index
/// instead of miette's default rescan of the whole file for every label.
impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        let first_line = self.line_index(start).saturating_sub(context_lines_before);
        let last_line_of_span = self.line_index(if end > start { end - 1 } else { end });
        let last_line =
            (last_line_of_span + context_lines_after).min(self.line_count().saturating_sub(1));
        // With no context before, miette expects the contents to start at the span
        // itself, with its column: that is where the frame header points.
        let from = if context_lines_before == 0 {
            start
        } else {
            self.line_start(first_line)
        };
        let mut to = if last_line + 1 < self.line_count() {
            self.line_start(last_line + 1)
        } else {
            self.text.len()
        };
        // Keep the final newline out of the frame.
        while to > from && to > end && matches!(self.text.as_bytes()[to - 1], b'\n' | b'\r') {
            to -= 1;
        }
        let data = &self.text.as_bytes()[from..to];
        let col = self
            .text
            .get(self.line_start(first_line)..from)
            .map_or(0, |t| t.chars().count());
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            data,
            (from, to - from).into(),
            first_line,
            col,
            last_line - first_line + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_keeps_offsets() {
        let f = SourceFile::new(FileId(0), "x".into(), "x".into(), b"a\xff\xfeb\nc".to_vec());
        assert!(f.lossy);
        assert_eq!(f.text.len(), 6);
        assert_eq!(&f.text[3..4], "b");
        assert_eq!(f.line_col(5), (2, 1));
    }

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new(
            FileId(0),
            "x".into(),
            "x".into(),
            "é a\nbc".as_bytes().to_vec(),
        );
        assert_eq!(f.line_col(3), (1, 3));
        assert_eq!(f.line_col(6), (2, 2));
    }
}
