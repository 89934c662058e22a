//! Generated files are current: man pages, shell completions and the
//! `--help` texts pinned in `tests/expect/`.
//!
//! On a mismatch the test fails and names the command that regenerates
//! them: `LPKIT_REGENERATE=1 cargo test --test it generated`.

use crate::support::cmd;
use std::path::{Path, PathBuf};

const REGENERATE: &str = "LPKIT_REGENERATE=1 cargo test --test it generated";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn regenerating() -> bool {
    std::env::var_os("LPKIT_REGENERATE").is_some_and(|v| v == "1")
}

/// Compares (or, when regenerating, rewrites) one checked-in file.
fn check(path: &Path, fresh: &[u8], stale: &mut Vec<String>) {
    let full = root().join(path);
    if regenerating() {
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).expect("create folder");
        }
        if std::fs::read(&full).ok().as_deref() != Some(fresh) {
            std::fs::write(&full, fresh).expect("write generated file");
        }
        return;
    }
    if std::fs::read(&full).ok().as_deref() != Some(fresh) {
        stale.push(path.display().to_string());
    }
}

fn report(stale: Vec<String>) {
    assert!(
        stale.is_empty(),
        "these generated files are stale or missing: {}\nregenerate them with: {REGENERATE}",
        stale.join(", ")
    );
}

#[test]
fn man_pages_and_completions_are_current() {
    let mut stale = Vec::new();
    for f in lpkit::cli::generate::files() {
        check(Path::new(&f.path), &f.content, &mut stale);
    }
    report(stale);
}

#[test]
fn no_stray_files_in_man_and_completions() {
    let wanted: Vec<String> = lpkit::cli::generate::files()
        .into_iter()
        .map(|f| f.path)
        .collect();
    let mut stray = Vec::new();
    for dir in ["man", "completions"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let rel = format!("{dir}/{}", e.file_name().to_string_lossy());
            // man/*.toml.5 are hand-written (checked by tests/it/docs.rs).
            let hand_written = rel.ends_with("/README.md") || rel.ends_with(".toml.5");
            if !wanted.contains(&rel) && !hand_written {
                stray.push(rel);
            }
        }
    }
    assert!(stray.is_empty(), "files that no generator makes: {stray:?}");
}

#[test]
fn help_texts_match_the_expect_files() {
    let mut stale = Vec::new();
    let cases: &[(&str, &str, &str)] = &[
        ("lpr", "--help", "lpr.help"),
        ("lpq", "--help", "lpq.help"),
        ("lpq", "-h", "lpq.h"),
        ("lprm", "--help", "lprm.help"),
        ("lprm", "-h", "lprm.h"),
        ("lpc", "--help", "lpc.help"),
        ("lpc", "-h", "lpc.h"),
    ];
    for (tool, flag, file) in cases {
        let run = cmd::tool(tool).no_config().arg(*flag).run();
        run.ok();
        assert!(run.stderr.is_empty(), "{tool} {flag} wrote to stderr");
        check(
            &Path::new("tests/expect").join(file),
            &run.stdout,
            &mut stale,
        );
    }
    report(stale);
}

#[test]
fn man_pages_have_the_sections_a_man_page_needs() {
    for tool in lpkit::cli::generate::TOOLS {
        let page = lpkit::cli::generate::man_page(tool);
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "EXAMPLES",
            "ENVIRONMENT",
            "FILES",
            "\"EXIT STATUS\"",
            "STANDARDS",
            "COMPATIBILITY",
            "\"SEE ALSO\"",
        ] {
            assert!(
                page.contains(&format!(".SH {section}")),
                "{} lacks {section}",
                tool.name
            );
        }
        for var in ["PRINTER", "LPDEST", "NO_COLOR"] {
            assert!(page.contains(var), "{} does not document {var}", tool.name);
        }
        assert!(
            !page.contains("2026") && !page.contains("2025"),
            "a date in {}",
            tool.name
        );
    }
}
