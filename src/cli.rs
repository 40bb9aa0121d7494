//! The command line: `fpmlint [PATHS]...`, `fpmlint dump`, `fpmlint rules`,
//! `fpmlint explain`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{self, Diagnostic, RenderOptions};
use crate::discover::{self, Options};
use crate::project::{self, Counts, Project};
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
    after_help = "Exit status: 0 clean, 1 findings (errors or warnings), 2 could not check (bad usage, unreadable input, nothing to lint)."
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
    /// The nginx worker user (USER or USER:GROUP) when nginx.conf has no `user`
    /// directive: nginx's compiled-in default.
    #[arg(long, value_name = "USER", default_value = "nobody")]
    pub nginx_user: String,
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
    }
}

fn paths_or_dot(w: &Where) -> Vec<PathBuf> {
    if w.paths.is_empty() && w.nginx.is_empty() && w.fpm.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        w.paths.clone()
    }
}

/// Load what the arguments name. Paths are shown relative to the working directory.
pub fn load(w: &Where) -> (Project, Vec<PathBuf>) {
    let paths = paths_or_dot(w);
    let plan = discover::discover(&paths, &options(w));
    let base = std::env::current_dir().ok();
    (project::load(plan, base), paths)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// `fpmlint [PATHS]`.
pub fn lint(args: &LintArgs, out: &mut dyn Write) -> i32 {
    let started = Instant::now();
    let (mut project, paths) = load(&args.place);
    project.options.nginx_user = args.nginx_user.clone();
    let findings = check(&project);

    let opts = RenderOptions {
        color: use_color(args.color),
        width: 100,
    };
    let _ = write!(out, "{}", render_findings(&project, &findings, opts));

    let nothing = project.nginx.is_empty() && project.fpm.is_empty();
    if nothing && project.problems.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let _ = writeln!(
            out,
            "fpmlint: nothing to lint in {}: no nginx or php-fpm configuration found",
            shown.join(", ")
        );
        return EXIT_TROUBLE;
    }
    let counts = Counts::of(&findings);
    if !args.quiet {
        let _ = writeln!(out, "{}", summary(&project, &counts, started));
    }
    if project.incomplete() {
        EXIT_TROUBLE
    } else if counts.errors + counts.warnings > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Every finding rendered, then what could not be read.
pub fn render_findings(project: &Project, findings: &[Diagnostic], opts: RenderOptions) -> String {
    let mut s = String::new();
    for d in findings {
        s.push_str(&diag::render(&project.sources, d, opts));
        s.push('\n');
    }
    for p in &project.problems {
        s.push_str(&format!(
            "error: {}\n",
            crate::text::escape_control(&p.message)
        ));
    }
    s
}

/// Load, run the rules, sort: what `fpmlint PATHS` reports.
pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut findings: Vec<Diagnostic> = project.diagnostics.clone();
    findings.extend(rules::run(project));
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
    findings
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closing line: what was checked, what was found, how long it took.
pub fn summary(project: &Project, c: &Counts, started: Instant) -> String {
    let mains = project.nginx_mains().count();
    let fragments = project.nginx.len() - mains;
    let pools = project.pools().count();
    let mut checked = vec![plural(mains, "nginx tree", "nginx trees")];
    if fragments > 0 {
        checked.push(plural(fragments, "nginx fragment", "nginx fragments"));
    }
    checked.push(plural(pools, "php-fpm pool", "php-fpm pools"));
    let what = format!(
        "checked {} in {}",
        checked.join(", "),
        plural(project.sources.len(), "file", "files")
    );
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
            "; INCOMPLETE: {} could not be read",
            plural(
                project.problems.len()
                    + project
                        .diagnostics
                        .iter()
                        .filter(|d| d.rule == project::UNREADABLE)
                        .count(),
                "file",
                "files"
            )
        )
    } else {
        String::new()
    };
    let skipped = match project.cross_file_skipped() {
        Some(why) if !project.nginx.is_empty() => {
            format!("; nginx <-> php-fpm checks skipped: {why}")
        }
        _ => String::new(),
    };
    format!(
        "fpmlint: {what}: {found}{incomplete}{skipped} ({:.1} ms)",
        started.elapsed().as_secs_f64() * 1000.0
    )
}

fn dump(args: &DumpArgs, out: &mut dyn Write) -> i32 {
    let (project, _) = load(&args.place);
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
