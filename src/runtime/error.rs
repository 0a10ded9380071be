//! Errors as values: what went wrong and where.

use super::trap::Trap;
use std::fmt;

/// An error from compiling, linking or instantiating a module, or from a
/// runtime API call that was given something it cannot use.
#[derive(Debug, Clone)]
pub enum Error {
    /// The bytes are not a well-formed WebAssembly module (or text that does
    /// not parse), at `offset` in the input.
    Malformed { offset: usize, message: String },
    /// The module is well-formed but does not validate.
    Invalid { offset: usize, message: String },
    /// The module uses a feature this runtime does not run (yet).
    Unsupported { offset: usize, message: String },
    /// An import could not be satisfied.
    Link {
        module: String,
        name: String,
        message: String,
    },
    /// Instantiation trapped (segment initialisation or the start function).
    Trap(Trap),
    /// A resource limit was hit (memory, table size, stack, ...).
    Resource(String),
    /// An API misuse: wrong value type, wrong arity, foreign store, ...
    Usage(String),
}

impl Error {
    pub(crate) fn usage(msg: impl Into<String>) -> Self {
        Error::Usage(msg.into())
    }
    pub(crate) fn resource(msg: impl Into<String>) -> Self {
        Error::Resource(msg.into())
    }
    pub(crate) fn link(module: &str, name: &str, msg: impl Into<String>) -> Self {
        Error::Link {
            module: module.to_string(),
            name: name.to_string(),
            message: msg.into(),
        }
    }

    /// Classify a wasmparser error: unsupported features get their own kind.
    pub(crate) fn from_wasmparser(e: wasmparser::BinaryReaderError, validating: bool) -> Self {
        let offset = e.offset() as usize;
        let message = e.message().to_string();
        if message.contains("support is not enabled")
            || message.contains("proposal not enabled")
            || message.contains("proposal must be enabled")
            || message == "multiple memories"
        {
            Error::Unsupported { offset, message }
        } else if validating && !is_decoding_error(&message) {
            Error::Invalid { offset, message }
        } else {
            Error::Malformed { offset, message }
        }
    }

    /// The trap, if this error is one.
    pub fn as_trap(&self) -> Option<&Trap> {
        match self {
            Error::Trap(t) => Some(t),
            _ => None,
        }
    }
}

/// The proposal a validator message about a disabled feature names, as
/// the proposal's short name (what `wasm-tools` and the spec testsuite
/// call it).
fn feature_of(message: &str) -> Option<&'static str> {
    // More specific names first ("relaxed SIMD" before "SIMD").
    const FEATURES: &[(&str, &str)] = &[
        ("relaxed SIMD", "relaxed-simd"),
        ("SIMD", "simd"),
        ("tail call", "tail-call"),
        ("exceptions", "exceptions"),
        ("legacy exceptions", "legacy-exceptions"),
        ("threads", "threads"),
        ("shared memor", "threads"),
        ("memory64", "memory64"),
        ("64-bit", "memory64"),
        ("multi-memory", "multi-memory"),
        ("multiple memories", "multi-memory"),
        ("function references", "function-references"),
        ("gc support", "gc"),
        ("extended const", "extended-const"),
        ("wide arithmetic", "wide-arithmetic"),
        ("custom page sizes", "custom-page-sizes"),
        ("stack switching", "stack-switching"),
        ("component model", "component-model"),
    ];
    FEATURES
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map(|&(_, name)| name)
}

/// The validator also decodes; these of its messages are about the binary
/// format (malformed), not about typing (invalid).
fn is_decoding_error(message: &str) -> bool {
    const DECODING: &[&str] = &[
        "malformed",
        "unexpected end",
        "too long",
        "too large",
        "integer representation",
        "zero byte expected",
        "section size mismatch",
        "section out of order",
        "invalid leading byte",
        "invalid var_u32",
        "invalid section",
        "unknown binary version",
        "magic header",
    ];
    DECODING.iter().any(|d| message.contains(d))
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Malformed { offset, message } => {
                write!(f, "malformed module at offset 0x{offset:x}: {message}")
            }
            Error::Invalid { offset, message } => {
                write!(f, "invalid module at offset 0x{offset:x}: {message}")
            }
            Error::Unsupported { offset, message } => match feature_of(message) {
                Some(name) => write!(
                    f,
                    "unsupported feature: {name} ({message}, at offset 0x{offset:x})"
                ),
                None => write!(f, "unsupported feature at offset 0x{offset:x}: {message}"),
            },
            Error::Link {
                module,
                name,
                message,
            } => write!(f, "cannot link import \"{module}\" \"{name}\": {message}"),
            Error::Trap(t) => write!(f, "{t}"),
            Error::Resource(m) => write!(f, "resource limit: {m}"),
            Error::Usage(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<Trap> for Error {
    fn from(t: Trap) -> Self {
        Error::Trap(t)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
