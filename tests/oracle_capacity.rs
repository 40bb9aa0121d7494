//! The capacity oracle: pool-saturation's fixture on the real nginx 1.22 and
//! php-fpm 8.2. A pool with one worker and `listen.backlog = 1` on a unix socket,
//! a script that sleeps, and a bounded burst of concurrent requests through nginx
//! on loopback: some are served, the rest get 502 at once and nginx logs
//! `(11: Resource temporarily unavailable)`, as fpmlint's finding says.
//!
//! Needs root and the binaries. Without them the test prints the harness's
//! SKIPPED line and passes, unless `FPMLINT_ORACLE=required` or
//! `FPMLINT_REQUIRE_SERVERS=1`, where it fails.

#[path = "oracle/harness.rs"]
mod harness;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use harness::Stack;

/// Concurrent requests sent at once.
const BURST: usize = 20;

const LOG_LINE: &str = "(11: Resource temporarily unavailable) while connecting to upstream";

fn servers_here() -> bool {
    if harness::available() {
        return true;
    }
    assert!(
        std::env::var("FPMLINT_REQUIRE_SERVERS").as_deref() != Ok("1"),
        "FPMLINT_REQUIRE_SERVERS=1 but the real servers cannot run: {}",
        harness::SKIP_LINE
    );
    false
}

/// The status line's code of one request (0: no answer).
fn get(port: u16, host: &str, path: &str) -> u16 {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return 0;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = s.write_all(format!("GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").as_bytes());
    let mut buf = Vec::new();
    let _ = s.take(1 << 16).read_to_end(&mut buf);
    String::from_utf8_lossy(&buf)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_burst_past_the_workers_and_the_queue_gets_502_at_once() {
    if !servers_here() {
        return;
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pool-saturation/bad-burst-one-worker");
    // fpmlint predicts it.
    let plan = fpmlint::discover::discover(std::slice::from_ref(&fixture), &Default::default());
    let project = fpmlint::project::load(plan, Some(fixture.clone()));
    let findings: Vec<String> = fpmlint::cli::check(&project)
        .into_iter()
        .filter(|d| d.rule == "pool-saturation")
        .map(|d| d.message)
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].contains(LOG_LINE), "{}", findings[0]);

    let stack = Stack::start(&fixture);
    assert!(
        stack.nginx.as_ref().is_some_and(|n| n.running) && stack.fpm.iter().all(|f| f.running),
        "the servers did not start:\n{}",
        stack.transcript()
    );
    let port = stack.http_port.expect("nginx listens on loopback");
    let host = stack.host.clone();
    let threads: Vec<_> = (0..BURST)
        .map(|_| {
            let host = host.clone();
            std::thread::spawn(move || get(port, &host, "/sleep.php?s=1"))
        })
        .collect();
    let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    // Let nginx write its log lines.
    std::thread::sleep(Duration::from_millis(200));
    let log = stack.nginx_log();
    let served = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 502).count();
    let transcript = format!("statuses {statuses:?}\n{}", stack.transcript());
    assert!(served >= 1, "no request was served:\n{transcript}");
    assert!(refused >= 1, "no request got 502:\n{transcript}");
    assert_eq!(
        served + refused,
        BURST,
        "every request is served or refused:\n{transcript}"
    );
    assert!(
        log.contains(LOG_LINE),
        "nginx did not log {LOG_LINE:?}:\n{transcript}"
    );
    // The rule's doc quotes what the servers printed.
    let doc = fpmlint::rules::find("pool-saturation").unwrap().doc;
    let obs = harness::doc_observations(doc);
    assert!(
        !obs.is_empty(),
        "rules/pool-saturation.md quotes nothing observed"
    );
    for (line, frags) in obs {
        for f in frags {
            assert!(
                log.contains(&f),
                "rules/pool-saturation.md quotes `{f}`, which nginx did not log:\n{line}\n{transcript}"
            );
        }
    }
}
