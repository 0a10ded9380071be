//! The `ferrowasm` command line: the grammar (clap), the `run`, `wast`,
//! `validate` and `inspect` commands, and value conversion. It only uses the
//! public runtime API, like any embedder, and it never panics on bad input:
//! every failure becomes a [`Failure`] with a one-line message and an exit
//! code.

pub mod args;
mod help;
pub mod inspect;
pub mod run;
pub mod values;
pub mod wast;

use args::{Cli, Command};
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

/// Exit code for usage errors and modules that cannot be loaded, linked or
/// instantiated (and for a failed `wast` directive or an invalid module
/// given to `validate`).
pub const EXIT_ERROR: u8 = 1;
/// Exit code for a trap in wasm code (a called function or the start function).
pub const EXIT_TRAP: u8 = 2;

/// A failure to report on stderr (the caller adds the `error: ` prefix).
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    /// A usage or load error (exit code 1).
    pub fn error(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: EXIT_ERROR,
        }
    }

    /// A trap (exit code 2).
    pub fn trap(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: EXIT_TRAP,
        }
    }
}

/// Parse the command line, run the command, report a failure.
pub fn main() -> ExitCode {
    let words = std::env::args_os().skip(1).collect::<Vec<_>>();
    let result = if words.is_empty() {
        Err(Failure::error(
            "no module given (usage: ferrowasm run [OPTIONS] FILE [ARGS...]; \
             try `ferrowasm --help`)",
        ))
    } else {
        match Cli::try_parse_from(args::with_run_shorthand(words)) {
            Ok(cli) => dispatch(cli.command),
            Err(e) if !e.use_stderr() => print(&e.to_string()),
            Err(e) => Err(args::clap_failure(&e)),
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            // Nothing sensible is left to do if stderr itself is gone.
            let _ = writeln!(std::io::stderr().lock(), "error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn dispatch(command: Command) -> Result<u8, Failure> {
    let out = &mut std::io::stdout().lock();
    match command {
        Command::Run(a) => match run::prepare(a)? {
            run::Prepared::Help => print(&args::run_help()),
            run::Prepared::Run(opts, wasm) => run::run(&opts, wasm, out),
        },
        Command::Wast(a) => wast::wast(&a, out),
        Command::Validate(a) => inspect::validate(&a.file, out),
        Command::Inspect(a) => inspect::inspect(&a.file, a.disassemble, out),
    }
}

/// Print help text; a closed stdout is reported, not a panic.
fn print(text: &str) -> Result<u8, Failure> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map(|()| 0)
        .map_err(|e| Failure::error(format!("cannot write to stdout: {e}")))
}
