//! The parsers read files piece by piece; the grammars' whole-file rules are the
//! reference. Both must give the same tree, or the same diagnostic, on every file:
//! every corpus file of each language, then hand-written edge cases and generated
//! text that exercise the pieces' borders (comments between words, quotes, Lua
//! blocks, stray braces) and the fallback to the whole-file parse. An nginx
//! tree's comment runs hold, one for one, the comment nodes the tree had before
//! comments came in runs (the grammar of that time, read by pest's VM).

mod common;

use common::{corpus, manifest};
use fpmlint::source::{FileId, SourceFile, SourceMap, Span};

fn source(text: &str) -> SourceFile {
    SourceFile::new(
        FileId(0),
        "t.conf".into(),
        "t.conf".into(),
        text.as_bytes().to_vec(),
    )
}

/// Ok(whether the file parses) when both readings agree, and the comment runs
/// of the tree are its comments ([`nginx_comments_are_whole`]).
fn nginx_same(file: &SourceFile) -> Result<bool, String> {
    nginx_read(file).map(|comments| comments.is_some())
}

/// [`nginx_same`], with Some((comments, runs)) for a file that parses.
fn nginx_read(file: &SourceFile) -> Result<Option<(usize, usize)>, String> {
    let piecewise = fpmlint::nginx::parse::parse(file);
    let whole = fpmlint::nginx::parse::parse_reference(file);
    if piecewise != whole {
        return Err(format!(
            "{}:\n piece by piece: {piecewise:?}\n whole file:     {whole:?}",
            file.name
        ));
    }
    match &whole {
        Ok(config) => nginx_comments_are_whole(file, config).map(Some),
        Err(_) => Ok(None),
    }
}

/// `grammar/nginx.pest` as it read comments before it read them in runs: one
/// comment to a line, each a node of the tree. pest's VM reads the grammar at
/// run time, with that one rule put back.
fn grammar_of_one_comment_a_line() -> pest_vm::Vm {
    let grammar = include_str!("../grammar/nginx.pest");
    let runs = r##"comment = @{ "#" ~ (!"\n" ~ ANY)* ~ (blank+ ~ "#" ~ (!"\n" ~ ANY)*)* }"##;
    let one = r##"comment = @{ "#" ~ (!"\n" ~ ANY)* }"##;
    assert!(
        grammar.contains(runs),
        "grammar/nginx.pest reads comments in runs"
    );
    let (_, rules) =
        pest_meta::parse_and_optimize(&grammar.replace(runs, one)).expect("the grammar reads");
    pest_vm::Vm::new(rules)
}

thread_local! {
    static ONE_COMMENT_A_LINE: pest_vm::Vm = grammar_of_one_comment_a_line();
}

/// The comment nodes the tree of a file had before comments came in runs
/// (start and end of each), or None when that grammar does not read it. A
/// text without a `#` has none: it is not read (the VM's recursion is deeper
/// than the parsers', too deep for the small-stack test's nesting).
fn comments_before_runs(text: &str) -> Option<Vec<(usize, usize)>> {
    if !text.contains('#') {
        return Some(Vec::new());
    }
    ONE_COMMENT_A_LINE.with(|vm| {
        let pairs = vm.parse("file", text).ok()?;
        Some(
            pairs
                .flatten()
                .filter(|p| p.as_rule() == "comment")
                .map(|p| (p.as_span().start(), p.as_span().end()))
                .collect(),
        )
    })
}

/// Ok((comments, runs)) when every comment run of `config` is a run of whole
/// comments (each from a `#` to the end of its line, only blanks between them),
/// and they are all the file's comments: with their text blanked out, the file
/// reads as the same directives and no comment at all. The comments of the
/// runs are the comment nodes the tree had before comments came in runs, one
/// for one: the tree is the one of that time, its comments grouped.
fn nginx_comments_are_whole(
    file: &SourceFile,
    config: &fpmlint::nginx::ast::Config,
) -> Result<(usize, usize), String> {
    use fpmlint::nginx::ast::Item;
    fn walk(items: &[Item], runs: &mut Vec<fpmlint::nginx::ast::Comment>) -> Vec<Item> {
        let mut kept = Vec::new();
        for item in items {
            match item {
                Item::Comment(c) => runs.push(c.clone()),
                Item::Directive(d) => {
                    let mut d = (**d).clone();
                    if let Some(b) = &mut d.block {
                        b.items = walk(&b.items, runs).into();
                    }
                    kept.push(Item::Directive(triomphe::Arc::new(d)));
                }
            }
        }
        kept
    }
    let mut runs = Vec::new();
    let directives = walk(&config.items, &mut runs);
    let text = file.text.as_bytes();
    let mut blanked = text.to_vec();
    let mut comments = 0;
    let mut each = Vec::new();
    let fail = |why: String| Err(format!("{}: {why}", file.name));
    for run in &runs {
        let mut last: Option<Span> = None;
        for (span, after_hash) in run.lines(file) {
            comments += 1;
            let line = file.slice(span);
            if !line.starts_with('#') || line.contains('\n') || &line[1..] != after_hash {
                return fail(format!("{line:?} is no comment of one line"));
            }
            if text.get(span.end as usize).is_some_and(|&c| c != b'\n') {
                return fail(format!("{line:?} stops before the end of its line"));
            }
            let from = last.map_or(run.span.start, |l| l.end) as usize;
            if !text[from..span.start as usize]
                .iter()
                .all(|c| b" \t\r\n".contains(c))
            {
                return fail(format!("more than blanks before {line:?} in its run"));
            }
            blanked[span.start as usize..span.end as usize].fill(b' ');
            each.push((span.start as usize, span.end as usize));
            last = Some(span);
        }
        if last.map(|l| l.end) != Some(run.span.end) {
            return fail(format!("the lines of run {:?} do not end it", run.span));
        }
    }
    // The tree lists a statement's comments between its words beside it, so
    // both lists are compared in the file's order.
    each.sort_unstable();
    match comments_before_runs(&file.text) {
        Some(mut before) => {
            before.sort_unstable();
            if before != each {
                let first = before.iter().zip(&each).position(|(a, b)| a != b);
                return fail(format!(
                    "its comments are not those of one comment a line: {} for {}, the first difference at {first:?}",
                    each.len(),
                    before.len()
                ));
            }
        }
        None => return fail("the grammar of one comment a line does not read it".into()),
    }
    let blanked = SourceFile::new(file.id, "blanked".into(), "blanked".into(), blanked);
    match fpmlint::nginx::parse::parse_reference(&blanked) {
        Ok(c) if c.items == directives => Ok((comments, runs.len())),
        Ok(c) => {
            let first = c.items.iter().zip(&directives).position(|(a, b)| a != b);
            fail(format!(
                "without its comments it reads otherwise: {} items for {}, the first difference at {first:?}",
                c.items.len(),
                directives.len()
            ))
        }
        Err(e) => fail(format!("without its comments it does not read: {e:?}")),
    }
}

/// Ok(the number of comments) when both readings give the same tree and the same
/// comments, and those are the comments of each line read alone.
fn fpm_same(file: &SourceFile) -> Result<usize, String> {
    let fast = fpmlint::fpm::parse::parse(file);
    let reference = fpmlint::fpm::parse::parse_reference(file);
    if fast != reference {
        return Err(format!(
            "{}:\n parse:     {fast:?}\n reference: {reference:?}",
            file.name
        ));
    }
    let fast_comments: Vec<Span> = fast.0.comments(file).collect();
    let reference_comments: Vec<Span> = reference.0.comments(file).collect();
    let per_line = comments_line_by_line(file);
    if fast_comments != per_line || reference_comments != per_line {
        let show = |v: &[Span]| -> Vec<&str> { v.iter().map(|s| file.slice(*s)).collect() };
        return Err(format!(
            "{}: comments differ\n parse:        {:?}\n reference:    {:?}\n line by line: {:?}",
            file.name,
            show(&fast_comments),
            show(&reference_comments),
            show(&per_line)
        ));
    }
    Ok(per_line.len())
}

/// The comments as the parser gave them one node per line: each physical line
/// (ended by `\n`, `\r\n` or a lone `\r`) parsed alone, every line through the
/// grammar; its comment is its last line when it has one (a line alone makes no
/// run), shifted to the line's offset.
fn comments_line_by_line(file: &SourceFile) -> Vec<Span> {
    let text = &file.text;
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), '\n')]) {
        if c != '\n' && c != '\r' {
            continue;
        }
        let line = source(&text[start..i]);
        let (ini, _) = fpmlint::fpm::parse::parse_reference(&line);
        if let Some(fpmlint::fpm::Line::Comments { span }) = ini.lines.last() {
            let at = |o: u32| start + o as usize;
            out.push(Span::new(file.id, at(span.start), at(span.end)));
        }
        start = i + 1;
    }
    out
}

#[test]
fn corpus_trees_are_identical() {
    let Some(dir) = corpus() else { return };
    let mut sources = SourceMap::confined_to(&dir, false);
    let mut failures = Vec::new();
    let (mut nginx, mut fpm, mut nginx_errors) = (0, 0, 0);
    let (mut comments, mut runs) = (0, 0);
    let (mut nginx_comments, mut nginx_runs) = (0, 0);
    for row in manifest(&dir) {
        let lang = match row.kind.as_str() {
            "nginx" => "nginx",
            "fpm" | "php-ini" => "fpm",
            _ => continue,
        };
        let id = sources
            .load(&dir.join(&row.path))
            .expect("corpus file loads");
        let file = sources.get(id);
        let result = if lang == "nginx" {
            nginx += 1;
            nginx_read(file).map(|read| match read {
                Some((n, r)) => {
                    nginx_comments += n;
                    nginx_runs += r;
                }
                None => nginx_errors += 1,
            })
        } else {
            fpm += 1;
            runs += fpmlint::fpm::parse(file)
                .0
                .lines
                .iter()
                .filter(|l| matches!(l, fpmlint::fpm::Line::Comments { .. }))
                .count();
            fpm_same(file).map(|n| comments += n)
        };
        if let Err(e) = result {
            failures.push(e);
        }
    }
    println!(
        "identical trees: {nginx} nginx files ({nginx_errors} refused; {nginx_comments} comments in \
         {nginx_runs} runs), {fpm} php-fpm and php.ini files ({comments} comments in {runs} runs); {} differ",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(nginx > 1500 && fpm > 200, "the whole corpus is read");
    assert!(nginx_errors >= 3, "the refused files are compared too");
    // Comments come in runs: fewer nodes than comments, in nginx's files too.
    assert!(
        nginx_comments > 4_000 && nginx_runs * 2 < nginx_comments,
        "{nginx_comments} nginx comments in {nginx_runs} runs"
    );
    // Debian's pool and php.ini files are mostly comments, kept as a few runs.
    assert!(
        comments > 20_000 && runs * 4 < comments,
        "{comments} comments in {runs} runs"
    );
}

#[test]
fn nginx_edge_cases_are_identical() {
    let cases = [
        "",
        "\n\n  # only a comment",
        "events {}\nhttp { server { listen 80; } }\n",
        "a b;# c\n#d\nx {#e\n y;}#f\n",
        "server # between\n  # more\n  { listen # in a statement\n 80 ; }\n",
        "location ~ \"^/a b$\" { return 200 'x;y{z}'; }",
        "a \"q\"{ b; }",
        "a 'q';b \"r\"; c \\; d\\{ ;",
        "set $x ${y}z{;",
        "a#b c;",
        "content_by_lua_block { ngx.say(\"}\") -- } \n local t = {a = [[}]]} }\nb c;",
        "\"access_by_lua_block\" { x } y;",
        "location / { rewrite_by_lua_block {\n --[==[ } ]==]\n } }",
        "by_lua_block { a; }",
        "a { b { c { d; } } }\n}",
        "a { b;",
        "a b",
        "a \"b",
        "a \"b\"c;",
        "; a;",
        "{",
        "}",
        "a 'x' ) ;",
        "a \r\n\tb\r\n;",
        "a \u{1a} b;",
        "if ($a ~ \"(x)\") { set $b 1; }",
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| nginx_same(&source(c)).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A file larger than one pest run (64 KB): blocks, comments and Lua bodies cross
/// the runs' borders.
#[test]
fn nginx_runs_across_a_large_file_are_identical() {
    let mut text = String::from("# head\nhttp {\n");
    for i in 0..2_500 {
        let block = "  server { # sN\n    listen 80; server_name \"aN\" 'b';\n    location ~ \\.php$ {\n      content_by_lua_block { ngx.say('}') -- }\n }\n      fastcgi_pass unix:/run/php/N.sock;\n    }\n  }\n";
        text.push_str(&block.replace('N', &i.to_string()));
    }
    text.push_str("}\n# tail");
    assert!(text.len() > 4 * 64 * 1024);
    let file = source(&text);
    assert_eq!(nginx_same(&file), Ok(true));
    assert_read_piece_by_piece(&file);
}

/// The pieces read on their own: `parse` did not fall back to the whole file.
fn assert_read_piece_by_piece(file: &SourceFile) {
    let pieces = fpmlint::nginx::parse::parse_pieces(file).expect("the file parses");
    assert_eq!(pieces, fpmlint::nginx::parse::parse_reference(file).ok());
}

/// A file of many runs without Lua (40 runs of 64 KB), blocks open across
/// them: the runs read on several cores join in the file's order.
#[test]
fn nginx_many_runs_join_in_order() {
    let mut text = String::from("http {\n");
    let mut i = 0;
    while text.len() < 40 * 64 * 1024 {
        let block = "  server { # sN\n    listen 80; server_name \"aN\" 'b';\n    location ~ \\.php$ {\n      fastcgi_pass unix:/run/php/N.sock;\n    }\n  }\n";
        text.push_str(&block.replace('N', &i.to_string()));
        i += 1;
    }
    text.push_str("}\n");
    let file = source(&text);
    assert_eq!(nginx_same(&file), Ok(true));
    assert_read_piece_by_piece(&file);
}

/// Short random texts over the characters that matter to the pieces' borders.
#[test]
fn nginx_generated_text_is_identical() {
    let alphabet: Vec<&str> = vec![
        "a",
        "b",
        " ",
        "\n",
        ";",
        "{",
        "}",
        "#",
        "\"",
        "'",
        "\\",
        "$",
        "${",
        ")",
        "\t",
        "x_by_lua_block",
        "--",
        "[[",
        "]]",
        "[=[",
        "]=]",
        "-",
        "[",
        "=",
        "]",
        "é",
    ];
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
    let mut failures = Vec::new();
    let mut ok = 0;
    let mut lua = 0;
    for i in 0..6_000 {
        let len = next() % 24;
        // Every third text is a Lua block's body: its strings, comments, long
        // brackets and braces.
        let mut text = String::from(if i % 3 == 0 {
            "content_by_lua_block {"
        } else {
            ""
        });
        text.extend((0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]));
        if i % 3 == 0 {
            text.push('}');
            if let Ok(c) = fpmlint::nginx::parse::parse(&source(&text)) {
                lua += usize::from(
                    c.directives()
                        .any(|d| d.block.as_ref().is_some_and(|b| b.raw.is_some())),
                );
            }
        }
        match nginx_same(&source(&text)) {
            Ok(parsed) => ok += usize::from(parsed),
            Err(e) => failures.push(e),
        }
    }
    assert!(ok > 100, "some generated texts parse ({ok})");
    assert!(lua > 50, "some generated Lua blocks parse ({lua})");
    assert!(
        failures.is_empty(),
        "{} differ, first:\n{}",
        failures.len(),
        failures[0]
    );
}

#[test]
fn fpm_edge_cases_are_identical() {
    let cases = [
        "",
        "\n\r\n\r",
        "; comment\n  ;indented\n\u{feff};bom\n[www]\nlisten = 9000 ; x\n",
        "  \t \n[www] listen = 9000\n#x\na = \"b\nc = ${X:-y}\n",
        "\u{feff} ; not a comment line after a BOM and a blank\n",
        "a = (1 | 2\nb = E_ALL & ~E_NOTICE\n   \n\t\n",
        // Runs: blank lines inside, CRLF and lone CR, a trailing comment starting
        // one, bad lines and statements ending one, no newline at the end.
        "\u{feff}; a\r\n\r\n ; b\r\n\t;c\r[www]\r\nx = 1 ;d\r\n;e",
        "; a\n\n\n; b\n#c\n; d\n\u{feff}\u{feff};e\n;f\n\u{feff}\u{feff}\n;g\n  \n",
        "[www] ; s\n; t\nlisten = 9000;u\n\n;v\nbare ; w\n;",
        // `;` inside quotes is no comment; after them it is.
        "a = \"x;y\" ; z\nb = 'p;q'\n;r\nc = \"${A:-;}\" ;s\n[se;c]\nd = \"u ; v",
        "ping.response = pong! ; dropped with its line\n; kept\n",
        ";",
        "\n;x",
        "a = 1 ;",
        ";\u{1a}é\r;\n",
    ];
    let mut failures = Vec::new();
    let mut comments = 0;
    for c in cases {
        match fpm_same(&source(c)) {
            Ok(n) => comments += n,
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Counted by hand (`\u{feff}\u{feff};e` is a key `\u{feff}` and a comment).
    assert_eq!(comments, 30);
}

/// The comments of a file, as `IniFile::comments` gives them from the runs.
#[test]
fn fpm_comments_are_each_line_s_comment() {
    let text =
        "\u{feff}; head\r\n\r\n  ; two\n[www]\r\nlisten = \"/a;b\" ; tail\n\t;\n#bad ; no\n;last";
    let file = source(text);
    let (ini, diags) = fpmlint::fpm::parse::parse(&file);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let got: Vec<&str> = ini.comments(&file).map(|s| file.slice(s)).collect();
    assert_eq!(got, vec!["; head", "; two", "; tail", ";", ";last"]);
    assert_eq!(
        comments_line_by_line(&file),
        ini.comments(&file).collect::<Vec<_>>()
    );
    // Three runs: before `[www]`, after `listen`, after the bad line.
    assert_eq!(
        ini.lines
            .iter()
            .filter(|l| matches!(l, fpmlint::fpm::Line::Comments { .. }))
            .count(),
        3
    );
}

/// Short random php-fpm texts over the characters that matter to comments and
/// runs: both readings and the line-by-line comments agree.
#[test]
fn fpm_generated_text_is_identical() {
    let alphabet = [
        "a", " ", "\t", "\n", "\r", "\r\n", ";", ";", "=", "\"", "'", "#", "[", "]", "\u{feff}",
        "${", "}", "(", "é", "yes",
    ];
    let mut next = xorshift(0x2545_f491_4f6c_dd1d);
    let mut failures = Vec::new();
    let mut comments = 0;
    for _ in 0..4_000 {
        let len = next() % 30;
        let text: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        match fpm_same(&source(&text)) {
            Ok(n) => comments += n,
            Err(e) => failures.push(e),
        }
    }
    assert!(
        failures.is_empty(),
        "{} differ, first:\n{}",
        failures.len(),
        failures[0]
    );
    assert!(
        comments > 1_000,
        "some generated texts hold comments ({comments})"
    );
}

/// pest runs without its stack probe: the deepest nesting the pre-scans accept
/// (100 nginx blocks, 100 Lua brace levels, 64 INI parentheses) must read with
/// the recursive whole-file rules on a spawned thread's default 2 MiB stack.
#[test]
fn deepest_accepted_nesting_reads_on_a_small_stack() {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let blocks = "a {\n".repeat(100) + &"}\n".repeat(100);
            assert_eq!(nginx_same(&source(&blocks)), Ok(true));
            let lua = "content_by_lua_block {".to_string()
                + &"{ [[x]] 'y' -- z\n".repeat(99)
                + &"}".repeat(100);
            assert_eq!(nginx_same(&source(&lua)), Ok(true));
            let parens = format!("a = {}1{}\n", "(".repeat(64), ")".repeat(64));
            let (ini, diags) = fpmlint::fpm::parse::parse_reference(&source(&parens));
            assert!(diags.is_empty(), "{diags:?}");
            assert_eq!(ini.entries().count(), 1);
            assert_eq!(fpm_same(&source(&parens)), Ok(0));
        })
        .expect("spawn")
        .join()
        .expect("no stack overflow");
}

/// xorshift64: the same random texts on every run.
fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
