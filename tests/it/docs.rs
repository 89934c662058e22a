//! Hand-written documentation and shipped files keep up with the code:
//! every configuration key the code accepts is described in its man page
//! and set in its example; the examples and the installed configuration
//! files parse; every file the Debian package installs exists.
//!
//! The key lists are not written down here: they are read from the code's
//! serde structs by feeding each table an unknown key and collecting the
//! "expected one of `a`, `b`, …" list of the refusal (`deny_unknown_fields`).
//! A new key therefore fails these tests until the page and the example
//! describe it.

use lpkit::config::{Config, ConfigPaths, Env};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

const PROBE: &str = "lpkit_docs_probe_key";

/// The backquoted names after "expected" in a serde unknown-field message:
/// "unknown field `x`, expected one of `a`, `b`" (or "expected `a` or `b`").
fn expected_fields(message: &str) -> BTreeSet<String> {
    let Some((_, list)) = message.split_once("expected") else {
        panic!("not an unknown-field message: {message}");
    };
    // lpd's messages end with " (key `section.key`)".
    let list = list.split(" (key `").next().unwrap_or(list);
    let fields: BTreeSet<String> = list
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    assert!(!fields.is_empty(), "no field names in: {message}");
    fields
}

/// The keys the client configuration accepts in the table that `header`
/// opens ("" for the top level), read from the refusal of an unknown key.
fn client_keys(header: &str) -> BTreeSet<String> {
    let text = format!("{header}\n{PROBE} = 1\n");
    let err = Config::default()
        .merge_str(&text, Path::new("probe.toml"))
        .expect_err("an unknown key must be refused");
    let msg = err.to_string();
    assert!(msg.contains(PROBE), "the refusal names the key: {msg}");
    expected_fields(&msg)
}

/// The terms of a man page's tagged paragraphs (`.TP` followed by the
/// term's line), without macros, font escapes, quotes or blanks:
/// `.BI [printers. NAME ]` gives `[printers.NAME]`.
fn man_terms(page: &str) -> BTreeSet<String> {
    let lines: Vec<&str> = page.lines().collect();
    let mut terms = BTreeSet::new();
    for w in lines.windows(2) {
        if w[0].trim() != ".TP" {
            continue;
        }
        let term = w[1];
        let body = if term.starts_with('.') {
            term.split_once(' ').map_or("", |(_, rest)| rest)
        } else {
            term
        };
        let mut clean = String::new();
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('f') => {
                        chars.next();
                    }
                    Some('(') => {
                        // \(xx: a two-letter special character; \(dq is '"'.
                        chars.next();
                        chars.next();
                    }
                    Some('-') => clean.push('-'),
                    Some('e') => clean.push('\\'),
                    _ => {}
                },
                '"' | ' ' => {}
                c => clean.push(c),
            }
        }
        terms.insert(clean);
    }
    terms
}

/// True when `key` is a term of `terms`: the key itself, `[key]`, or
/// `[key.…]` for a table.
fn documented(terms: &BTreeSet<String>, key: &str) -> bool {
    terms.iter().any(|t| {
        t == key
            || t.strip_prefix('[').is_some_and(|rest| {
                rest.strip_prefix(key)
                    .is_some_and(|r| r.starts_with(']') || r.starts_with('.'))
            })
    })
}

/// Every key (dotted at each level: top-level keys and the keys of its
/// tables, with table names collapsed to `*`) used in a TOML document.
fn toml_keys(value: &toml::Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let toml::Value::Table(t) = value {
        for (k, v) in t {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            out.insert(path.clone());
            toml_keys(v, &path, out);
        }
    }
}

#[test]
fn the_probe_reads_the_client_key_lists_from_the_code() {
    // Guards the method itself: known keys must be among what it finds.
    let top = client_keys("");
    assert!(
        top.contains("default") && top.contains("printers"),
        "{top:?}"
    );
    let entry = client_keys("[printers.p]");
    for k in ["host", "port", "queue", "timeout", "reserved_port"] {
        assert!(entry.contains(k), "{k} missing from {entry:?}");
    }
    assert!(!entry.contains(PROBE));
}

#[test]
fn every_client_config_key_is_described_in_lpkit_toml_5() {
    let terms = man_terms(&read("man/lpkit.toml.5"));
    let mut missing = Vec::new();
    for (table, header) in [
        ("top level", ""),
        ("[defaults]", "[defaults]"),
        ("[printers.NAME]", "[printers.p]"),
    ] {
        for key in client_keys(header) {
            if !documented(&terms, &key) {
                missing.push(format!("{key} ({table})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys the code accepts but man/lpkit.toml.5 does not describe as a .TP term: {missing:?}"
    );
}

#[test]
fn the_client_example_sets_every_key_and_loads() {
    let path = root().join("examples/lpkit.toml");
    let config = Config::load(&ConfigPaths::explicit(&path))
        .unwrap_or_else(|e| panic!("examples/lpkit.toml does not load: {e}"));

    let doc = toml::Value::Table(read("examples/lpkit.toml").parse().expect("TOML"));
    let mut used = BTreeSet::new();
    toml_keys(&doc, "", &mut used);
    let mut missing = Vec::new();
    for key in client_keys("") {
        if !used.contains(&key) {
            missing.push(key);
        }
    }
    // A key of a printer table counts when any printer (or [defaults], for
    // the shared settings) sets it.
    let entry_keys: BTreeSet<String> = used
        .iter()
        .filter_map(|k| {
            k.strip_prefix("defaults.").map(str::to_owned).or_else(|| {
                k.strip_prefix("printers.")
                    .and_then(|r| r.split_once('.'))
                    .map(|(_, key)| key.to_owned())
            })
        })
        .collect();
    for key in client_keys("[printers.p]") {
        if !entry_keys.contains(&key) {
            missing.push(format!("printers.NAME.{key}"));
        }
    }
    assert!(
        missing.is_empty(),
        "examples/lpkit.toml does not show: {missing:?}"
    );

    // And it means what its comments say.
    let env = Env::default();
    let office = config.resolve(None, None, &env).expect("default printer");
    assert_eq!(office.name, "office");
    assert_eq!(
        office.endpoint.to_string(),
        "lp@printserver.example.org:515"
    );
    assert_eq!(
        office.defaults.options.as_deref(),
        Some("duplex=on,media=a4")
    );
    let laser = config.resolve(Some("laser"), None, &env).expect("alias");
    assert_eq!(laser.endpoint, office.endpoint);
    let plotter = config
        .resolve(Some("plotter"), None, &env)
        .expect("plotter");
    assert_eq!(plotter.endpoint.to_string(), "raw@192.0.2.10:515");
    assert_eq!(
        plotter.connect.reserved_port,
        lpkit::net::ReservedPort::Require
    );
    assert_eq!(plotter.order, lpkit::client::SendOrder::DataFirst);
    let test = config.resolve(Some("test"), None, &env).expect("test");
    assert_eq!(test.endpoint.to_string(), "lp@[::1]:5515");
    assert!(test.streaming);
    assert_eq!(config.printer_names(), vec!["office", "plotter", "test"]);
}

#[test]
fn the_installed_client_config_loads_and_changes_nothing() {
    let path = root().join("dist/etc/lpkit.toml");
    let mut config = Config::load(&ConfigPaths::explicit(&path))
        .unwrap_or_else(|e| panic!("dist/etc/lpkit.toml does not load: {e}"));
    assert_eq!(config.sources, vec![path]);
    config.sources.clear();
    assert_eq!(
        config,
        Config::default(),
        "the /etc/lpkit/lpkit.toml we install must set nothing"
    );
}

/// The `[package.metadata.deb]` table of Cargo.toml.
fn deb_metadata() -> toml::Table {
    let manifest: toml::Table = read("Cargo.toml").parse().expect("Cargo.toml");
    manifest
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("deb"))
        .and_then(toml::Value::as_table)
        .cloned()
        .expect("Cargo.toml has [package.metadata.deb]")
}

#[test]
fn every_file_the_debian_package_installs_exists() {
    let deb = deb_metadata();
    let assets = deb
        .get("assets")
        .and_then(toml::Value::as_array)
        .expect("assets");
    let mut missing = Vec::new();
    for asset in assets {
        let source = asset
            .as_array()
            .and_then(|a| a.first())
            .and_then(toml::Value::as_str)
            .expect("each asset is [source, dest, mode]");
        // Binaries are built by cargo-deb itself.
        if source.starts_with("target/") {
            continue;
        }
        if source.contains('*') {
            let (dir, pattern) = source.rsplit_once('/').unwrap_or((".", source));
            let (prefix, suffix) = pattern.split_once('*').expect("one *");
            let found = std::fs::read_dir(root().join(dir))
                .map(|entries| {
                    entries.flatten().any(|e| {
                        let n = e.file_name().to_string_lossy().into_owned();
                        n.starts_with(prefix) && n.ends_with(suffix)
                    })
                })
                .unwrap_or(false);
            if !found {
                missing.push(source.to_owned());
            }
        } else if !root().join(source).is_file() {
            missing.push(source.to_owned());
        }
    }
    assert!(missing.is_empty(), "package assets missing: {missing:?}");
    let conffiles = deb
        .get("conf-files")
        .and_then(toml::Value::as_array)
        .expect("conf-files");
    let installed: Vec<&str> = assets
        .iter()
        .filter_map(|a| a.as_array()?.get(1)?.as_str())
        .collect();
    for c in conffiles {
        let c = c.as_str().expect("string");
        let dest = c.trim_start_matches('/');
        assert!(
            installed.iter().any(|d| d.trim_start_matches('/') == dest),
            "conffile {c} is not installed by any asset"
        );
    }
}

// ---------------------------------------------------------------------
// The server: lpd.toml(5), the installed lpd.toml.

/// The keys the server configuration accepts where `text` (with the probe
/// key appended) puts the probe, read from the refusal.
fn server_refusal(text: &str) -> BTreeSet<String> {
    let err = lpkit::server::config::Config::parse(text, Path::new("probe.toml"))
        .expect_err("the probe must be refused");
    expected_fields(&err.to_string())
}

fn server_keys(header: &str) -> BTreeSet<String> {
    server_refusal(&format!("{header}\n{PROBE} = 1\n"))
}

/// The device types, and the keys of each.
fn server_device_keys() -> Vec<(String, BTreeSet<String>)> {
    let header = "[[queue.q.device]]";
    let types = server_refusal(&format!("{header}\ntype = \"{PROBE}\"\n"));
    types
        .into_iter()
        .map(|t| {
            let keys = server_refusal(&format!("{header}\ntype = \"{t}\"\n{PROBE} = 1\n"));
            (t, keys)
        })
        .collect()
}

#[test]
fn the_probe_reads_the_server_key_lists_from_the_code() {
    let top = server_keys("");
    for k in ["server", "limits", "access", "queue"] {
        assert!(top.contains(k), "{k} missing from {top:?}");
    }
    assert!(server_keys("[limits]").contains("max_job_size"));
    let devices = server_device_keys();
    let socket = devices
        .iter()
        .find(|(t, _)| t == "socket")
        .expect("a socket device type");
    assert!(socket.1.contains("address"), "{socket:?}");
    assert!(!socket.1.contains(PROBE));
}

#[test]
fn every_server_config_key_is_described_in_lpd_toml_5() {
    let terms = man_terms(&read("man/lpd.toml.5"));
    let mut missing = Vec::new();
    for header in [
        "",
        "[server]",
        "[limits]",
        "[retry]",
        "[access]",
        "[queue.q]",
        "[queue.q.access]",
        "[queue.q.retry]",
    ] {
        for key in server_keys(header) {
            if !documented(&terms, &key) {
                missing.push(format!(
                    "{key} ({})",
                    if header.is_empty() {
                        "top level"
                    } else {
                        header
                    }
                ));
            }
        }
    }
    for (kind, keys) in server_device_keys() {
        if !terms.contains(&format!("type={kind}")) {
            missing.push(format!(
                "device type {kind:?} (a .TP term `type = \"{kind}\"`)"
            ));
        }
        for key in keys {
            if !documented(&terms, &key) {
                missing.push(format!("{key} (device type {kind})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys the code accepts but man/lpd.toml.5 does not describe as a .TP term: {missing:?}"
    );
}

#[test]
fn the_installed_server_config_checks_and_admits_only_this_machine() {
    use lpkit::server::access::Operation;
    let text = read("dist/etc/lpd.toml");
    let config = lpkit::server::config::Config::parse(&text, Path::new("dist/etc/lpd.toml"))
        .unwrap_or_else(|e| panic!("dist/etc/lpd.toml: {e}"));
    assert!(
        config.server.user.is_none() && config.server.listen.is_empty(),
        "the systemd unit runs lpd unprivileged with lpd.socket: no user, no listen"
    );
    let queues = config.effective_queues();
    assert_eq!(queues.len(), 1, "the built-in queue lp");
    for (name, q) in &queues {
        let rules = lpkit::server::access::AccessRules::merge(&q.access, &config.access);
        for op in [
            Operation::Submit,
            Operation::Status,
            Operation::Remove,
            Operation::Admin,
        ] {
            for local in ["127.0.0.1:721", "[::1]:721"] {
                assert!(
                    rules.check(op, local.parse().unwrap()).is_ok(),
                    "{name}: {op} from {local}"
                );
            }
            assert!(
                rules.check(op, "192.0.2.7:721".parse().unwrap()).is_err(),
                "{name}: {op} from another machine must be refused as installed"
            );
        }
    }
}

/// The ```toml blocks of a Markdown file, with their first line numbers.
fn toml_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match &mut current {
            None if line.trim() == "```toml" => current = Some((i + 2, String::new())),
            Some(_) if line.trim() == "```" => blocks.extend(current.take()),
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn the_toml_examples_in_docs_parse() {
    let mut checked = 0;
    let dir = root().join("docs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("docs/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (line, block) in toml_blocks(&text) {
            let at = format!("docs/{name}:{line}");
            let first = block.lines().next().unwrap_or("");
            if first.starts_with("# lpkit.toml") {
                Config::default()
                    .merge_str(&block, Path::new(&at))
                    .unwrap_or_else(|e| panic!("{e}"));
            } else if first.starts_with("# lpd.toml") {
                lpkit::server::config::Config::parse(&block, Path::new(&at))
                    .unwrap_or_else(|e| panic!("{e}"));
            } else {
                panic!(
                    "{at}: a toml example must start with `# lpkit.toml` or `# lpd.toml` to say which file it is"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} toml examples found in docs/");
}
