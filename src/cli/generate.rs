//! Generated documentation: man pages and shell completions, rendered from
//! the tools' clap commands plus the hand-written sections in `manual`.
//!
//! The files are checked in under `man/` and `completions/`; the
//! integration test `generated` compares them with [`files`] and rewrites
//! them when `LPKIT_REGENERATE=1`. Adding a tool (e.g. `lpd`) is one row in
//! [`TOOLS`]. Output is reproducible: no dates, no paths, no versions of
//! the build machine.

use super::exit::Exit;
use super::manual::{self, Manual};
use clap_complete::Shell;
use clap_mangen::roff::{Roff, bold, italic, roman};

/// A tool that gets a man page and completions.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    /// The program name.
    pub name: &'static str,
    /// The man section ("1" for user commands, "8" for administration).
    pub section: &'static str,
    /// Its clap command.
    pub command: fn() -> clap::Command,
    /// Its hand-written man sections.
    pub manual: &'static Manual,
}

/// Every tool with generated documentation.
pub const TOOLS: &[Tool] = &[
    Tool {
        name: "lpr",
        section: "1",
        command: super::lpr::command,
        manual: &manual::LPR,
    },
    Tool {
        name: "lpq",
        section: "1",
        command: super::lpq::command,
        manual: &manual::LPQ,
    },
    Tool {
        name: "lprm",
        section: "1",
        command: super::lprm::command,
        manual: &manual::LPRM,
    },
    Tool {
        name: "lpc",
        section: "8",
        command: super::lpc::command,
        manual: &manual::LPC,
    },
];

/// The shells completions are generated for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// One generated file: its path relative to the repository root, and its
/// content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// e.g. `man/lpr.1`, `completions/lpr.bash`.
    pub path: String,
    /// The bytes.
    pub content: Vec<u8>,
}

/// Every generated file, in a stable order.
pub fn files() -> Vec<GeneratedFile> {
    let mut out = Vec::new();
    for tool in TOOLS {
        out.push(GeneratedFile {
            path: format!("man/{}.{}", tool.name, tool.section),
            content: man_page(tool).into_bytes(),
        });
        for shell in SHELLS {
            out.push(GeneratedFile {
                path: format!("completions/{}", completion_file_name(tool.name, shell)),
                content: completion(tool, shell).into_bytes(),
            });
        }
    }
    out
}

/// The conventional file name of a completion script.
pub fn completion_file_name(tool: &str, shell: Shell) -> String {
    match shell {
        Shell::Bash => format!("{tool}.bash"),
        Shell::Zsh => format!("_{tool}"),
        Shell::Fish => format!("{tool}.fish"),
        Shell::Elvish => format!("{tool}.elv"),
        Shell::PowerShell => format!("_{tool}.ps1"),
        _ => format!("{tool}.{shell}"),
    }
}

/// The man page of a tool, as roff.
pub fn man_page(tool: &Tool) -> String {
    let cmd = (tool.command)().disable_help_subcommand(true);
    let man = clap_mangen::Man::new(cmd.clone())
        .section(tool.section)
        .source(format!("lpkit {}", env!("CARGO_PKG_VERSION")))
        .manual("lpkit manual");
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = man.render_title(&mut buf);
    let _ = man.render_name_section(&mut buf);
    let _ = man.render_synopsis_section(&mut buf);
    let _ = man.render_description_section(&mut buf);
    let mut roff = Roff::new();
    for p in tool.manual.description {
        roff.control("PP", []).text([roman(*p)]);
    }
    buf.extend_from_slice(roff.to_roff().as_bytes());
    let _ = man.render_options_section(&mut buf);
    buf.extend_from_slice(commands_section(&cmd).as_bytes());
    buf.extend_from_slice(manual_sections(tool).as_bytes());
    String::from_utf8_lossy(&buf).into_owned()
}

/// COMMANDS: each visible subcommand with its operands and help (clap's
/// own section would point at per-command pages that do not exist).
fn commands_section(cmd: &clap::Command) -> String {
    let mut r = Roff::new();
    let mut any = false;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if !any {
            r.control("SH", ["COMMANDS"]);
            any = true;
        }
        let mut head = vec![bold(sub.get_name().to_string())];
        for a in sub.get_positionals() {
            let name = a
                .get_value_names()
                .and_then(|v| v.first())
                .map_or_else(|| a.get_id().to_string(), |v| v.to_string());
            let shown = if a.is_required_set() {
                format!(" {name}...")
            } else {
                format!(" [{name}...]")
            };
            head.push(italic(shown));
        }
        for a in sub.get_arguments().filter(|a| !a.is_positional()) {
            if let Some(long) = a.get_long() {
                head.push(roman(format!(" [--{long}]")));
            }
        }
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        r.control("TP", []).text(head).text([roman(about)]);
    }
    r.to_roff()
}

fn manual_sections(tool: &Tool) -> String {
    let m = tool.manual;
    let mut r = Roff::new();
    r.control("SH", ["EXAMPLES"]);
    for (cmd, what) in m.examples {
        r.control("TP", []).text([bold(*cmd)]).text([roman(*what)]);
    }
    r.control("SH", ["ENVIRONMENT"]);
    for (var, what) in manual::ENVIRONMENT.iter().chain(m.environment) {
        r.control("TP", []).text([bold(*var)]).text([roman(*what)]);
    }
    r.control("SH", ["FILES"]);
    for (file, what) in manual::FILES.iter().chain(m.files) {
        r.control("TP", [])
            .text([italic(*file)])
            .text([roman(*what)]);
    }
    r.control("SH", ["EXIT STATUS"]);
    for e in Exit::ALL {
        if m.exits.contains(&e) {
            r.control("TP", [])
                .text([bold(e.code().to_string())])
                .text([roman(e.meaning())]);
        }
    }
    r.control("SH", ["STANDARDS"]);
    for p in m.standards {
        r.control("PP", []).text([roman(*p)]);
    }
    r.control("SH", ["COMPATIBILITY"]);
    for p in m.compatibility {
        r.control("PP", []).text([roman(*p)]);
    }
    r.control("SH", ["SEE ALSO"]);
    let mut refs = Vec::new();
    for (i, (page, sec)) in m.see_also.iter().enumerate() {
        let sep = if i + 1 == m.see_also.len() { "" } else { ", " };
        refs.push(bold(*page));
        refs.push(roman(format!("({sec}){sep}")));
    }
    r.text(refs);
    r.to_roff()
}

/// The completion script of a tool for a shell, with printer-name
/// completion where the shell allows it (the script calls the tool's
/// hidden `--list-printers`).
pub fn completion(tool: &Tool, shell: Shell) -> String {
    let mut cmd = (tool.command)();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, tool.name, &mut buf);
    let mut s = String::from_utf8_lossy(&buf).into_owned();
    let name = tool.name;
    match shell {
        Shell::Bash => {
            let f = name.replace('-', "__");
            s.push_str(&format!(
                r#"
# lpkit: complete printer names after -P/--printer from the configuration.
_{f}_lpkit() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    if [[ "$prev" == "-P" || "$prev" == "--printer" ]]; then
        COMPREPLY=( $(compgen -W "$("{name}" --list-printers 2>/dev/null)" -- "$cur") )
        return 0
    fi
    _{f} "$@"
}}
if [[ "${{BASH_VERSINFO[0]}}" -eq 4 && "${{BASH_VERSINFO[1]}}" -ge 4 || "${{BASH_VERSINFO[0]}}" -gt 4 ]]; then
    complete -F _{f}_lpkit -o nosort -o bashdefault -o default {name}
else
    complete -F _{f}_lpkit -o bashdefault -o default {name}
fi
"#
            ));
        }
        Shell::Fish => {
            s.push_str(&format!(
                "# lpkit: complete printer names after -P/--printer from the configuration.\n\
                 complete -c {name} -s P -l printer -x -a '({name} --list-printers 2>/dev/null)'\n"
            ));
        }
        Shell::Zsh => {
            // The -P/--printer specs end in the value name and an empty
            // action; give them one that lists the configured printers.
            let action = format!(
                ":QUEUE[@HOST[:PORT]]:{{compadd -- ${{(f)\"$({name} --list-printers 2>/dev/null)\"}}}}'"
            );
            s = s.replace(":QUEUE[@HOST[:PORT]]:_default'", &action);
            s = s.replace(":QUEUE\\[@HOST\\[:PORT\\]\\]:_default'", &action);
        }
        _ => {}
    }
    s
}
