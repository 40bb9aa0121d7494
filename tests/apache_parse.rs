//! The Apache reader: words, quotes, continuations, comments and sections as httpd
//! reads them, and every section error worded as `apache2 -t` words it.
//!
//! The httpd messages asserted here were printed by Apache 2.4.71 (Debian 12) for
//! the same text, run as `apache2 -t -d ROOT -f ROOT/t.conf` with a throwaway
//! ServerRoot (mpm_event loaded with `-C`); what it printed is quoted above each
//! case as `apache2:`.

use fpmlint::apache::{self, Conditional, Config, DirectiveKind, Item, Node, Quote, SectionKind};
use fpmlint::diag::Diagnostic;
use fpmlint::source::{FileId, SourceFile};

fn file(text: &str) -> SourceFile {
    SourceFile::new(FileId(0), "t.conf".into(), "t.conf".into(), text.into())
}

fn ok(text: &str) -> Config {
    let f = file(text);
    match apache::parse(&f) {
        Ok(c) => c,
        Err(d) => panic!("refused {text:?}: {}", d.message),
    }
}

fn err(text: &str) -> (Box<Diagnostic>, SourceFile) {
    let f = file(text);
    match apache::parse(&f) {
        Ok(c) => panic!("accepted {text:?}: {c:?}"),
        Err(d) => {
            assert_eq!(d.rule, "apache-syntax");
            (d, f)
        }
    }
}

/// Name and argument values of every directive, depth-first.
fn lines(c: &Config) -> Vec<Vec<String>> {
    c.directives()
        .map(|(d, _)| {
            std::iter::once(&d.name)
                .chain(&d.args)
                .map(|a| a.value.clone())
                .collect()
        })
        .collect()
}

fn words(text: &str) -> Vec<Vec<String>> {
    lines(&ok(text))
}

fn v(items: &[&[&str]]) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|l| l.iter().map(|s| s.to_string()).collect())
        .collect()
}

// ------------------------------------------------------------------ words

#[test]
fn words_are_split_by_blanks() {
    assert_eq!(
        words("ServerName  www.example.com\n\tServerAlias a b\t c\n"),
        v(&[
            &["ServerName", "www.example.com"],
            &["ServerAlias", "a", "b", "c"]
        ])
    );
}

#[test]
fn double_and_single_quotes() {
    // ap_getword_conf: inside quotes only \\ and \<that quote> are escapes, the
    // other quote is literal.
    let c = ok(r#"Header set X "a \"b\" 'c' \\ \n" 'd \'e\' "f"'"#);
    let d = c.directives().next().unwrap().0;
    assert_eq!(d.args[2].value, r#"a "b" 'c' \ \n"#);
    assert_eq!(d.args[2].quote, Quote::Double);
    assert!(d.args[2].closed);
    assert_eq!(d.args[3].value, r#"d 'e' "f""#);
    assert_eq!(d.args[3].quote, Quote::Single);
}

#[test]
fn unquoted_words_keep_quotes_and_unescape_only_backslashes() {
    assert_eq!(
        words(r#"SetEnvIf a"b c\\d e\"f"#),
        v(&[&["SetEnvIf", "a\"b", "c\\d", "e\\\"f"]])
    );
}

#[test]
fn a_closing_quote_ends_the_word() {
    // apache-fpm-semantics A3: "abc"def is two words.
    assert_eq!(words(r#"X "abc"def"#), v(&[&["X", "abc", "def"]]));
}

#[test]
fn an_unterminated_quote_runs_to_the_end_of_the_line() {
    // httpd says nothing: `Include "/nx/unterminated x` reads /nx/unterminated x.
    let c = ok("Include \"/nx/unterminated x   \nServerName a\n");
    let (d, _) = c.directives().next().unwrap();
    assert_eq!(d.args[0].value, "/nx/unterminated x");
    assert!(!d.args[0].closed);
    assert_eq!(d.args[0].raw, "\"/nx/unterminated x");
    assert_eq!(lines(&c)[1], vec!["ServerName", "a"]);
}

#[test]
fn an_empty_quoted_word_is_a_word() {
    assert_eq!(words(r#"ServerRoot """#), v(&[&["ServerRoot", ""]]));
}

#[test]
fn a_line_with_an_empty_first_word_is_ignored() {
    assert_eq!(words("\"\" x\nA b\n"), v(&[&["A", "b"]]));
}

#[test]
fn spans_are_exact() {
    let text = "<VirtualHost *:80>\n  DocumentRoot \"/var/www\"  \n</VirtualHost>\n";
    let f = file(text);
    let c = apache::parse(&f).unwrap();
    let Item::Section(s) = &c.items[0] else {
        panic!()
    };
    assert_eq!(f.slice(s.open), "<VirtualHost *:80>");
    assert_eq!(f.slice(s.tag.span), "<VirtualHost");
    assert_eq!(f.slice(s.args[0].span), "*:80");
    assert_eq!(f.slice(s.close.unwrap()), "</VirtualHost>");
    let Item::Directive(d) = &s.items[0] else {
        panic!()
    };
    assert_eq!(f.slice(d.span), "DocumentRoot \"/var/www\"");
    assert_eq!(f.slice(d.args[0].span), "\"/var/www\"");
    assert_eq!(f.slice(s.full_span()), text.trim_end());
}

// ------------------------------------------------------------------ lines

#[test]
fn backslash_newline_joins_lines_with_nothing_between() {
    // apache2: `Server\` + `Admin a@b` is ServerAdmin a@b (Syntax OK).
    assert_eq!(
        words("Server\\\nAdmin a@b\n"),
        v(&[&["ServerAdmin", "a@b"]])
    );
    // The next line's leading blanks are kept: `Time\` + `  out 30` is Time, out, 30.
    assert_eq!(words("Time\\\n  out 30\n"), v(&[&["Time", "out", "30"]]));
    // CRLF continuation, and a continuation inside quotes.
    assert_eq!(words("A \"b\\\r\nc\" d\r\n"), v(&[&["A", "bc", "d"]]));
    // No escaped-backslash exception: `a\\` + `Foo` is `a\Foo`.
    assert_eq!(
        words("ServerAdmin a\\\\\nFoo\n"),
        v(&[&["ServerAdmin", "a\\Foo"]])
    );
    // httpd tests the joined text: `b\\` + newline leaves `b\`, so the empty line
    // after it continues too (apache2 reads `Define W a\\` + empty line + `b` as
    // W=ab).
    assert_eq!(words("A b\\\\\n\nC d\n"), v(&[&["A", "bC", "d"]]));
    assert_eq!(words("A b\\\\\n\\\n\r\nC d\n"), v(&[&["A", "bC", "d"]]));
    // Not after a line with more on it: `b\\` + `x\` + empty line.
    assert_eq!(
        words("A b\\\\\nx\\\n\nC d\n"),
        v(&[&["A", "b\\x"], &["C", "d"]])
    );
    // A blank after the backslash disables it.
    assert_eq!(words("A b\\ \nC d\n"), v(&[&["A", "b\\"], &["C", "d"]]));
}

#[test]
fn a_continued_quote_escape_is_read_after_joining() {
    // `"a\\` + newline + `"`: joined, the line is `"a\"`, an escaped quote.
    let c = ok("X \"a\\\\\n\" y\n");
    let (d, _) = c.directives().next().unwrap();
    assert_eq!(d.args[0].value, "a\" y");
    assert!(!d.args[0].closed);
}

#[test]
fn a_directive_span_covers_its_continued_lines() {
    let text = "<Directory /x>\n</Direc\\\ntory>\n";
    let f = file(text);
    // apache2: Syntax OK (the closing tag is read after joining).
    let c = apache::parse(&f).unwrap();
    let Item::Section(s) = &c.items[0] else {
        panic!()
    };
    assert_eq!(f.slice(s.close.unwrap()), "</Direc\\\ntory>");
}

#[test]
fn comments_only_at_the_start_of_a_line() {
    let c = ok("# a comment\n   # indented\nTimeout 30 # seconds\n");
    let comments = c
        .items
        .iter()
        .filter(|i| matches!(i, Item::Comment(_)))
        .count();
    assert_eq!(comments, 2);
    // apache2: `Timeout 30 # c` -> Timeout takes one argument: "#" is an argument.
    assert_eq!(lines(&c), v(&[&["Timeout", "30", "#", "seconds"]]));
}

#[test]
fn a_comment_continues_with_a_backslash() {
    // apache2: `# comment \` + `FooBar baz` is Syntax OK: the second line is comment.
    let c = ok("   # comment \\\nFooBar baz\nA b\n");
    assert_eq!(lines(&c), v(&[&["A", "b"]]));
    let Item::Comment(com) = &c.items[0] else {
        panic!()
    };
    assert_eq!(com.text, " comment FooBar baz");
}

#[test]
fn crlf_empty_lines_and_blanks() {
    let c = ok("\r\n\r\n  \t \r\nListen 80\r\n\r\n<IfModule x>\r\n  User a\r\n</IfModule>\r\n");
    assert_eq!(lines(&c), v(&[&["Listen", "80"], &["User", "a"]]));
}

#[test]
fn a_byte_order_mark_joins_the_first_word() {
    // httpd strips a BOM only on Windows: on Linux it is part of the first word, so
    // the section below is not one.
    // apache2: Syntax error on line 2 of t.conf: </Directory> without matching <Directory> section
    let (d, _) = err("\u{feff}<Directory /x>\n</Directory>\n");
    assert_eq!(
        d.message,
        "</Directory> without matching <Directory> section"
    );
}

#[test]
fn very_long_lines() {
    let long = "a".repeat(300_000);
    let c = ok(&format!("ServerAdmin {long}\nA b\n"));
    assert_eq!(lines(&c)[0][1].len(), 300_000);
    // httpd's limit is 16 MiB a logical line, its newline counted.
    // apache2 (line of 16777215 bytes + newline): Syntax OK
    // apache2 (16777216 bytes + newline): Error reading t.conf at line 2: Line too long
    let under = file(&format!(
        "# x\nServerAdmin {}\n",
        "a".repeat(16_777_215 - 12)
    ));
    assert!(apache::parse::check_line_length(&under).is_ok());
    // Continuations do not count.
    let joined = file(&format!(
        "# x\nServerAdmin {}\\\n{}\n",
        "a".repeat(16_000_000),
        "b".repeat(777_215 - 12)
    ));
    assert!(apache::parse::check_line_length(&joined).is_ok());
    let over = format!("# x\nServerAdmin {}\n", "a".repeat(16_777_216 - 12));
    let (d, f) = err(&over);
    assert_eq!(d.message, "Line too long");
    assert_eq!(f.line_col(d.primary.span.start as usize).0, 2);
    assert!(d.notes[0].contains("Error reading t.conf at line 2: Line too long"));
}

// ------------------------------------------------------------------ sections

#[test]
fn sections_nest_and_match_case_insensitively() {
    // apache2: `<directory /x>` + `</DIRECTORY>` is Syntax OK.
    let c = ok(
        "<VirtualHost *:80>\n<directory /x>\nRequire all granted\n</DIRECTORY>\n</virtualhost>\n",
    );
    let Item::Section(vh) = &c.items[0] else {
        panic!()
    };
    assert!(vh.is("virtualhost"));
    assert_eq!(vh.kind, SectionKind::Block);
    let Item::Section(dir) = &vh.items[0] else {
        panic!()
    };
    assert_eq!(dir.name, "directory");
    assert_eq!(dir.args[0].value, "/x");
    let (d, within) = c.directives().next().unwrap();
    assert!(d.is("require"));
    assert_eq!(
        within.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["VirtualHost", "directory"]
    );
}

#[test]
fn section_arguments_stop_at_the_last_gt() {
    // The handlers cut their argument at the last '>' (ap_strrchr_c); what follows
    // is ignored. apache2: `<Directory /x> extra` is Syntax OK.
    let c = ok("<Directory /x> extra\n</Directory>\n<VirtualHost 127.0.0.1:80 [::1]:80>\n</VirtualHost>\n<Directory \"/a b\">\n</Directory>\n<FilesMatch \".+\\.php$\">\n</FilesMatch>\n");
    let secs: Vec<_> = c
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Section(s) => Some(s),
            _ => None,
        })
        .collect();
    let args = |i: usize| -> Vec<&str> { secs[i].args.iter().map(|a| a.value.as_str()).collect() };
    assert_eq!(args(0), ["/x"]);
    assert_eq!(secs[0].args_text, "/x");
    assert_eq!(args(1), ["127.0.0.1:80", "[::1]:80"]);
    assert_eq!(args(2), ["/a b"]);
    assert_eq!(args(3), [".+\\.php$"]);
}

#[test]
fn anything_after_a_closing_tag_is_ignored() {
    // apache2: `</Directory> foo` is Syntax OK.
    ok("<Directory /x>\n</Directory> foo\n");
}

#[test]
fn mismatched_section_is_reported_where_it_opens() {
    // apache2: Syntax error on line 2 of t.conf: Expected </Directory> but saw </Location>
    let (d, f) = err("<Directory /x>\n</Location>\n");
    assert_eq!(d.message, "Expected </Directory> but saw </Location>");
    assert_eq!(f.slice(d.primary.span), "<Directory");
    assert_eq!(f.slice(d.secondary[0].span), "</Location>");
    assert_eq!(
        d.notes[0],
        "httpd prints: Syntax error on line 2 of t.conf: Expected </Directory> but saw </Location>"
    );
}

#[test]
fn the_message_names_a_known_section_as_httpd_spells_it() {
    let (d, _) = err("<directory /x>\n</location>\n");
    assert_eq!(d.message, "Expected </Directory> but saw </location>");
}

#[test]
fn closing_tag_without_an_open_section() {
    // apache2: Syntax error on line 1 of t.conf: </Directory> without matching <Directory> section
    let (d, f) = err("</Directory>\n");
    assert_eq!(
        d.message,
        "</Directory> without matching <Directory> section"
    );
    assert_eq!(f.slice(d.primary.span), "</Directory>");
    // apache2: Syntax error on line 1 of t.conf: </> without matching <> section
    assert_eq!(err("</>\n").0.message, "</> without matching <> section");
}

#[test]
fn unclosed_sections_are_reported_where_they_open() {
    // apache2: Syntax error on line 1 of t.conf: t.conf:2: <Location> was not closed.\nt.conf:1: <Directory> was not closed.
    let (d, f) = err("<Directory /x>\n<Location /y>\n");
    assert_eq!(d.message, "<Location> was not closed");
    assert_eq!(f.slice(d.primary.span), "<Location");
    assert_eq!(f.slice(d.secondary[0].span), "<Directory");
    assert_eq!(
        d.notes[0],
        "httpd prints: Syntax error on line 1 of t.conf: t.conf:2: <Location> was not closed.\\nt.conf:1: <Directory> was not closed."
    );
    // apache2: Syntax error on line 1 of t.conf: t.conf:1: <> was not closed.
    assert_eq!(err("<\n").0.message, "<> was not closed");
}

#[test]
fn closing_tag_missing_its_gt() {
    // apache2: Syntax error on line 2 of t.conf: </Directory> directive missing closing '>'
    let (d, _) = err("<Directory /x>\n</Directory foo>\n");
    assert_eq!(d.message, "</Directory> directive missing closing '>'");
}

#[test]
fn opening_tag_missing_its_gt_or_argument() {
    // apache2: AH00526: Syntax error on line 1 of t.conf:
    //          <Directory> directive missing closing '>'
    let (d, f) = err("<Directory /x\n</Directory>\n");
    assert_eq!(d.message, "<Directory> directive missing closing '>'");
    assert_eq!(f.slice(d.primary.span), "<Directory /x");
    // A section handler runs only after the whole file is read: an error of the
    // reading, even further down, is the one httpd reports.
    // apache2: Syntax error on line 3 of t.conf: </Location> without matching <Location> section
    assert_eq!(
        err("<Directory /x\n</Directory>\n</Location>\n").0.message,
        "</Location> without matching <Location> section"
    );
    // apache2: Syntax error on line 2 of t.conf: t.conf:2: <Files> was not closed.
    assert_eq!(err("<Files a\\\n").0.message, "<Files> was not closed");
    // apache2: AH00526: ... <Directory> directive requires additional arguments
    assert_eq!(
        err("<Directory>\n</Directory>\n").0.message,
        "<Directory> directive requires additional arguments"
    );
    // `<Directory` alone gets ">" as its argument text: the same message.
    assert_eq!(
        err("<Directory\n</Directory>\n").0.message,
        "<Directory> directive requires additional arguments"
    );
    // apache2: Syntax error on line 1 of t.conf: <IfModule> directive missing closing '>'
    assert_eq!(
        err("<IfModule mpm_event_module\n</IfModule>\n").0.message,
        "<IfModule> directive missing closing '>'"
    );
    assert_eq!(
        err("<IfModule !nope\n</IfModule>\n").0.message,
        "<IfModule> directive missing closing '>'"
    );
    // apache2: Syntax error on line 1 of t.conf: <IfModule> directive requires additional arguments
    assert_eq!(
        err("<IfModule>\n</IfModule>\n").0.message,
        "<IfModule> directive requires additional arguments"
    );
    // apache2: AH00526: ... <If> directive requires additional arguments
    assert_eq!(
        err("<If>\n</If>\n").0.message,
        "<If> directive requires additional arguments"
    );
    // <Else> takes no argument; <If "expr"> is fine. apache2: Syntax OK
    ok("<If \"true\">\n</If>\n<Else>\n</Else>\n");
}

#[test]
fn unknown_sections_are_matched_too() {
    // Any `<word` opens a section that needs its `</word>` (the directive itself is
    // judged later, with the loaded modules).
    ok("<Foo bar>\nBaz\n</Foo>\n");
    assert_eq!(err("<Foo bar>\n").0.message, "<Foo> was not closed");
}

#[test]
fn quoted_section_names_are_sections() {
    // ap_getword_conf unquotes the first word. apache2: Syntax OK
    let c = ok("\"<Directory\" /x>\n</Directory>\n");
    assert!(matches!(&c.items[0], Item::Section(s) if s.is("Directory")));
}

// ------------------------------------------------------------------ conditionals

#[test]
fn conditional_sections() {
    let c = ok("<IfModule !mod_php.c>\n<IfDefine SSL>\n<IfVersion >= 2.4.50>\nListen 443\n</IfVersion>\n</IfDefine>\n</IfModule>\n");
    let mut kinds = Vec::new();
    for s in c.walk() {
        if let Node::Section(sec) = s.node {
            kinds.push((sec.kind, sec.condition().unwrap()));
        }
    }
    assert_eq!(kinds[0].0, SectionKind::Conditional(Conditional::IfModule));
    assert!(kinds[0].1.negated);
    assert_eq!(kinds[0].1.operand, "mod_php.c");
    assert_eq!(kinds[1].1.operand, "SSL");
    assert_eq!(kinds[2].0, SectionKind::Conditional(Conditional::IfVersion));
    assert_eq!(kinds[2].1.text, ">= 2.4.50");
    let (listen, within) = c.directives().next().unwrap();
    assert!(listen.is("Listen"));
    assert_eq!(within.len(), 3);
    // Blanks after "!" are allowed: `<IfModule ! proxy_fcgi_module>`.
    let c = ok("<IfModule ! proxy_fcgi_module>\n</IfModule>\n");
    let Item::Section(s) = &c.items[0] else {
        panic!()
    };
    let cond = s.condition().unwrap();
    assert!(cond.negated);
    assert_eq!(cond.operand, "proxy_fcgi_module");
}

#[test]
fn a_conditional_closes_only_on_an_exact_line() {
    // apache2 (module loaded): Syntax error on line 2 of t.conf: </IfModule> without matching <IfModule> section
    let (d, f) = err("<IfModule mpm_event_module>\n</IfModule> x\n");
    assert_eq!(d.message, "</IfModule> without matching <IfModule> section");
    assert_eq!(f.slice(d.primary.span), "</IfModule> x");
    assert_eq!(f.slice(d.secondary[0].span), "<IfModule");
    assert!(d
        .help
        .as_deref()
        .unwrap()
        .starts_with("write </IfModule> alone on its line"));
    // Case and blanks around the line do not matter. apache2: Syntax OK
    ok("<IfModule mpm_event_module>\n  </ifmodule>   \n");
    ok("<IfModule mpm_event_module>\n</IfModule\\\n>\n");
}

#[test]
fn a_section_opened_outside_a_conditional_cannot_close_inside_it() {
    // apache2: Syntax error on line 3 of t.conf: </Directory> without matching <Directory> section
    let (d, f) = err("<Directory /x>\n<IfModule mpm_event_module>\n</Directory>\n</IfModule>\n");
    assert_eq!(
        d.message,
        "</Directory> without matching <Directory> section"
    );
    assert_eq!(f.slice(d.primary.span), "</Directory>");
    assert_eq!(f.slice(d.secondary[0].span), "<IfModule");
    assert_eq!(
        d.secondary[0].message,
        "the body of this <IfModule> is read on its own"
    );
}

#[test]
fn a_conditional_open_at_the_end_of_the_file_is_left_to_evaluation() {
    // apache2 (module loaded): Syntax OK, for both.
    // apache2 (module absent): Expected </Directory> before end of configuration.
    for text in [
        "<IfModule mpm_event_module>\n",
        "<IfModule mpm_event_module>\n<Directory /x>\n",
    ] {
        let c = ok(text);
        let open = c.unclosed_conditionals();
        assert_eq!(open[0].name, "IfModule");
        assert!(open[0].close.is_none());
    }
    // A section open before the conditional is refused either way.
    // apache2: Syntax error on line 1 of t.conf: t.conf:1: <Directory> was not closed.
    let (d, _) = err("<Directory /x>\n<IfModule mpm_event_module>\n");
    assert_eq!(d.message, "<Directory> was not closed");
}

// ------------------------------------------------------------------ macros

#[test]
fn a_macro_body_is_kept_line_by_line() {
    // mod_macro reads the body until its </Macro>: sections in it need not match.
    let c = ok("<Macro VHost $name>\n<VirtualHost *:80>\nServerName $name\n</Macro>\n<Macro End>\n</VirtualHost>\n</Macro>\nUse VHost a\n");
    let Item::Section(m) = &c.items[0] else {
        panic!()
    };
    assert_eq!(m.kind, SectionKind::Macro);
    assert_eq!(m.items.len(), 2);
    assert_eq!(lines(&c)[0], ["<VirtualHost", "*:80>"]);
    assert_eq!(
        err("<Macro X>\nA b\n").0.message,
        "expected token not found: </Macro>"
    );
}

// ------------------------------------------------------------------ the reader

#[test]
fn include_define_and_variables_are_recognised() {
    let c = ok("Define APP /srv/app\nUnDefine OLD\n<VirtualHost *:80>\nIncludeOptional sites/*.conf\n</VirtualHost>\ninclude ${APP}/conf/${NAME}.conf\nUser ${APACHE_RUN_USER}\n");
    let inc: Vec<_> = c
        .includes()
        .map(|(d, w)| (d.kind, d.arg(0).unwrap().to_string(), w.len()))
        .collect();
    assert_eq!(
        inc,
        [
            (
                DirectiveKind::IncludeOptional,
                "sites/*.conf".to_string(),
                1
            ),
            (
                DirectiveKind::Include,
                "${APP}/conf/${NAME}.conf".to_string(),
                0
            ),
        ]
    );
    let defs: Vec<_> = c.defines().map(|(d, _)| d.define().unwrap()).collect();
    assert_eq!(defs, [("APP", Some("/srv/app")), ("OLD", None)]);
    let refs: Vec<_> = c.directives().flat_map(|(d, _)| d.var_refs()).collect();
    assert_eq!(refs, ["APP", "NAME", "APACHE_RUN_USER"]);
}

#[test]
fn deep_nesting_is_refused_without_recursion() {
    let depth = 2_000;
    let text = "<Directory /x>\n".repeat(depth) + &"</Directory>\n".repeat(depth);
    let (d, _) = err(&text);
    assert!(
        d.message.contains("nest more than 100 levels"),
        "{}",
        d.message
    );
    let text = "<Directory /x>\n".repeat(100) + &"</Directory>\n".repeat(100);
    assert_eq!(ok(&text).walk().count(), 100);
}
