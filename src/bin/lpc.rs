//! `lpc`: see [`lpkit::cli::lpc`].

fn main() -> std::process::ExitCode {
    lpkit::cli::lpc::main()
}
