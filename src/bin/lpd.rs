//! `lpd`: the lpkit print server. Everything lives in [`lpkit::server`].
fn main() -> std::process::ExitCode {
    lpkit::server::cli::main()
}
