//! `lprm`: see [`lpkit::cli::lprm`].

fn main() -> std::process::ExitCode {
    lpkit::cli::lprm::main()
}
