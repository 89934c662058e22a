//! `lpr`: see [`lpkit::cli::lpr`].

fn main() -> std::process::ExitCode {
    lpkit::cli::lpr::main()
}
