//! The source map: every file read once, a stable id for each, exact byte spans,
//! and a line index so that offset -> line:column lookups are logarithmic.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::Diagnostic;

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

/// Where a file's lines start, kept sparse: a mark every [`MARK_LINES`] lines
/// and every [`MARK_BYTES`] bytes (a long line gets several), from which a
/// lookup scans at most that far. Four bytes a line were the largest part of a
/// large file's memory after its text; the marks are a few hundredths of that.
/// Also the lines holding a non-ASCII character (sorted: on every other line a
/// column is a byte difference, with no scan of the line).
#[derive(Debug)]
struct LineIndex {
    marks: Vec<Mark>,
    /// Lines in the text (line ends plus one).
    lines: u32,
    non_ascii: Vec<u32>,
}

/// A point of the text whose line is known: `offset`, on zero-based `line`,
/// which starts at `start`.
#[derive(Clone, Copy, Debug)]
struct Mark {
    offset: u32,
    line: u32,
    start: u32,
}

const MARK_LINES: u32 = 32;
const MARK_BYTES: u32 = 8 * 1024;

impl LineIndex {
    fn of(text: &str) -> LineIndex {
        let b = text.as_bytes();
        let mut marks = vec![Mark {
            offset: 0,
            line: 0,
            start: 0,
        }];
        let (mut line, mut start) = (0u32, 0u32);
        let mut non_ascii = Vec::new();
        let ascii = text.is_ascii();
        // Marks inside the current line up to `to`, one every MARK_BYTES.
        let fill = |marks: &mut Vec<Mark>, line: u32, start: u32, to: u32| {
            let mut last = marks.last().map_or(0, |m| m.offset);
            while to - last > MARK_BYTES {
                last += MARK_BYTES;
                marks.push(Mark {
                    offset: last,
                    line,
                    start,
                });
            }
        };
        for nl in memchr::memchr_iter(b'\n', b) {
            let nl = nl as u32;
            fill(&mut marks, line, start, nl);
            if !ascii && !b[start as usize..nl as usize].is_ascii() {
                non_ascii.push(line);
            }
            line += 1;
            start = nl + 1;
            let last = marks.last().map_or(0, |m| m.offset);
            if line % MARK_LINES == 0 || start - last >= MARK_BYTES {
                marks.push(Mark {
                    offset: start,
                    line,
                    start,
                });
            }
        }
        fill(&mut marks, line, start, b.len() as u32);
        if !ascii && !b[start as usize..].is_ascii() {
            non_ascii.push(line);
        }
        marks.shrink_to_fit();
        LineIndex {
            marks,
            lines: line + 1,
            non_ascii,
        }
    }

    /// The last mark at or before `offset`.
    fn mark_at(&self, offset: usize) -> Mark {
        let i = self.marks.partition_point(|m| m.offset as usize <= offset);
        self.marks[i.saturating_sub(1)]
    }

    /// Zero-based line of `offset` (at most the text's length) and where that
    /// line starts, counted from the nearest mark before it, or from `near`
    /// (the start of a line and its line) when that is nearer.
    fn locate(&self, text: &[u8], offset: usize, near: (u32, u32)) -> (usize, usize) {
        let m = self.mark_at(offset);
        let (mut line, mut start, from) = if near.0 >= m.offset && near.0 as usize <= offset {
            (near.1 as usize, near.0 as usize, near.0 as usize)
        } else {
            (m.line as usize, m.start as usize, m.offset as usize)
        };
        for nl in memchr::memchr_iter(b'\n', &text[from..offset]) {
            line += 1;
            start = from + nl + 1;
        }
        (line, start)
    }

    /// Where zero-based `line` starts; None past the last line.
    fn start_of(&self, text: &[u8], line: usize) -> Option<usize> {
        if line >= self.lines as usize {
            return None;
        }
        let i = self.marks.partition_point(|m| m.line as usize <= line);
        let m = self.marks[i.saturating_sub(1)];
        let ahead = line - m.line as usize;
        if ahead == 0 {
            return Some(m.start as usize);
        }
        let from = m.offset as usize;
        memchr::memchr_iter(b'\n', &text[from..])
            .nth(ahead - 1)
            .map(|nl| from + nl + 1)
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
    /// Where each line starts, and which lines hold a non-ASCII character:
    /// made on the first use (a diagnostic, a suppression), so the files of a
    /// clean run never pay for it.
    lines: std::sync::OnceLock<LineIndex>,
    /// The text as code frames show it (control characters replaced), made on
    /// the first frame that needs it.
    terminal: std::sync::OnceLock<Option<Vec<u8>>>,
    /// The start of the line last located (high half) and that line (low
    /// half): findings come in the file's order, so the next offset asked
    /// is most often a little further on, and is counted from there.
    last_line: std::sync::atomic::AtomicU64,
}

impl SourceFile {
    pub fn new(id: FileId, path: PathBuf, name: String, bytes: Vec<u8>) -> SourceFile {
        let (text, lossy) = match String::from_utf8(bytes) {
            Ok(s) => (s, false),
            Err(e) => (exact_lossy(e.as_bytes()), true),
        };
        SourceFile {
            id,
            path,
            name,
            text,
            lossy,
            lines: std::sync::OnceLock::new(),
            terminal: std::sync::OnceLock::new(),
            last_line: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// The bytes code frames print: the text with every control character other
    /// than tab and line ends replaced, at the same offsets.
    pub fn terminal_text(&self) -> &[u8] {
        self.terminal
            .get_or_init(|| terminal_safe(&self.text))
            .as_deref()
            .unwrap_or(self.text.as_bytes())
    }

    fn index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::of(&self.text))
    }

    /// Zero-based line index of a byte offset (an offset past the end is on
    /// the last line).
    pub fn line_index(&self, offset: usize) -> usize {
        self.locate(offset).0
    }

    /// Zero-based line of a byte offset and where that line starts.
    fn locate(&self, offset: usize) -> (usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        let offset = offset.min(self.text.len());
        let last = self.last_line.load(Relaxed);
        let near = ((last >> 32) as u32, last as u32);
        let (line, start) = self.index().locate(self.text.as_bytes(), offset, near);
        self.last_line
            .store(((start as u64) << 32) | line as u64, Relaxed);
        (line, start)
    }

    /// Start offset of a zero-based line (the text's length past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.index()
            .start_of(self.text.as_bytes(), line)
            .unwrap_or(self.text.len())
    }

    pub fn line_count(&self) -> usize {
        self.index().lines as usize
    }

    /// Characters between `start`, where `line` starts, and `offset` (on that line).
    fn chars_on_line(&self, line: usize, start: usize, offset: usize) -> usize {
        if self
            .index()
            .non_ascii
            .binary_search(&(line as u32))
            .is_err()
        {
            return offset.saturating_sub(start);
        }
        self.text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset.saturating_sub(start))
    }

    /// One-based line and one-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let (line, start) = self.locate(offset);
        (line + 1, self.chars_on_line(line, start, offset) + 1)
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
    /// ELOOP: the path goes through a symbolic link loop.
    SymlinkLoop,
    TooLarge(u64),
    Binary,
    /// The path, or a link on it, leads outside the linted tree: never opened.
    OutsideRoot,
    /// A FIFO, socket, device or pseudo-file: never read.
    NotRegular(&'static str),
    /// Reading it would pass `--max-total-size`.
    OverBudget(u64),
    /// Standard input is a tree of its own: its includes are not read from disk.
    NotFollowed,
    Other(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound => write!(f, "no such file or directory"),
            LoadError::PermissionDenied => write!(f, "permission denied"),
            LoadError::IsDirectory => write!(f, "it is a directory, not a file"),
            LoadError::SymlinkLoop => write!(
                f,
                "a symbolic link loop: the path never reaches a file"
            ),
            LoadError::TooLarge(n) => write!(
                f,
                "the file is {n} bytes, over fpmlint's size limit ({} bytes unless --max-file-size raises it)",
                DEFAULT_MAX_FILE_SIZE
            ),
            LoadError::Binary => write!(f, "the file holds NUL bytes: a binary file, not a config"),
            LoadError::OutsideRoot => write!(
                f,
                "it resolves outside the linted tree, so fpmlint does not open it"
            ),
            LoadError::NotRegular(what) => write!(f, "{what}: fpmlint reads regular files only"),
            LoadError::OverBudget(n) => write!(
                f,
                "reading it would take the input over {n} bytes in all (--max-total-size)"
            ),
            LoadError::NotFollowed => write!(
                f,
                "includes of standard input are not read from disk (nginx -T output holds every file)"
            ),
            LoadError::Other(e) => write!(f, "{e}"),
        }
    }
}

/// All loaded files.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
    by_path: crate::paths::PathHashMap<FileId>,
    /// Files that do not come from disk (stdin, `nginx -T` sections), by path.
    virtual_paths: Vec<PathBuf>,
    /// Virtual files shown under another file's name, by path: (the file
    /// shown, a suffix to its name, what the file is). A ConfigMap key written
    /// in a manifest is shown as the manifest, its lines being the manifest's.
    pub shown_as: crate::paths::PathHashMap<(PathBuf, String, String)>,
    /// How `name` is derived: paths under this directory are shown relative to it.
    pub display_base: Option<PathBuf>,
    pub max_file_size: Option<u64>,
    /// `--max-total-size`: the most bytes read across all files (None: the default).
    pub max_total_size: Option<u64>,
    /// Bytes read so far.
    total: u64,
    /// Includes of standard input that were not read from disk.
    pub not_followed: usize,
    /// nginx directives placed in trees so far, across all trees (a bound on
    /// memory, checked by the model builder).
    pub directives: usize,
    /// What may be opened: every disk read goes through it.
    pub confine: crate::confine::Confinement,
    /// Files read and parsed ahead by [`SourceMap::prefetch`], by path, until
    /// [`SourceMap::load`] takes them.
    ahead: crate::paths::PathHashMap<Ahead>,
    /// Trees parsed ahead, by file, until the model takes them.
    parsed_ahead: HashMap<FileId, Parsed>,
}

/// The language a file is parsed as ahead of its use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Nginx,
    Fpm,
}

/// A tree parsed ahead: what `nginx::parse` or `fpm::parse` returned.
#[derive(Debug)]
pub enum Parsed {
    Nginx(Result<crate::nginx::Config, Box<Diagnostic>>),
    Fpm(crate::fpm::IniFile, Vec<Diagnostic>),
}

/// A file read ahead: everything [`SourceMap::load`] needs to decide as a read
/// at its own time would.
#[derive(Debug)]
struct Ahead {
    /// The read with the largest cap a later load may use (`--max-file-size`).
    read: Result<(), LoadError>,
    len: u64,
    binary: bool,
    file: Option<SourceFile>,
    parsed: Option<Parsed>,
}

/// Give every span of a tree parsed ahead (under a stand-in id) its file's id.
fn set_file(parsed: &mut Parsed, id: FileId) {
    match parsed {
        Parsed::Nginx(Ok(c)) => c.set_file(id),
        Parsed::Nginx(Err(d)) => set_diag_file(d, id),
        Parsed::Fpm(ini, diags) => {
            ini.set_file(id);
            for d in diags {
                set_diag_file(d, id);
            }
        }
    }
}

fn set_diag_file(d: &mut Diagnostic, id: FileId) {
    d.primary.span.file = id;
    for l in &mut d.secondary {
        l.span.file = id;
    }
}

impl SourceMap {
    /// A source map that reads nothing from disk (virtual files only).
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// A source map that reads below `dir` (a sysroot when `chroot`).
    pub fn confined_to(dir: &Path, chroot: bool) -> SourceMap {
        let mut s = SourceMap::default();
        s.confine.add_root(dir, chroot);
        s
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
        self.by_path
            .get(path)
            .or_else(|| self.by_path.get(&key(path)))
            .copied()
    }

    fn display_name(&self, path: &Path) -> String {
        if let Some(base) = &self.display_base {
            if let Ok(rel) = path.strip_prefix(base) {
                if !rel.as_os_str().is_empty() {
                    return crate::text::escape_name(&rel.display().to_string());
                }
            }
        }
        // File names may hold control characters too: never print them raw.
        crate::text::escape_name(&path.display().to_string())
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
        let name = match self.shown_as.get(&path) {
            Some((shown, suffix, _)) => format!("{}{suffix}", self.display_name(shown)),
            None => self.display_name(&path),
        };
        self.files
            .push(Arc::new(SourceFile::new(id, path.clone(), name, bytes)));
        self.by_path.insert(path, id);
        id
    }

    /// Read and parse files on every core before they are loaded: `load` then
    /// takes each file from here, giving ids in the order of the loads and
    /// deciding size limits as a read at that moment would; the model takes the
    /// trees with [`SourceMap::take_parsed`]. Paths already loaded are skipped.
    pub fn prefetch(&mut self, paths: &[PathBuf], lang: Language) {
        let mut seen = crate::paths::PathHashSet::default();
        let todo: Vec<PathBuf> = paths
            .iter()
            .filter(|p| !self.by_path.contains_key(p.as_path()))
            .map(|p| key(p))
            .filter(|k| !self.by_path.contains_key(k) && !self.ahead.contains_key(k))
            .filter(|k| seen.insert(k.clone()))
            .collect();
        if todo.len() < 8 {
            // A few files: read in order by `load` (no thread pool started).
            return;
        }
        let cap = self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
        let confine = &self.confine;
        let done: Vec<(PathBuf, Ahead)> = todo
            .into_par_iter()
            .map(|path| {
                let mut a = Ahead {
                    read: Ok(()),
                    len: 0,
                    binary: false,
                    file: None,
                    parsed: None,
                };
                match confine.read(&path, cap, false) {
                    Err(e) => a.read = Err(e),
                    Ok(bytes) => {
                        a.len = bytes.len() as u64;
                        a.binary = bytes.contains(&0);
                        if !a.binary {
                            let f = SourceFile::new(FileId(0), path.clone(), String::new(), bytes);
                            a.parsed = Some(match lang {
                                Language::Nginx => Parsed::Nginx(crate::nginx::parse(&f)),
                                Language::Fpm => {
                                    let (ini, diags) = crate::fpm::parse(&f);
                                    Parsed::Fpm(ini, diags)
                                }
                            });
                            a.file = Some(f);
                        }
                    }
                }
                (path, a)
            })
            .collect();
        self.ahead.extend(done);
    }

    /// The tree of a file parsed ahead by [`SourceMap::prefetch`], once.
    pub fn take_parsed(&mut self, id: FileId) -> Option<Parsed> {
        self.parsed_ahead.remove(&id)
    }

    /// Load a file from disk, once: a second call for the same path returns the same id.
    pub fn load(&mut self, path: &Path) -> Result<FileId, LoadError> {
        if let Some(id) = self.by_path.get(path) {
            return Ok(*id);
        }
        // `./conf.d/a.conf` (a directory walk) and `conf.d/a.conf` (a glob) are
        // one file: read it once.
        let key = key(path);
        let path = key.as_path();
        if let Some(id) = self.by_path.get(path) {
            return Ok(*id);
        }
        let budget = self.max_total_size.unwrap_or(DEFAULT_MAX_TOTAL_SIZE);
        let cap = self
            .max_file_size
            .unwrap_or(DEFAULT_MAX_FILE_SIZE)
            .min(budget.saturating_sub(self.total));
        if let Some(a) = self.ahead.remove(path) {
            // As the read below: a file over the cap is over the budget when it
            // is within --max-file-size.
            match a.read {
                Err(LoadError::TooLarge(n))
                    if n <= self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE) =>
                {
                    return Err(LoadError::OverBudget(budget))
                }
                other => other?,
            }
            if a.len > cap {
                return Err(LoadError::OverBudget(budget));
            }
            let (Some(mut file), false) = (a.file, a.binary) else {
                return Err(LoadError::Binary);
            };
            self.total += a.len;
            let id = FileId(self.files.len() as u32);
            file.id = id;
            file.name = self.display_name(path);
            self.files.push(Arc::new(file));
            self.by_path.insert(path.to_path_buf(), id);
            if let Some(mut parsed) = a.parsed {
                set_file(&mut parsed, id);
                self.parsed_ahead.insert(id, parsed);
            }
            return Ok(id);
        }
        let bytes = match self.confine.read(path, cap, false) {
            Err(LoadError::TooLarge(n))
                if n <= self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE) =>
            {
                return Err(LoadError::OverBudget(budget))
            }
            other => other?,
        };
        if bytes.contains(&0) {
            return Err(LoadError::Binary);
        }
        self.total += bytes.len() as u64;
        Ok(self.insert(path.to_path_buf(), bytes))
    }

    /// The matches of a glob pattern on disk (confined), and the directories it
    /// could not read.
    pub fn glob(&self, pattern: &Path) -> crate::confine::GlobMatches {
        self.confine.glob(pattern)
    }

    /// The names in a directory (confined), sorted.
    pub fn list_dir(&self, dir: &Path) -> Result<Vec<std::ffi::OsString>, LoadError> {
        self.confine.list_dir(dir)
    }

    /// What a path on disk is (confined): None when it cannot be reached.
    pub fn kind(&self, path: &Path) -> Option<crate::confine::Kind> {
        self.confine.kind(path)
    }
}

/// Default most bytes read across all files: a hosting server's whole
/// configuration with room to spare, well within a CI runner's memory.
pub const DEFAULT_MAX_TOTAL_SIZE: u64 = 256 * 1024 * 1024;

/// The path a file is known by: without `.` components (`./a` is `a`).
fn key(path: &Path) -> PathBuf {
    // Nearly every path is already in that form: no `.` component, no doubled
    // or trailing `/`. Its components would put it back together unchanged.
    let b = path.as_os_str().as_encoded_bytes();
    let plain = !b.is_empty()
        && b != b"."
        && !b.starts_with(b"./")
        && !b.ends_with(b"/.")
        && (b == b"/" || !b.ends_with(b"/"))
        && !b.windows(2).any(|w| w == b"//")
        && !b.windows(3).any(|w| w == b"/./");
    if plain {
        return path.to_path_buf();
    }
    key_by_components(path)
}

/// [`key`] the long way: the path put back together from its components,
/// `.` left out.
fn key_by_components(path: &Path) -> PathBuf {
    let k: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if k.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        k
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
        let mut first_line = self.line_index(start).saturating_sub(context_lines_before);
        let last_line_of_span = self.line_index(if end > start { end - 1 } else { end });
        let mut last_line =
            (last_line_of_span + context_lines_after).min(self.line_count().saturating_sub(1));
        // With no context before, miette expects the contents to start at the span
        // itself, with its column: that is where the frame header points.
        let mut from = if context_lines_before == 0 {
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
        // A frame shows at most FRAME_WINDOW bytes on either side of the span: a
        // minified file's single line must not be printed whole for every finding.
        if start - from > FRAME_WINDOW {
            from = start - FRAME_WINDOW;
            while !self.text.is_char_boundary(from) {
                from += 1;
            }
            first_line = self.line_index(from);
        }
        if to > end && to - end > FRAME_WINDOW {
            to = end + FRAME_WINDOW;
            while !self.text.is_char_boundary(to) {
                to += 1;
            }
            last_line = self.line_index(to - 1).max(first_line);
        }
        let data = &self.terminal_text()[from..to];
        let col = self.chars_on_line(first_line, self.line_start(first_line), from);
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

/// Bytes of context a code frame shows on either side of its span.
const FRAME_WINDOW: usize = 512;

/// The text made safe for a terminal without moving any byte: every control
/// character (other than tab and line ends) becomes `?` per byte, so the labels'
/// byte offsets still fall where they did in the file. `None` when already safe.
fn terminal_safe(s: &str) -> Option<Vec<u8>> {
    let unsafe_char = |c: char, next: Option<char>| {
        (c.is_control() && c != '\t' && c != '\n' && !(c == '\r' && next == Some('\n')))
            || crate::text::is_bidi_control(c)
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    let mut chars = s.chars().peekable();
    let mut clean = true;
    while let Some(c) = chars.next() {
        clean &= !unsafe_char(c, chars.peek().copied());
    }
    if clean {
        return None;
    }
    let mut chars = s.chars().peekable();
    let mut out = Vec::with_capacity(s.len());
    while let Some(c) = chars.next() {
        if unsafe_char(c, chars.peek().copied()) {
            out.extend(std::iter::repeat_n(b'?', c.len_utf8()));
        } else {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_key_is_the_path_without_its_dot_components() {
        for p in [
            "/etc/nginx/nginx.conf",
            "/",
            ".",
            "./a",
            "a/./b",
            "a/.",
            "a//b",
            "//a",
            "a/b/",
            "/a/../b",
            "a/.b/c.",
            "relative/x.conf",
            "/x/./",
            "",
        ] {
            assert_eq!(
                super::key(std::path::Path::new(p)),
                super::key_by_components(std::path::Path::new(p)),
                "{p:?}"
            );
        }
    }

    use super::*;

    #[test]
    fn invalid_utf8_keeps_offsets() {
        let f = SourceFile::new(FileId(0), "x".into(), "x".into(), b"a\xff\xfeb\nc".to_vec());
        assert!(f.lossy);
        assert_eq!(f.text.len(), 6);
        assert_eq!(&f.text[3..4], "b");
        assert_eq!(f.line_col(5), (2, 1));
    }

    /// The sparse line index answers as a list of every line start does, on
    /// texts of short, long and empty lines, CRLF and non-ASCII text, at every
    /// offset.
    #[test]
    fn the_line_index_is_every_line_start() {
        let mut texts = vec![
            String::new(),
            "\n".into(),
            "a".into(),
            "a\n".into(),
            "\n\n\n".into(),
            "é a\r\nbc\n\né".into(),
            "x".repeat(3 * MARK_BYTES as usize + 5),
            format!(
                "{}\n{}\n",
                "y".repeat(MARK_BYTES as usize),
                "z".repeat(2 * MARK_BYTES as usize + 1)
            ),
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20 {
            let mut t = String::new();
            while t.len() < 20_000 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                match seed % 7 {
                    0 => t.push('\n'),
                    1 => t.push_str("\r\n"),
                    2 => t.push('é'),
                    3 => t.push_str(&"w".repeat((seed >> 8) as usize % 20_000)),
                    _ => t.push_str(&"ab ".repeat((seed >> 8) as usize % 30)),
                }
            }
            texts.push(t);
        }
        for t in &texts {
            let f = SourceFile::new(FileId(0), "x".into(), "x".into(), t.as_bytes().to_vec());
            let mut starts = vec![0];
            starts.extend(t.match_indices('\n').map(|(i, _)| i + 1));
            assert_eq!(f.line_count(), starts.len());
            for (line, &start) in starts.iter().enumerate() {
                assert_eq!(f.line_start(line), start, "line {line}");
            }
            assert_eq!(f.line_start(starts.len()), t.len());
            let step = if t.len() > 10_000 { 5 } else { 1 };
            for offset in (0..=t.len()).step_by(step) {
                let line = starts.partition_point(|&s| s <= offset) - 1;
                assert_eq!(f.line_index(offset), line, "offset {offset}");
                if t.is_char_boundary(offset) {
                    let col = t[starts[line]..offset].chars().count() + 1;
                    assert_eq!(f.line_col(offset), (line + 1, col), "offset {offset}");
                }
            }
            assert_eq!(f.line_index(t.len() + 10), starts.len() - 1);
            // Asked out of order: backwards and far ahead of the last answer.
            for _ in 0..200 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let offset = (seed as usize) % (t.len() + 1);
                let line = starts.partition_point(|&s| s <= offset) - 1;
                assert_eq!(f.line_index(offset), line, "offset {offset}");
                if t.is_char_boundary(offset) {
                    let col = t[starts[line]..offset].chars().count() + 1;
                    assert_eq!(f.line_col(offset), (line + 1, col), "offset {offset}");
                }
            }
        }
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
