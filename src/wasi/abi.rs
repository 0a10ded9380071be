//! The WASI preview1 ABI as plain constants: errno values, rights, flags,
//! enumerations and the byte layouts of the structures the guest reads and
//! writes. Numbers follow `wasi_snapshot_preview1.witx`; where the legacy
//! `wasi_unstable` (snapshot 0) differs, both are given.

/// Which WASI module an import names. The two share their functions; they
/// differ in `fd_seek`'s whence values, the `filestat` layout (snapshot 0
/// has a 32-bit `nlink`) and the clock subscription layout of
/// `poll_oneoff` (snapshot 0 has an extra `identifier` field), and snapshot
/// 0 has no `sock_accept`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Preview1,
    Unstable,
}

pub const MODULE_PREVIEW1: &str = "wasi_snapshot_preview1";
pub const MODULE_UNSTABLE: &str = "wasi_unstable";

impl Flavor {
    pub fn of_module(name: &str) -> Option<Flavor> {
        match name {
            MODULE_PREVIEW1 => Some(Flavor::Preview1),
            MODULE_UNSTABLE => Some(Flavor::Unstable),
            _ => None,
        }
    }
}

/// A WASI error number (`errno`, a u16 in memory, an i32 result).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Errno(pub u16);

#[allow(dead_code)]
impl Errno {
    pub const SUCCESS: Errno = Errno(0);
    pub const TOOBIG: Errno = Errno(1);
    pub const ACCES: Errno = Errno(2);
    pub const ADDRINUSE: Errno = Errno(3);
    pub const ADDRNOTAVAIL: Errno = Errno(4);
    pub const AFNOSUPPORT: Errno = Errno(5);
    pub const AGAIN: Errno = Errno(6);
    pub const ALREADY: Errno = Errno(7);
    pub const BADF: Errno = Errno(8);
    pub const BADMSG: Errno = Errno(9);
    pub const BUSY: Errno = Errno(10);
    pub const CANCELED: Errno = Errno(11);
    pub const CHILD: Errno = Errno(12);
    pub const CONNABORTED: Errno = Errno(13);
    pub const CONNREFUSED: Errno = Errno(14);
    pub const CONNRESET: Errno = Errno(15);
    pub const DEADLK: Errno = Errno(16);
    pub const DESTADDRREQ: Errno = Errno(17);
    pub const DOM: Errno = Errno(18);
    pub const DQUOT: Errno = Errno(19);
    pub const EXIST: Errno = Errno(20);
    pub const FAULT: Errno = Errno(21);
    pub const FBIG: Errno = Errno(22);
    pub const HOSTUNREACH: Errno = Errno(23);
    pub const IDRM: Errno = Errno(24);
    pub const ILSEQ: Errno = Errno(25);
    pub const INPROGRESS: Errno = Errno(26);
    pub const INTR: Errno = Errno(27);
    pub const INVAL: Errno = Errno(28);
    pub const IO: Errno = Errno(29);
    pub const ISCONN: Errno = Errno(30);
    pub const ISDIR: Errno = Errno(31);
    pub const LOOP: Errno = Errno(32);
    pub const MFILE: Errno = Errno(33);
    pub const MLINK: Errno = Errno(34);
    pub const MSGSIZE: Errno = Errno(35);
    pub const MULTIHOP: Errno = Errno(36);
    pub const NAMETOOLONG: Errno = Errno(37);
    pub const NETDOWN: Errno = Errno(38);
    pub const NETRESET: Errno = Errno(39);
    pub const NETUNREACH: Errno = Errno(40);
    pub const NFILE: Errno = Errno(41);
    pub const NOBUFS: Errno = Errno(42);
    pub const NODEV: Errno = Errno(43);
    pub const NOENT: Errno = Errno(44);
    pub const NOEXEC: Errno = Errno(45);
    pub const NOLCK: Errno = Errno(46);
    pub const NOLINK: Errno = Errno(47);
    pub const NOMEM: Errno = Errno(48);
    pub const NOMSG: Errno = Errno(49);
    pub const NOPROTOOPT: Errno = Errno(50);
    pub const NOSPC: Errno = Errno(51);
    pub const NOSYS: Errno = Errno(52);
    pub const NOTCONN: Errno = Errno(53);
    pub const NOTDIR: Errno = Errno(54);
    pub const NOTEMPTY: Errno = Errno(55);
    pub const NOTRECOVERABLE: Errno = Errno(56);
    pub const NOTSOCK: Errno = Errno(57);
    pub const NOTSUP: Errno = Errno(58);
    pub const NOTTY: Errno = Errno(59);
    pub const NXIO: Errno = Errno(60);
    pub const OVERFLOW: Errno = Errno(61);
    pub const OWNERDEAD: Errno = Errno(62);
    pub const PERM: Errno = Errno(63);
    pub const PIPE: Errno = Errno(64);
    pub const PROTO: Errno = Errno(65);
    pub const PROTONOSUPPORT: Errno = Errno(66);
    pub const PROTOTYPE: Errno = Errno(67);
    pub const RANGE: Errno = Errno(68);
    pub const ROFS: Errno = Errno(69);
    pub const SPIPE: Errno = Errno(70);
    pub const SRCH: Errno = Errno(71);
    pub const STALE: Errno = Errno(72);
    pub const TIMEDOUT: Errno = Errno(73);
    pub const TXTBSY: Errno = Errno(74);
    pub const XDEV: Errno = Errno(75);
    pub const NOTCAPABLE: Errno = Errno(76);

    /// The WASI errno for a host (Linux) errno. Every errno WASI has a
    /// name for maps to it; the few Linux-only ones become `EIO`.
    pub fn from_host(e: i32) -> Errno {
        use libc::*;
        match e {
            0 => Errno::SUCCESS,
            E2BIG => Errno::TOOBIG,
            EACCES => Errno::ACCES,
            EADDRINUSE => Errno::ADDRINUSE,
            EADDRNOTAVAIL => Errno::ADDRNOTAVAIL,
            EAFNOSUPPORT => Errno::AFNOSUPPORT,
            EAGAIN => Errno::AGAIN,
            EALREADY => Errno::ALREADY,
            EBADF => Errno::BADF,
            EBADMSG => Errno::BADMSG,
            EBUSY => Errno::BUSY,
            ECANCELED => Errno::CANCELED,
            ECHILD => Errno::CHILD,
            ECONNABORTED => Errno::CONNABORTED,
            ECONNREFUSED => Errno::CONNREFUSED,
            ECONNRESET => Errno::CONNRESET,
            EDEADLK => Errno::DEADLK,
            EDESTADDRREQ => Errno::DESTADDRREQ,
            EDOM => Errno::DOM,
            EDQUOT => Errno::DQUOT,
            EEXIST => Errno::EXIST,
            EFAULT => Errno::FAULT,
            EFBIG => Errno::FBIG,
            EHOSTUNREACH | EHOSTDOWN => Errno::HOSTUNREACH,
            EIDRM => Errno::IDRM,
            EILSEQ => Errno::ILSEQ,
            EINPROGRESS => Errno::INPROGRESS,
            EINTR => Errno::INTR,
            EINVAL => Errno::INVAL,
            EIO => Errno::IO,
            EISCONN => Errno::ISCONN,
            EISDIR => Errno::ISDIR,
            ELOOP => Errno::LOOP,
            EMFILE => Errno::MFILE,
            EMLINK => Errno::MLINK,
            EMSGSIZE => Errno::MSGSIZE,
            EMULTIHOP => Errno::MULTIHOP,
            ENAMETOOLONG => Errno::NAMETOOLONG,
            ENETDOWN => Errno::NETDOWN,
            ENETRESET => Errno::NETRESET,
            ENETUNREACH => Errno::NETUNREACH,
            ENFILE => Errno::NFILE,
            ENOBUFS => Errno::NOBUFS,
            ENODEV => Errno::NODEV,
            ENOENT => Errno::NOENT,
            ENOEXEC => Errno::NOEXEC,
            ENOLCK => Errno::NOLCK,
            ENOLINK => Errno::NOLINK,
            ENOMEM => Errno::NOMEM,
            ENOMSG => Errno::NOMSG,
            ENOPROTOOPT => Errno::NOPROTOOPT,
            ENOSPC => Errno::NOSPC,
            ENOSYS => Errno::NOSYS,
            ENOTCONN => Errno::NOTCONN,
            ENOTDIR => Errno::NOTDIR,
            ENOTEMPTY => Errno::NOTEMPTY,
            ENOTRECOVERABLE => Errno::NOTRECOVERABLE,
            ENOTSOCK => Errno::NOTSOCK,
            // EOPNOTSUPP is ENOTSUP on Linux.
            ENOTSUP => Errno::NOTSUP,
            ENOTTY => Errno::NOTTY,
            ENXIO => Errno::NXIO,
            EOVERFLOW => Errno::OVERFLOW,
            EOWNERDEAD => Errno::OWNERDEAD,
            EPERM => Errno::PERM,
            EPIPE => Errno::PIPE,
            EPROTO => Errno::PROTO,
            EPROTONOSUPPORT => Errno::PROTONOSUPPORT,
            EPROTOTYPE => Errno::PROTOTYPE,
            ERANGE => Errno::RANGE,
            EROFS => Errno::ROFS,
            ESPIPE => Errno::SPIPE,
            ESRCH => Errno::SRCH,
            ESTALE => Errno::STALE,
            ETIMEDOUT => Errno::TIMEDOUT,
            ETXTBSY => Errno::TXTBSY,
            EXDEV => Errno::XDEV,
            _ => Errno::IO,
        }
    }

    /// The WASI errno for the calling thread's current host errno.
    pub fn last() -> Errno {
        Errno::from_host(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
    }

    pub fn from_io(e: &std::io::Error) -> Errno {
        e.raw_os_error().map_or(Errno::IO, Errno::from_host)
    }
}

/// Rights (`rights`, u64 bit set).
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    pub const PATH_OPEN: u64 = 1 << 13;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_READLINK: u64 = 1 << 15;
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const PATH_SYMLINK: u64 = 1 << 24;
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    #[allow(dead_code)]
    pub const SOCK_SHUTDOWN: u64 = 1 << 28;
    #[allow(dead_code)]
    pub const SOCK_ACCEPT: u64 = 1 << 29;

    /// Rights that make sense on a file (or any non-directory).
    pub const FILE: u64 = FD_DATASYNC
        | FD_READ
        | FD_SEEK
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_TELL
        | FD_WRITE
        | FD_ADVISE
        | FD_ALLOCATE
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_SIZE
        | FD_FILESTAT_SET_TIMES
        | POLL_FD_READWRITE;

    /// Rights that make sense on a directory.
    pub const DIR: u64 = FD_DATASYNC
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_ADVISE
        | PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_FILESTAT_GET
        | PATH_FILESTAT_SET_SIZE
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_TIMES
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE
        | POLL_FD_READWRITE;

    /// What a directory hands down to what is opened beneath it.
    pub const DIR_INHERITING: u64 = DIR | FILE;

    /// Standard input, output and error on a terminal: no seek or tell, so
    /// that wasi-libc's `isatty` recognises them.
    pub const TTY: u64 = FILE & !(FD_SEEK | FD_TELL);
}

/// File types (`filetype`, u8).
pub mod filetype {
    pub const UNKNOWN: u8 = 0;
    pub const BLOCK_DEVICE: u8 = 1;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    #[allow(dead_code)]
    pub const SOCKET_DGRAM: u8 = 5;
    pub const SOCKET_STREAM: u8 = 6;
    pub const SYMBOLIC_LINK: u8 = 7;

    /// The WASI file type of a host `st_mode`.
    pub fn from_mode(mode: u32) -> u8 {
        match mode & libc::S_IFMT {
            libc::S_IFREG => REGULAR_FILE,
            libc::S_IFDIR => DIRECTORY,
            libc::S_IFLNK => SYMBOLIC_LINK,
            libc::S_IFCHR => CHARACTER_DEVICE,
            libc::S_IFBLK => BLOCK_DEVICE,
            libc::S_IFSOCK => SOCKET_STREAM,
            _ => UNKNOWN,
        }
    }

    /// The WASI file type of a `d_type` from `readdir`, if it says one.
    pub fn from_dirent(d_type: u8) -> Option<u8> {
        Some(match d_type {
            libc::DT_REG => REGULAR_FILE,
            libc::DT_DIR => DIRECTORY,
            libc::DT_LNK => SYMBOLIC_LINK,
            libc::DT_CHR => CHARACTER_DEVICE,
            libc::DT_BLK => BLOCK_DEVICE,
            libc::DT_SOCK => SOCKET_STREAM,
            libc::DT_FIFO => UNKNOWN,
            _ => return None,
        })
    }
}

/// `fdflags` (u16).
pub mod fdflags {
    pub const APPEND: u16 = 1 << 0;
    pub const DSYNC: u16 = 1 << 1;
    pub const NONBLOCK: u16 = 1 << 2;
    pub const RSYNC: u16 = 1 << 3;
    pub const SYNC: u16 = 1 << 4;
    pub const ALL: u16 = APPEND | DSYNC | NONBLOCK | RSYNC | SYNC;
}

/// `oflags` (u16).
pub mod oflags {
    pub const CREAT: u16 = 1 << 0;
    pub const DIRECTORY: u16 = 1 << 1;
    pub const EXCL: u16 = 1 << 2;
    pub const TRUNC: u16 = 1 << 3;
    pub const ALL: u16 = CREAT | DIRECTORY | EXCL | TRUNC;
}

/// `lookupflags` (u32).
pub const LOOKUP_SYMLINK_FOLLOW: u32 = 1;

/// `fstflags` (u16).
pub mod fstflags {
    pub const ATIM: u16 = 1 << 0;
    pub const ATIM_NOW: u16 = 1 << 1;
    pub const MTIM: u16 = 1 << 2;
    pub const MTIM_NOW: u16 = 1 << 3;
    pub const ALL: u16 = ATIM | ATIM_NOW | MTIM | MTIM_NOW;
}

/// `clockid` (u32).
pub mod clock {
    pub const REALTIME: u32 = 0;
    pub const MONOTONIC: u32 = 1;
    pub const PROCESS_CPUTIME: u32 = 2;
    pub const THREAD_CPUTIME: u32 = 3;

    /// The host clock of a WASI clock id.
    pub fn host(id: u32) -> Option<libc::clockid_t> {
        Some(match id {
            REALTIME => libc::CLOCK_REALTIME,
            MONOTONIC => libc::CLOCK_MONOTONIC,
            PROCESS_CPUTIME => libc::CLOCK_PROCESS_CPUTIME_ID,
            THREAD_CPUTIME => libc::CLOCK_THREAD_CPUTIME_ID,
            _ => return None,
        })
    }
}

/// `whence` (u8): the host `SEEK_*` of a guest value in each flavor.
pub fn whence(flavor: Flavor, w: u32) -> Option<i32> {
    match (flavor, w) {
        (Flavor::Preview1, 0) | (Flavor::Unstable, 2) => Some(libc::SEEK_SET),
        (Flavor::Preview1, 1) | (Flavor::Unstable, 0) => Some(libc::SEEK_CUR),
        (Flavor::Preview1, 2) | (Flavor::Unstable, 1) => Some(libc::SEEK_END),
        _ => None,
    }
}

/// `eventtype` (u8).
pub mod eventtype {
    pub const CLOCK: u8 = 0;
    pub const FD_READ: u8 = 1;
    pub const FD_WRITE: u8 = 2;
}

/// `subclockflags`: the timeout is an absolute time.
pub const SUBSCRIPTION_CLOCK_ABSTIME: u16 = 1;
/// `eventrwflags`: the peer hung up.
pub const EVENT_FD_READWRITE_HANGUP: u16 = 1;

/// `preopentype`: a directory.
pub const PREOPENTYPE_DIR: u8 = 0;

/// Sizes of the structures the guest passes.
pub const IOVEC_SIZE: u32 = 8;
pub const FDSTAT_SIZE: u32 = 24;
pub const PRESTAT_SIZE: u32 = 8;
pub const DIRENT_SIZE: u32 = 24;
pub const EVENT_SIZE: u32 = 32;

/// Size of `filestat` in each flavor.
pub fn filestat_size(flavor: Flavor) -> u32 {
    match flavor {
        Flavor::Preview1 => 64,
        Flavor::Unstable => 56,
    }
}

/// Size of `subscription` in each flavor.
pub fn subscription_size(flavor: Flavor) -> u32 {
    match flavor {
        Flavor::Preview1 => 48,
        Flavor::Unstable => 56,
    }
}

/// A file's attributes, as `fd_filestat_get` and `path_filestat_get` give them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

fn timestamp(sec: i64, nsec: i64) -> u64 {
    // Times before 1970 cannot be expressed; they read as 0.
    (sec as i128 * 1_000_000_000 + nsec as i128).clamp(0, u64::MAX as i128) as u64
}

impl Filestat {
    pub fn from_stat(st: &libc::stat) -> Filestat {
        Filestat {
            dev: st.st_dev,
            ino: st.st_ino,
            filetype: filetype::from_mode(st.st_mode),
            nlink: st.st_nlink,
            size: st.st_size as u64,
            atim: timestamp(st.st_atime, st.st_atime_nsec),
            mtim: timestamp(st.st_mtime, st.st_mtime_nsec),
            ctim: timestamp(st.st_ctime, st.st_ctime_nsec),
        }
    }

    /// The guest bytes of this filestat in `flavor`'s layout.
    pub fn encode(&self, flavor: Flavor) -> Vec<u8> {
        let mut b = vec![0u8; filestat_size(flavor) as usize];
        b[0..8].copy_from_slice(&self.dev.to_le_bytes());
        b[8..16].copy_from_slice(&self.ino.to_le_bytes());
        b[16] = self.filetype;
        let rest = match flavor {
            Flavor::Preview1 => {
                b[24..32].copy_from_slice(&self.nlink.to_le_bytes());
                32
            }
            Flavor::Unstable => {
                let nlink = u32::try_from(self.nlink).unwrap_or(u32::MAX);
                b[20..24].copy_from_slice(&nlink.to_le_bytes());
                24
            }
        };
        for (i, v) in [self.size, self.atim, self.mtim, self.ctim]
            .iter()
            .enumerate()
        {
            let at = rest + 8 * i;
            b[at..at + 8].copy_from_slice(&v.to_le_bytes());
        }
        b
    }
}
