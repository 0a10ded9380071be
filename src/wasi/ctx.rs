//! What a WASI program sees of the outside world: its arguments, its
//! environment, its standard streams and its preopened directories, and
//! the table of file descriptors it holds at run time.

use super::abi::{filetype, rights};
use super::sandbox;
use crate::runtime::{Error, Instance, Memory};
use std::collections::BTreeSet;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// Where a guest's standard input comes from.
#[derive(Clone, Debug, Default)]
pub enum WasiInput {
    /// The host process's standard input.
    #[default]
    Inherit,
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
    /// Immediately at end of file.
    Null,
}

/// Where a guest's standard output or error goes.
#[derive(Clone, Debug, Default)]
pub enum WasiOutput {
    /// The host process's stream.
    #[default]
    Inherit,
    /// Appended to this buffer (for tests and embedders that capture).
    Buffer(WasiBuffer),
    /// Discarded.
    Null,
}

/// A byte buffer a guest writes to, shared with the host that reads it.
#[derive(Clone, Debug, Default)]
pub struct WasiBuffer(Arc<Mutex<Vec<u8>>>);

impl WasiBuffer {
    pub fn new() -> Self {
        Self::default()
    }
    fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.lock().clone()
    }
    /// Everything written so far, as (lossy) UTF-8.
    pub fn to_string_lossy(&self) -> String {
        String::from_utf8_lossy(&self.lock()).into_owned()
    }
    pub(crate) fn append(&self, data: &[u8]) {
        self.lock().extend_from_slice(data);
    }
}

/// Builds a [`WasiCtx`]. Nothing is shared with the guest unless asked:
/// no arguments, no environment, no directories; standard streams are
/// inherited unless replaced.
#[derive(Clone, Debug, Default)]
pub struct WasiCtxBuilder {
    args: Vec<Vec<u8>>,
    env: Vec<(Vec<u8>, Vec<u8>)>,
    preopens: Vec<(PathBuf, String)>,
    stdin: WasiInput,
    stdout: WasiOutput,
    stderr: WasiOutput,
}

impl WasiCtxBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Append one argument (the first is the program name, `argv[0]`).
    pub fn arg(mut self, arg: impl AsRef<[u8]>) -> Self {
        self.args.push(arg.as_ref().to_vec());
        self
    }

    pub fn args<A: AsRef<[u8]>>(mut self, args: impl IntoIterator<Item = A>) -> Self {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_vec()));
        self
    }

    /// Set `key=value` in the guest's environment (replacing an earlier value).
    pub fn env(mut self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> Self {
        let key = key.as_ref().to_vec();
        let value = value.as_ref().to_vec();
        match self.env.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.env.push((key, value)),
        }
        self
    }

    /// Copy the host process's whole environment (later `env` calls override).
    pub fn inherit_env(mut self) -> Self {
        for (k, v) in std::env::vars_os() {
            self = self.env(k.as_bytes(), v.as_bytes());
        }
        self
    }

    /// Give the guest the host directory `host` under the name `guest` (the
    /// path the guest uses for it, such as `/data` or `.`). The guest can
    /// reach what lies beneath `host`, and nothing else.
    pub fn preopen_dir(mut self, host: impl AsRef<Path>, guest: impl Into<String>) -> Self {
        self.preopens
            .push((host.as_ref().to_path_buf(), guest.into()));
        self
    }

    pub fn stdin(mut self, input: WasiInput) -> Self {
        self.stdin = input;
        self
    }
    pub fn stdout(mut self, output: WasiOutput) -> Self {
        self.stdout = output;
        self
    }
    pub fn stderr(mut self, output: WasiOutput) -> Self {
        self.stderr = output;
        self
    }

    /// Check the arguments and environment and open the preopened
    /// directories (an error names the one that cannot be opened).
    pub fn build(self) -> Result<WasiCtx, Error> {
        for a in &self.args {
            if a.contains(&0) {
                return Err(Error::usage(format!(
                    "WASI argument `{}` contains a NUL byte",
                    String::from_utf8_lossy(a)
                )));
            }
        }
        let mut env = Vec::with_capacity(self.env.len());
        for (k, v) in &self.env {
            if k.is_empty() || k.contains(&b'=') || k.contains(&0) || v.contains(&0) {
                return Err(Error::usage(format!(
                    "WASI environment variable `{}` is not a valid NAME=VALUE \
                     (empty name, `=` in the name, or a NUL byte)",
                    String::from_utf8_lossy(k)
                )));
            }
            env.push([k.as_slice(), b"=", v.as_slice()].concat());
        }
        let mut fds = vec![
            Some(stdin_entry(&self.stdin)),
            Some(stdout_entry(&self.stdout, 1)),
            Some(stdout_entry(&self.stderr, 2)),
        ];
        for (host, guest) in &self.preopens {
            if guest.is_empty() || guest.contains('\0') {
                return Err(Error::usage(format!(
                    "the guest name of preopened directory `{}` is empty or contains NUL",
                    host.display()
                )));
            }
            let fd = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_DIRECTORY)
                .open(host)
                .map_err(|e| {
                    Error::usage(format!(
                        "cannot open directory `{}` to preopen it: {e}",
                        host.display()
                    ))
                })?;
            fds.push(Some(Entry {
                kind: Kind::Dir(Dir {
                    fd: fd.into(),
                    preopen: Some(guest.clone()),
                    listing: None,
                }),
                base: rights::DIR,
                inheriting: rights::DIR_INHERITING,
                flags: 0,
            }));
        }
        Ok(WasiCtx {
            state: Arc::new(Mutex::new(WasiState {
                args: self.args,
                env,
                fds,
                free: BTreeSet::new(),
                memory_cache: None,
            })),
        })
    }
}

use std::os::unix::fs::OpenOptionsExt;

fn stdio_rights(fd: RawFd) -> u64 {
    // SAFETY: isatty only inspects the descriptor.
    if unsafe { libc::isatty(fd) } == 1 {
        rights::TTY
    } else {
        rights::FILE
    }
}

fn stdin_entry(input: &WasiInput) -> Entry {
    let (kind, base) = match input {
        WasiInput::Inherit => (Kind::Host(HostFd::Stdio(0)), stdio_rights(0)),
        WasiInput::Bytes(b) => (
            Kind::Input {
                data: b.clone(),
                pos: 0,
            },
            rights::TTY & !rights::FD_WRITE,
        ),
        WasiInput::Null => (Kind::Null, rights::TTY),
    };
    Entry {
        kind,
        base,
        inheriting: 0,
        flags: 0,
    }
}

fn stdout_entry(output: &WasiOutput, fd: RawFd) -> Entry {
    let (kind, base) = match output {
        WasiOutput::Inherit => (Kind::Host(HostFd::Stdio(fd)), stdio_rights(fd)),
        WasiOutput::Buffer(b) => (Kind::Output(b.clone()), rights::TTY & !rights::FD_READ),
        WasiOutput::Null => (Kind::Null, rights::TTY),
    };
    Entry {
        kind,
        base,
        inheriting: 0,
        flags: 0,
    }
}

/// The WASI state of a program: give it to [`WasiCtx::imports`] to link a
/// module against it. Cloning shares the state (the same fd table).
#[derive(Clone, Debug)]
pub struct WasiCtx {
    pub(crate) state: Arc<Mutex<WasiState>>,
}

/// A host descriptor a guest fd stands for.
#[derive(Debug)]
pub(crate) enum HostFd {
    Owned(OwnedFd),
    /// The host's standard stream: used, never closed.
    Stdio(RawFd),
}

impl HostFd {
    pub fn raw(&self) -> RawFd {
        match self {
            HostFd::Owned(f) => f.as_raw_fd(),
            HostFd::Stdio(fd) => *fd,
        }
    }
}

/// One entry of a directory listing, as `fd_readdir` returns them.
#[derive(Debug, Clone)]
pub(crate) struct DirEntry {
    pub name: Vec<u8>,
    pub ino: u64,
    pub filetype: u8,
}

#[derive(Debug)]
pub(crate) struct Dir {
    pub fd: OwnedFd,
    /// The guest path, for a preopened directory.
    pub preopen: Option<String>,
    /// The listing `fd_readdir` serves cookies from (read at cookie 0).
    pub listing: Option<Vec<DirEntry>>,
}

#[derive(Debug)]
pub(crate) enum Kind {
    /// A file, device, pipe or terminal of the host.
    Host(HostFd),
    Dir(Dir),
    /// In-memory standard input.
    Input {
        data: Vec<u8>,
        pos: usize,
    },
    /// In-memory standard output or error.
    Output(WasiBuffer),
    /// Reads end of file, writes are discarded.
    Null,
}

/// An open guest file descriptor.
#[derive(Debug)]
pub(crate) struct Entry {
    pub kind: Kind,
    pub base: u64,
    pub inheriting: u64,
    /// `fdflags` of in-memory streams (host fds keep theirs in the kernel).
    pub flags: u16,
}

impl Entry {
    /// The host descriptor behind this entry, if any.
    pub fn host_fd(&self) -> Option<RawFd> {
        match &self.kind {
            Kind::Host(h) => Some(h.raw()),
            Kind::Dir(d) => Some(d.fd.as_raw_fd()),
            _ => None,
        }
    }

    pub fn filetype(&self) -> u8 {
        match &self.kind {
            Kind::Dir(_) => filetype::DIRECTORY,
            Kind::Host(h) => sandbox::fstat(h.raw())
                .map_or(filetype::UNKNOWN, |st| filetype::from_mode(st.st_mode)),
            _ => filetype::UNKNOWN,
        }
    }
}

/// Everything a running guest has; behind the context's mutex.
#[derive(Debug)]
pub(crate) struct WasiState {
    pub args: Vec<Vec<u8>>,
    /// `KEY=VALUE` strings.
    pub env: Vec<Vec<u8>>,
    /// Indexed by guest descriptor number; a closed number stays as `None`.
    pub fds: Vec<Option<Entry>>,
    /// The numbers of the `None` slots of `fds`, which `insert` reuses.
    pub free: BTreeSet<u32>,
    /// The memory of the instance that called last (export lookups are by name).
    pub memory_cache: Option<(Instance, Memory)>,
}

impl WasiState {
    pub fn entry(&mut self, fd: u32) -> Result<&mut Entry, super::abi::Errno> {
        self.fds
            .get_mut(fd as usize)
            .and_then(Option::as_mut)
            .ok_or(super::abi::Errno::BADF)
    }

    /// The entry of `fd`, which must hold all of `need`.
    pub fn entry_with(&mut self, fd: u32, need: u64) -> Result<&mut Entry, super::abi::Errno> {
        let e = self.entry(fd)?;
        if e.base & need != need {
            return Err(super::abi::Errno::NOTCAPABLE);
        }
        Ok(e)
    }

    /// Put `e` at a free descriptor number, chosen as Wasmtime (and so the
    /// programs tested on it) does: the highest number freed earlier by
    /// `fd_close` or `fd_renumber` and not yet reused, else one above the
    /// highest number ever handed out. A freed number is not the lowest
    /// free one: after `close(1)` a program's next file does not become its
    /// standard output when other numbers are free (yosys relies on that).
    pub fn insert(&mut self, e: Entry) -> u32 {
        match self.free.pop_last() {
            Some(fd) => {
                self.fds[fd as usize] = Some(e);
                fd
            }
            None => {
                self.fds.push(Some(e));
                (self.fds.len() - 1) as u32
            }
        }
    }

    pub fn remove(&mut self, fd: u32) -> Result<Entry, super::abi::Errno> {
        let e = self
            .fds
            .get_mut(fd as usize)
            .and_then(Option::take)
            .ok_or(super::abi::Errno::BADF)?;
        self.free.insert(fd);
        Ok(e)
    }

    /// `fd_renumber`: move `from` onto `to` (both open), closing what `to`
    /// held; `from` becomes free.
    pub fn renumber(&mut self, from: u32, to: u32) -> Result<(), super::abi::Errno> {
        self.entry(from)?;
        self.entry(to)?;
        if from != to {
            let e = self.remove(from)?;
            // `to` is open, so its slot exists; the old entry is dropped (closed).
            self.fds[to as usize] = Some(e);
        }
        Ok(())
    }
}

impl WasiCtx {
    /// Make guest fd `guest` (0, 1 or 2) stand for the host descriptor
    /// `host`, which the embedder owns (used, never closed). For the
    /// WAMR-style embedding API's stdio fds (`wasm_runtime_set_wasi_args_ex`).
    pub fn set_stdio_host_fd(&self, guest: u32, host: RawFd) -> Result<(), Error> {
        if guest > 2 || host < 0 {
            return Err(Error::usage(format!(
                "cannot make guest fd {guest} stand for host fd {host}: only 0-2 and valid fds"
            )));
        }
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.fds[guest as usize] = Some(Entry {
            kind: Kind::Host(HostFd::Stdio(host)),
            base: stdio_rights(host),
            inheriting: 0,
            flags: 0,
        });
        Ok(())
    }
}
