//! The one trap vocabulary shared by both tiers and both C APIs.
//!
//! A [`TrapCode`] is what went wrong; [`TrapCode::message`] is the spec's
//! text for it. A [`Trap`] adds the wasm frames at the moment it happened.

use std::fmt;
use std::sync::Arc;

/// Why execution stopped. `repr(u8)` so that compiled code can pass it as a byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum TrapCode {
    Unreachable = 0,
    MemoryOutOfBounds = 1,
    TableOutOfBounds = 2,
    IndirectCallToNull = 3,
    BadSignature = 4,
    IntegerOverflow = 5,
    IntegerDivisionByZero = 6,
    BadConversionToInteger = 7,
    StackOverflow = 8,
    /// `call_indirect` past the end of the table.
    UndefinedElement = 9,
    /// Raised by a host function (the message is the host's).
    Host = 10,
    /// Execution was interrupted by the embedder.
    Interrupted = 11,
    /// The program asked to exit (WASI `proc_exit`); not an error as such.
    Exit = 12,
    /// The store's fuel ran out (`Config::consume_fuel`).
    OutOfFuel = 13,
    /// A wasm exception that no handler caught (exception handling).
    Exception = 14,
    /// `throw_ref` of a null exnref.
    NullExceptionReference = 15,
}

impl TrapCode {
    /// The spec testsuite's text for this trap.
    pub fn message(self) -> &'static str {
        match self {
            TrapCode::Unreachable => "unreachable",
            TrapCode::MemoryOutOfBounds => "out of bounds memory access",
            TrapCode::TableOutOfBounds => "out of bounds table access",
            TrapCode::IndirectCallToNull => "uninitialized element",
            TrapCode::BadSignature => "indirect call type mismatch",
            TrapCode::IntegerOverflow => "integer overflow",
            TrapCode::IntegerDivisionByZero => "integer divide by zero",
            TrapCode::BadConversionToInteger => "invalid conversion to integer",
            TrapCode::StackOverflow => "call stack exhausted",
            TrapCode::UndefinedElement => "undefined element",
            TrapCode::Host => "host trap",
            TrapCode::Interrupted => "interrupted",
            TrapCode::Exit => "exit",
            TrapCode::OutOfFuel => "all fuel consumed",
            TrapCode::Exception => "uncaught wasm exception",
            TrapCode::NullExceptionReference => "null exception reference",
        }
    }

    pub fn from_u8(b: u8) -> Option<TrapCode> {
        use TrapCode::*;
        Some(match b {
            0 => Unreachable,
            1 => MemoryOutOfBounds,
            2 => TableOutOfBounds,
            3 => IndirectCallToNull,
            4 => BadSignature,
            5 => IntegerOverflow,
            6 => IntegerDivisionByZero,
            7 => BadConversionToInteger,
            8 => StackOverflow,
            9 => UndefinedElement,
            10 => Host,
            11 => Interrupted,
            12 => Exit,
            13 => OutOfFuel,
            14 => Exception,
            15 => NullExceptionReference,
            _ => return None,
        })
    }
}

/// One wasm frame of a trap's backtrace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameInfo {
    /// Store index of the instance the function belongs to.
    pub instance: u32,
    /// Index of the function in its module's function index space.
    pub func_index: u32,
    /// Byte offset of the instruction from the start of the function body.
    pub func_offset: usize,
    /// Byte offset of the instruction from the start of the module.
    pub module_offset: usize,
    /// The function's name from the name section, if any.
    pub func_name: Option<Arc<str>>,
    /// The module's name from the name section, if any.
    pub module_name: Option<Arc<str>>,
}

impl fmt::Display for FrameInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let module = self.module_name.as_deref().unwrap_or("<module>");
        write!(f, "{module}!")?;
        match &self.func_name {
            Some(n) => write!(f, "{n}")?,
            None => write!(f, "<func {}>", self.func_index)?,
        }
        write!(f, " @ 0x{:x}", self.module_offset)
    }
}

/// A trap: a code, a message, and the wasm frames (innermost first).
#[derive(Clone, Debug, PartialEq)]
pub struct Trap {
    code: TrapCode,
    message: Box<str>,
    frames: Vec<FrameInfo>,
    /// For `TrapCode::Exit`: the status the program exits with.
    exit_status: Option<i32>,
    /// For `TrapCode::Exception` while the exception is still in wasm:
    /// the exception object (store index), which a handler may catch.
    /// None once it has left wasm for the host (then it is a plain trap).
    exn: Option<u32>,
}

impl Trap {
    pub fn new(code: TrapCode) -> Self {
        Trap {
            code,
            message: code.message().into(),
            frames: Vec::new(),
            exit_status: None,
            exn: None,
        }
    }

    /// The program exits with `status` (WASI `proc_exit`): unwinds all wasm
    /// frames like a trap; the embedder reads the status back.
    pub fn exit(status: i32) -> Self {
        Trap {
            code: TrapCode::Exit,
            message: format!("exit with status {status}").into_boxed_str(),
            frames: Vec::new(),
            exit_status: Some(status),
            exn: None,
        }
    }

    /// The exit status, if this is a `proc_exit` rather than a failure.
    pub fn exit_status(&self) -> Option<i32> {
        self.exit_status
    }

    /// A trap raised by host code, with its own message.
    pub fn host(message: impl Into<String>) -> Self {
        Trap {
            code: TrapCode::Host,
            message: message.into().into_boxed_str(),
            frames: Vec::new(),
            exit_status: None,
            exn: None,
        }
    }

    /// A thrown wasm exception on its way to a handler (exception `exn`
    /// of the store).
    pub(crate) fn exception(exn: u32) -> Self {
        Trap {
            exn: Some(exn),
            ..Trap::new(TrapCode::Exception)
        }
    }

    /// The exception object this trap carries while it can be caught.
    pub(crate) fn exn(&self) -> Option<u32> {
        self.exn
    }

    /// The exception left wasm: it can no longer be caught; `message`
    /// says which it was.
    pub(crate) fn into_uncaught(mut self, message: String) -> Self {
        self.exn = None;
        self.message = message.into_boxed_str();
        self
    }

    pub fn code(&self) -> TrapCode {
        self.code
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    /// Frames, innermost first.
    pub fn frames(&self) -> &[FrameInfo] {
        &self.frames
    }
    pub(crate) fn set_frames(&mut self, frames: Vec<FrameInfo>) {
        self.frames = frames;
    }
}

impl From<TrapCode> for Trap {
    fn from(code: TrapCode) -> Self {
        Trap::new(code)
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if !self.frames.is_empty() {
            write!(f, "\nwasm backtrace:")?;
            for (i, fr) in self.frames.iter().enumerate() {
                write!(f, "\n  {i}: {fr}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Trap {}
