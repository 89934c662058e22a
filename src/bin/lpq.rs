//! `lpq`: see [`lpkit::cli::lpq`].

fn main() -> std::process::ExitCode {
    lpkit::cli::lpq::main()
}
