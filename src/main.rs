//! The `ferrowasm` command: `run` a module, `wast` spec scripts,
//! `validate` and `inspect` modules. See `ferrowasm --help` (the texts are
//! in `src/cli/help.rs`) and the README's "Using the CLI".

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
