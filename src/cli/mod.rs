//! The `ferrowasm` command line: argument parsing, value conversion and the
//! `run` command. It only uses the public runtime API, like any embedder, and
//! it never panics on bad input: every failure becomes a [`Failure`] with a
//! message and an exit code.

pub mod args;
pub mod run;
pub mod values;

/// Exit code for usage errors and modules that cannot be loaded, linked or
/// instantiated.
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
