//! The command line: `fpmlint [PATHS]...`, `fpmlint dump`, `fpmlint rules`,
//! `fpmlint explain`, `fpmlint config`, `fpmlint capacity`, `fpmlint completions`,
//! `fpmlint man`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config, Overrides};
use crate::diag::{Diagnostic, RenderOptions, Severity};
use crate::discover::{self, Options};
use crate::project::{self, Counts, Project};
use crate::report::{self, Format};
use crate::rules;

/// Exit codes.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_TROUBLE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "fpmlint",
    version,
    about = "Lint nginx and PHP-FPM configurations together: find the 502s before the reload",
    args_conflicts_with_subcommands = true,
    after_help = "Output: --format human (code frames) on a terminal, concise (one line per finding) otherwise.\n\
Settings: the nearest .fpmlint.toml above PATHS, or --config FILE; flags override it (`fpmlint config` prints the result).\n\
Suppress a finding: `# fpmlint: ignore[rule-name] reason` above the directive or at the end of its line (`;` in php-fpm files); \
a category (`ignore[runtime]`) or `ignore[all]` names several rules.\n\
Exit status: 0 clean, 1 findings at or above --fail-on (default warning: errors and warnings fail, info does not), \
2 could not check (bad usage, unreadable input, bad configuration file, nothing to lint)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print every parsed file and the models built from them, as JSON.
    Dump(DumpArgs),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// The rule name, e.g. fastcgi-pass-unmatched.
        name: String,
    },
    /// Print the effective configuration: the .fpmlint.toml found from PATHS (or
    /// --config), with the flags applied, and the rules that run.
    Config(LintArgs),
    /// Print, per host, what its pools can hold: pm.max_children, memory_limit,
    /// worst-case memory, effective backlog, the nginx requests that reach each
    /// pool, and the host's memory and net.core.somaxconn with their origin
    /// (--format json for JSON).
    Capacity(LintArgs),
    /// Print a completion script for a shell.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `fpmlint man > fpmlint.1`.
    Man,
}

#[derive(Args, Debug, Clone)]
pub struct Where {
    /// Files or directories to check: a sysroot such as / or /etc, a repository of
    /// config files, or single files; - reads standard input (nginx -T output too).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// An nginx entry point (main nginx.conf) to check.
    #[arg(long, value_name = "FILE")]
    pub nginx: Vec<PathBuf>,
    /// A php-fpm entry point (php-fpm.conf or a pool file) to check.
    #[arg(long, value_name = "FILE")]
    pub fpm: Vec<PathBuf>,
    /// The directory that stands for / when resolving absolute paths in configs.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Largest file to read, in bytes (k, m, g suffixes); bigger files are reported
    /// and not checked [default: 64m].
    #[arg(long, value_name = "SIZE", value_parser = parse_file_size)]
    pub max_file_size: Option<u64>,
    /// Most bytes to read across all files; files past it are reported and not
    /// checked [default: 256m].
    #[arg(long, value_name = "SIZE", value_parser = parse_file_size)]
    pub max_total_size: Option<u64>,
}

fn parse_file_size(s: &str) -> Result<u64, String> {
    crate::units::nginx_offset(s)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?} is not a size such as 200m or 1g"))
}

#[derive(Args, Debug, Clone)]
pub struct LintArgs {
    #[command(flatten)]
    pub place: Where,
    /// Print only the findings, no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Output format [default: human on a terminal, concise otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Run only these rules or categories (comma-separated; replaces `select` of
    /// .fpmlint.toml).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Do not run these rules or categories (comma-separated; added to `ignore` of
    /// .fpmlint.toml).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit with status 1 when a finding has this severity or a higher one
    /// [default: warning].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// The configuration file to use, instead of the nearest .fpmlint.toml above PATHS.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// The nginx worker user (USER or USER:GROUP) when nginx.conf has no `user`
    /// directive: nginx's compiled-in default [default: nobody, or `nginx-user` in
    /// .fpmlint.toml].
    #[arg(long, value_name = "USER")]
    pub nginx_user: Option<String>,
    /// Leave paths matching PATTERN out of directory walks (gitignore syntax,
    /// relative to the current directory; repeatable; added to `exclude` of
    /// .fpmlint.toml). Files named on the command line are always checked.
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    /// Walk into what git ignores too (by default, inside a git repository,
    /// .gitignore, .git/info/exclude and the global excludes file are followed).
    #[arg(long)]
    pub no_respect_gitignore: bool,
    /// Write the --format output to FILE; standard output then shows the findings
    /// as --stdout-format says, so one run gives a log and a report.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// The format on standard output when --output-file is given [default: human on
    /// a terminal, concise otherwise].
    #[arg(long, value_enum, value_name = "FORMAT", requires = "output_file")]
    pub stdout_format: Option<Format>,
    /// Print how many findings each rule has, instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Print, per host, every file read and the role it played (and the files
    /// not linted, with the reason), instead of the findings.
    #[arg(long)]
    pub list_files: bool,
    /// Exit with status 0 even when there are findings (2 still means that
    /// something could not be checked).
    #[arg(long)]
    pub exit_zero: bool,
}

#[derive(Args, Debug)]
pub struct DumpArgs {
    #[command(flatten)]
    pub place: Where,
    #[arg(long, value_enum, default_value_t = DumpFormat::Json)]
    pub format: DumpFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `--fail-on`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DumpFormat {
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Text,
    Json,
}

/// Parse arguments and run; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_CLEAN
            };
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = match cli.command {
        Some(Command::Dump(args)) => dump(&args, &mut out),
        Some(Command::Rules { format }) => list_rules(format, &mut out),
        Some(Command::Explain { name }) => explain(&name, &mut out),
        Some(Command::Config(args)) => show_config(&args, &mut out),
        Some(Command::Capacity(args)) => capacity(&args, &mut out),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "fpmlint", &mut out);
            EXIT_CLEAN
        }
        Some(Command::Man) => match clap_mangen::Man::new(Cli::command()).render(&mut out) {
            Ok(()) => EXIT_CLEAN,
            Err(e) => {
                eprintln!("fpmlint: cannot write the man page: {e}");
                EXIT_TROUBLE
            }
        },
        None => lint(&cli.lint, &mut out),
    };
    let _ = out.flush();
    code
}

fn options(w: &Where) -> Options {
    Options {
        root: w.root.clone(),
        nginx: w.nginx.clone(),
        fpm: w.fpm.clone(),
        max_file_size: w.max_file_size,
        max_total_size: w.max_total_size,
        exclude: Default::default(),
    }
}

fn paths_or_dot(w: &Where) -> Vec<PathBuf> {
    if w.paths.is_empty() && w.nginx.is_empty() && w.fpm.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        w.paths.clone()
    }
}

/// A file given to the wrong flag (`--fpm nginx.conf`, `--nginx www.conf`), told
/// from its first lines: which flag it wants.
pub fn wrong_flag(w: &Where) -> Option<String> {
    use discover::Kind;
    // Through the confined reader: a FIFO or a device named on the command line
    // is not read (and cannot block).
    let sniff = |f: &PathBuf| {
        let abs = std::path::absolute(f).ok()?;
        let mut confine = crate::confine::Confinement::new();
        confine.add_root(abs.parent()?, false);
        if let Some(dir) = std::fs::canonicalize(&abs)
            .ok()
            .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
        {
            confine.add_root(&dir, false);
        }
        let bytes = confine.read(&abs, 256 * 1024, true).ok()?;
        Some(discover::sniff(&String::from_utf8_lossy(&bytes)))
    };
    for f in &w.fpm {
        if let Some(Kind::NginxMain | Kind::Nginx) = sniff(f) {
            let f = f.display();
            return Some(format!(
                "--fpm {f}: this is an nginx configuration (its lines are nginx directives), \
                 not php-fpm's: give it with --nginx {f}, or as a PATH (fpmlint {f})"
            ));
        }
    }
    for f in &w.nginx {
        if let Some(Kind::FpmMain | Kind::FpmPool) = sniff(f) {
            let f = f.display();
            return Some(format!(
                "--nginx {f}: this is a php-fpm configuration (its lines are php-fpm settings), \
                 not nginx's: give it with --fpm {f}, or as a PATH (fpmlint {f})"
            ));
        }
    }
    None
}

/// Load what the arguments name. Paths are shown relative to the working directory.
pub fn load(w: &Where) -> (Project, Vec<PathBuf>) {
    load_excluding(w, Default::default(), Default::default())
}

/// Reading and parsing leave freed memory behind in the allocator's heaps (the
/// parsers' working space, on both cores): glibc keeps it, written and so
/// resident, for later use, which the rules do not need. Returned to the system
/// once the project is loaded, it no longer counts in the peak (measured: 4 MB
/// of a 20 MB file's peak; README "Performance").
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_freed_memory() {
    // SAFETY: malloc_trim only returns free memory of glibc's heaps to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_freed_memory() {}

/// `load`, with directory walks leaving out what `exclude` says, and the
/// models built with the run's options (the declared targets).
pub fn load_excluding(
    w: &Where,
    exclude: crate::exclude::Exclude,
    run: project::Options,
) -> (Project, Vec<PathBuf>) {
    let paths = paths_or_dot(w);
    let base = std::env::current_dir().ok();
    let plan = discover::discover(
        &paths,
        &Options {
            exclude,
            ..options(w)
        },
    );
    (project::load_with(plan, base, run), paths)
}

/// Colour on a stream: `--color`, then `NO_COLOR` (set and not empty: none),
/// then `FORCE_COLOR` (set and not empty) or `CLICOLOR_FORCE` (set and not 0):
/// colour even in a pipe or a CI log; else colour on a terminal only.
fn use_color_on(choice: ColorChoice, terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set("NO_COLOR").is_some() {
                false
            } else if set("FORCE_COLOR").is_some()
                || set("CLICOLOR_FORCE").is_some_and(|v| v != "0")
            {
                true
            } else {
                terminal
            }
        }
    }
}

fn use_color(choice: ColorChoice) -> bool {
    use_color_on(choice, std::io::stdout().is_terminal())
}

/// The width to wrap the human format at: the terminal's (at least 40), or 100
/// columns when standard output is not a terminal.
fn width() -> usize {
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(w, _)| usize::from(w.0).max(40))
        .unwrap_or(100)
}

/// The configuration for a run: the file (found, named, or none), then the flags.
/// Errors are printed; the result is the exit code.
pub fn settings(args: &LintArgs) -> Result<Config, i32> {
    let file = if args.no_config {
        None
    } else if let Some(f) = &args.config {
        Some(f.clone())
    } else {
        let mut starts = paths_or_dot(&args.place);
        starts.extend(args.place.nginx.iter().cloned());
        starts.extend(args.place.fpm.iter().cloned());
        match config::find(&starts) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("fpmlint: {e}");
                return Err(EXIT_TROUBLE);
            }
        }
    };
    let mut c = match file {
        Some(f) => config::load(&f, args.config.is_some()).map_err(|e| {
            let opts = RenderOptions {
                color: use_color_on(args.color, std::io::stderr().is_terminal()),
                width: width(),
            };
            eprint!("{}", e.render(opts));
            EXIT_TROUBLE
        })?,
        None => Config::default(),
    };
    let o = Overrides {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on.map(FailOn::severity),
        nginx_user: args.nginx_user.clone(),
        exclude: args.exclude.clone(),
        no_respect_gitignore: args.no_respect_gitignore,
    };
    c.apply(&o).map_err(|e| {
        eprintln!("fpmlint: {e}");
        EXIT_TROUBLE
    })?;
    Ok(c)
}

/// `fpmlint config`.
fn show_config(args: &LintArgs, out: &mut dyn Write) -> i32 {
    match settings(args) {
        Ok(c) => {
            let _ = write!(out, "{}", c.describe());
            EXIT_CLEAN
        }
        Err(code) => code,
    }
}

/// `fpmlint capacity [PATHS]`.
fn capacity(args: &LintArgs, out: &mut dyn Write) -> i32 {
    let json = match args.format {
        None | Some(Format::Human) => false,
        Some(Format::Json) => true,
        Some(_) => {
            eprintln!("fpmlint: capacity prints a table (--format human) or JSON (--format json)");
            return EXIT_TROUBLE;
        }
    };
    let config = match settings(args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let exclude = match config.exclusions() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("fpmlint: {e}");
            return EXIT_TROUBLE;
        }
    };
    let (project, _) = load_excluding(&args.place, exclude, config.options.clone());
    let hosts = report::capacity::hosts(&project);
    if json {
        let _ = serde_json::to_writer_pretty(&mut *out, &hosts);
        let _ = writeln!(out);
    } else {
        let _ = write!(
            out,
            "{}",
            crate::text::ci_safe(report::capacity::render_text(&hosts))
        );
    }
    if project.incomplete() || hosts.is_empty() {
        if hosts.is_empty() {
            eprintln!("fpmlint: no php-fpm pool found");
        }
        EXIT_TROUBLE
    } else {
        EXIT_CLEAN
    }
}

/// `fpmlint [PATHS]`.
pub fn lint(args: &LintArgs, out: &mut dyn Write) -> i32 {
    let started = Instant::now();
    let config = match settings(args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Some(why) = wrong_flag(&args.place) {
        eprintln!("fpmlint: {why}");
        return EXIT_TROUBLE;
    }
    let exclude = match config.exclusions() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("fpmlint: {e}");
            return EXIT_TROUBLE;
        }
    };
    let (mut project, paths) = load_excluding(&args.place, exclude, config.options.clone());
    project.notes = crate::model::capacity::unknown_notes(&project, |r| config.active(r));
    give_back_freed_memory();
    let findings = check_with(&project, &config);

    let terminal = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or_else(|| Format::default_for(terminal));
    let opts = RenderOptions {
        color: use_color(args.color),
        width: width(),
    };
    let mut r = report::Report {
        project: &project,
        findings: &findings,
        render: opts,
    };
    // With --output-file, the format's output goes to the file (never coloured),
    // and standard output gets --stdout-format.
    let shown = match &args.output_file {
        Some(file) => {
            r.render.color = false;
            if let Err(e) = std::fs::write(file, report::render(format, &r)) {
                eprintln!("fpmlint: cannot write {}: {e}", file.display());
                return EXIT_TROUBLE;
            }
            r.render = opts;
            args.stdout_format
                .unwrap_or_else(|| Format::default_for(terminal))
        }
        None => format,
    };
    let document = shown.is_document() && !args.statistics && !args.list_files;
    if args.list_files {
        let _ = write!(
            out,
            "{}",
            crate::text::ci_safe(report::files::render(&project))
        );
    } else if args.statistics {
        let _ = write!(out, "{}", statistics(&findings));
    } else {
        let _ = report::write(shown, &r, out);
    }
    // A format whose output is one document keeps it clean: the rest goes to stderr.
    let mut say = |line: String| {
        // Paths in it come from the command line and the tree: one line, safe.
        let line = crate::text::ci_safe(report::one_line(&line).into_owned());
        if document {
            eprintln!("{line}");
        } else {
            let _ = writeln!(out, "{line}");
        }
    };

    let nothing = project.nginx.is_empty() && project.fpm.is_empty() && project.apache.is_empty();
    if nothing && project.problems.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let templates = project
            .skipped
            .iter()
            .filter(|(_, why)| why.starts_with("a template"))
            .count();
        let hint = if templates > 0 {
            format!(
                " ({} skipped: lint the files they render to; `--list-files` names them)",
                plural(templates, "template", "templates")
            )
        } else {
            String::new()
        };
        say(format!(
            "fpmlint: nothing to lint in {}: no nginx, php-fpm or Apache configuration found{hint}",
            shown.join(", ")
        ));
        return EXIT_TROUBLE;
    }
    let counts = Counts::of(&findings);
    if !args.quiet {
        say(summary(&project, &counts, started));
    }
    let code = if project.incomplete() {
        EXIT_TROUBLE
    } else if !args.exit_zero && findings.iter().any(|d| d.severity <= config.fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    // Freeing every tree takes a tenth of a large run, and the process exits
    // right after (nothing in them holds a file or a buffer to flush): the
    // system takes the memory back at the exit.
    std::mem::forget((project, findings));
    code
}

/// `--statistics`: the number of findings of each rule, most first.
pub fn statistics(findings: &[Diagnostic]) -> String {
    let mut counts: Vec<(&str, Severity, usize)> = Vec::new();
    for d in findings {
        match counts
            .iter_mut()
            .find(|(r, s, _)| *r == d.rule && *s == d.severity)
        {
            Some(c) => c.2 += 1,
            None => counts.push((d.rule, d.severity, 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)).then(a.0.cmp(b.0)));
    let w = counts
        .iter()
        .map(|c| c.2.to_string().len())
        .max()
        .unwrap_or(1);
    let rw = counts.iter().map(|c| c.0.len()).max().unwrap_or(0);
    counts
        .iter()
        .map(|(rule, sev, n)| format!("{n:>w$}  {rule:<rw$}  {sev}\n"))
        .collect()
}

/// Every finding rendered, then what could not be read.
pub fn render_findings(project: &Project, findings: &[Diagnostic], opts: RenderOptions) -> String {
    report::human::render(project, findings, opts)
}

/// What `fpmlint PATHS` reports with the default configuration.
pub fn check(project: &Project) -> Vec<Diagnostic> {
    check_with(project, &Config::default())
}

/// The runner, the one place that decides what is reported: the loader's and the
/// active rules' findings, less the ignored rules and paths and the suppressed
/// findings, plus unused-suppression, at their configured severities, sorted.
/// Every output format prints this.
///
/// What says the check is incomplete ([`project::could_not_check`]: syntax errors,
/// includes that cannot be followed, unreadable files, limits) is always
/// reported, at its own severity: no selection, ignore, severity override or
/// suppression comment removes it, since the input itself could otherwise hide
/// what it does not let fpmlint read.
pub fn check_with(project: &Project, config: &Config) -> Vec<Diagnostic> {
    let (forced, findings): (Vec<Diagnostic>, Vec<Diagnostic>) = project
        .diagnostics
        .iter()
        .cloned()
        .partition(project::could_not_check);
    // The rules read the project and nothing else: each runs on whichever core
    // is free, and their findings join in the rules' order.
    let active: Vec<&dyn rules::Rule> = rules::rules()
        .filter(|r| config.active(r.meta().name))
        .collect();
    let run = |r: &&dyn rules::Rule| {
        let mut out = Vec::new();
        r.check(project, &mut out);
        // Pushed one by one: give back what the doubling left unused (a large
        // tree's rule can find thousands).
        out.shrink_to_fit();
        out
    };
    // A small tree is checked on one thread: starting the pool would cost more
    // than it saves. A few large files are as much work as many small ones.
    let bytes: usize = project.sources.files().map(|f| f.text.len()).sum();
    let small = project.sources.len() < crate::discover::PARALLEL_FILES
        && bytes < crate::discover::PARALLEL_BYTES;
    let found: Vec<Vec<Diagnostic>> = if small {
        active.iter().map(run).collect()
    } else {
        use rayon::prelude::*;
        // What many rules read, made before they start, side by side: a rule
        // that waited for another to make it would hold its core idle.
        rayon::join(|| project.links(), || project.placements());
        active.par_iter().map(run).collect()
    };
    // In order, into the first list that holds any: the others are appended
    // to it (a large list grows in place, where a copy would hold it twice).
    let mut lists = std::iter::once(findings)
        .chain(found)
        .filter(|f| !f.is_empty());
    let mut findings = lists.next().unwrap_or_default();
    let rest: Vec<Vec<Diagnostic>> = lists.collect();
    findings.reserve_exact(rest.iter().map(Vec::len).sum());
    for f in rest {
        findings.extend(f);
    }
    let mut findings = crate::suppress::settle(project, config, findings);
    findings.extend(forced);
    crate::diag::sort_and_fold(&mut findings);
    findings
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closing line: what was checked, what was found, how long it took.
pub fn summary(project: &Project, c: &Counts, started: Instant) -> String {
    let held = |mains: usize, fragments: usize, apache: (usize, usize), pools: usize| {
        let mut checked = vec![plural(mains, "nginx tree", "nginx trees")];
        if fragments > 0 {
            checked.push(plural(fragments, "nginx fragment", "nginx fragments"));
        }
        if apache.0 > 0 {
            checked.push(plural(apache.0, "Apache config", "Apache configs"));
        }
        if apache.1 > 0 {
            checked.push(if apache.1 == 1 {
                "1 Apache fragment (no Apache main file includes it: its modules are unknown)"
                    .to_string()
            } else {
                format!(
                    "{} Apache fragments (no Apache main file includes them: their modules are unknown)",
                    apache.1
                )
            });
        }
        checked.push(plural(pools, "php-fpm pool", "php-fpm pools"));
        checked.join(", ")
    };
    let hosts = project.host_summaries();
    let files = plural(project.sources.len(), "file", "files");
    let what = if hosts.len() > 1 {
        let each: Vec<String> = hosts
            .iter()
            .map(|h| {
                format!(
                    "{}: {}",
                    h.name,
                    held(
                        h.nginx_trees,
                        h.nginx_fragments,
                        (h.apache_trees, h.apache_fragments),
                        h.pools
                    )
                )
            })
            .collect();
        format!(
            "checked {} ({}) in {files}",
            plural(hosts.len(), "host", "hosts"),
            each.join("; ")
        )
    } else {
        let mains = project.nginx_mains().count();
        let fragments = project.nginx.len() - mains;
        format!(
            "checked {} in {files}",
            held(
                mains,
                fragments,
                (
                    project.apache.iter().filter(|t| !t.ctx.fragment).count(),
                    project.apache.iter().filter(|t| t.ctx.fragment).count(),
                ),
                project.pools().count()
            )
        )
    };
    let found = if c.errors + c.warnings + c.infos == 0 {
        if project.incomplete() {
            "no findings in what could be read".to_string()
        } else {
            "no findings".to_string()
        }
    } else {
        format!(
            "{}, {}, {}",
            plural(c.errors, "error", "errors"),
            plural(c.warnings, "warning", "warnings"),
            plural(c.infos, "info", "infos")
        )
    };
    let incomplete = if project.incomplete() {
        format!(
            "; INCOMPLETE: {} kept fpmlint from checking everything",
            plural(
                project.problems.len()
                    + project
                        .diagnostics
                        .iter()
                        .filter(|d| project::could_not_check(d))
                        .count(),
                "problem",
                "problems"
            )
        )
    } else {
        String::new()
    };
    let not_followed = match project.sources.not_followed {
        0 => String::new(),
        n => format!(
            "; {} of standard input not read from disk",
            plural(n, "include", "includes")
        ),
    };
    let skipped = match project.cross_file_skipped() {
        Some(why) if !project.nginx.is_empty() && hosts.len() <= 1 => {
            format!("; nginx <-> php-fpm checks skipped: {why}")
        }
        _ if hosts.len() <= 1 => match hosts.first().and_then(|h| h.missing) {
            Some("nginx") => {
                "; nginx <-> php-fpm checks skipped: no nginx configuration was found".into()
            }
            _ => String::new(),
        },
        _ => hosts
            .iter()
            .filter_map(|h| h.missing_note())
            .map(|n| format!("; {n}"))
            .collect(),
    };
    let notes: String = project.notes.iter().map(|n| format!("; {n}")).collect();
    format!(
        "fpmlint: {what}: {found}{incomplete}{not_followed}{skipped}{notes} ({:.1} ms)",
        started.elapsed().as_secs_f64() * 1000.0
    )
}

fn dump(args: &DumpArgs, out: &mut dyn Write) -> i32 {
    if let Some(why) = wrong_flag(&args.place) {
        eprintln!("fpmlint: {why}");
        return EXIT_TROUBLE;
    }
    // What .fpmlint.toml declares (targets, host limits) is part of the model.
    let mut starts = paths_or_dot(&args.place);
    starts.extend(args.place.nginx.iter().cloned());
    starts.extend(args.place.fpm.iter().cloned());
    let options = match config::find(&starts) {
        Ok(Some(f)) => match config::load(&f, false) {
            Ok(c) => c.options,
            Err(e) => {
                let opts = RenderOptions {
                    color: use_color_on(ColorChoice::Auto, std::io::stderr().is_terminal()),
                    width: width(),
                };
                eprint!("{}", e.render(opts));
                return EXIT_TROUBLE;
            }
        },
        Ok(None) => Default::default(),
        Err(e) => {
            eprintln!("fpmlint: {e}");
            return EXIT_TROUBLE;
        }
    };
    let (project, _) = load_excluding(&args.place, Default::default(), options);
    let value = crate::dump::dump(&project);
    let _ = serde_json::to_writer_pretty(&mut *out, &value);
    let _ = writeln!(out);
    if project.incomplete() || (project.nginx.is_empty() && project.fpm.is_empty()) {
        EXIT_TROUBLE
    } else {
        EXIT_CLEAN
    }
}

fn list_rules(format: ListFormat, out: &mut dyn Write) -> i32 {
    let all = rules::all_meta();
    match format {
        ListFormat::Json => {
            let _ = serde_json::to_writer_pretty(&mut *out, &all);
            let _ = writeln!(out);
        }
        ListFormat::Text => {
            let w = all.iter().map(|m| m.name.len()).max().unwrap_or(0);
            let _ = writeln!(
                out,
                "{:<w$}  {:<7}  {:<11}  SUMMARY",
                "RULE", "DEFAULT", "CATEGORY"
            );
            for m in all {
                let _ = writeln!(
                    out,
                    "{:<w$}  {:<7}  {:<11}  {}",
                    m.name,
                    m.severity.as_str(),
                    format!("{:?}", m.category).to_lowercase(),
                    m.summary
                );
            }
            let _ = writeln!(
                out,
                "fpmlint explain NAME prints a rule's documentation; .fpmlint.toml and --select, \
                 --ignore choose the rules that run."
            );
        }
    }
    EXIT_CLEAN
}

fn explain(name: &str, out: &mut dyn Write) -> i32 {
    match rules::find(name) {
        Some(m) => {
            let _ = write!(out, "{}", m.doc);
            EXIT_CLEAN
        }
        None => {
            let names: Vec<&str> = rules::all_meta().iter().map(|m| m.name).collect();
            let hint = crate::text::did_you_mean(name, names.iter().copied())
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            eprintln!("fpmlint: no rule named {name}{hint}; `fpmlint rules` lists them");
            EXIT_TROUBLE
        }
    }
}
