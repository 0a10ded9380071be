//! Path resolution confined to a directory: the one place where a guest
//! path becomes a host file descriptor.
//!
//! Every guest path is relative to a directory fd the guest holds (a
//! preopen or something opened beneath one). It must never reach anything
//! outside that directory: not by `..`, not by an absolute path, not by a
//! symlink (absolute or climbing) met anywhere along the way, not through
//! `/proc` magic links. With Linux >= 5.6 the kernel enforces this:
//! `openat2(dir, path, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)`. Without
//! `openat2` (older kernels, or a seccomp filter that refuses it) a walk
//! opens one component at a time with `O_NOFOLLOW`, expands symlinks itself
//! and refuses any `..` above the starting directory and any absolute
//! symlink target.
//!
//! Operations on a final component (unlink, mkdir, rename, ...) resolve the
//! parent directory this way and then act on the last component relative to
//! that parent fd, with calls that do not follow a symlink in that last
//! position. Escapes are reported as [`ESCAPE`] (`EPERM`, as Wasmtime does).
//!
//! Setting `FERROWASM_WASI_NO_OPENAT2` (to anything) in the environment of
//! the host process makes it use the fallback walk even where `openat2`
//! works; the tests use it to run the escape suite through both.

use super::abi::Errno;
use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::OnceLock;

/// The error of a path that would leave the sandbox (`..` above the
/// starting directory, an absolute path or symlink target): `EPERM`, as
/// Wasmtime returns it, so that programs print the same message on both
/// (`ENOTCAPABLE` is left for missing rights).
pub const ESCAPE: Errno = Errno::PERM;

/// Symlinks expanded in one resolution before `ELOOP` (Linux's limit).
const MAX_SYMLINKS: u32 = 40;

/// Checks every guest path gets before it is used.
pub fn check_path(path: &str) -> Result<(), Errno> {
    if path.is_empty() {
        return Err(Errno::NOENT);
    }
    if path.starts_with('/') {
        return Err(ESCAPE);
    }
    if path.contains('\0') {
        return Err(Errno::INVAL);
    }
    Ok(())
}

fn cstring(s: &str) -> Result<CString, Errno> {
    CString::new(s).map_err(|_| Errno::INVAL)
}

/// Retry a system call while it is interrupted.
fn retry(mut f: impl FnMut() -> libc::c_long) -> Result<libc::c_long, i32> {
    loop {
        let r = f();
        if r >= 0 {
            return Ok(r);
        }
        let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        if e != libc::EINTR {
            return Err(e);
        }
    }
}

fn owned(fd: libc::c_long) -> OwnedFd {
    // SAFETY: `fd` was just returned by a successful open call and nothing
    // else owns it.
    unsafe { OwnedFd::from_raw_fd(fd as RawFd) }
}

/// Whether the kernel gives us `openat2` with `RESOLVE_BENEATH` (probed once).
fn have_openat2() -> bool {
    static HAVE: OnceLock<bool> = OnceLock::new();
    *HAVE.get_or_init(|| {
        if std::env::var_os("FERROWASM_WASI_NO_OPENAT2").is_some() {
            return false;
        }
        let Ok(root) = plain_openat(libc::AT_FDCWD, "/", libc::O_PATH | libc::O_DIRECTORY, 0)
        else {
            return false;
        };
        openat2(root.as_raw_fd(), ".", libc::O_PATH, 0).is_ok()
    })
}

fn openat2(dir: RawFd, path: &str, flags: i32, mode: u32) -> Result<OwnedFd, i32> {
    let c = CString::new(path).map_err(|_| libc::EINVAL)?;
    // SAFETY: `open_how` is plain integers; all-zero is valid (and is what
    // the kernel expects of fields we do not set).
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = (flags | libc::O_CLOEXEC) as u32 as u64;
    if flags & libc::O_CREAT != 0 {
        how.mode = mode as u64;
    }
    how.resolve = libc::RESOLVE_BENEATH | libc::RESOLVE_NO_MAGICLINKS;
    let mut again = 0;
    loop {
        // SAFETY: `c` is a NUL-terminated string and `how` a valid
        // `open_how` whose size we pass; both outlive the call.
        let r = retry(|| unsafe {
            libc::syscall(
                libc::SYS_openat2,
                dir,
                c.as_ptr(),
                &how as *const libc::open_how,
                std::mem::size_of::<libc::open_how>(),
            )
        });
        match r {
            Ok(fd) => return Ok(owned(fd)),
            // A concurrent rename can make a `..` lookup ambiguous; the
            // kernel then asks us to try again.
            Err(libc::EAGAIN) if again < 16 => again += 1,
            Err(e) => return Err(e),
        }
    }
}

fn plain_openat(dir: RawFd, name: &str, flags: i32, mode: u32) -> Result<OwnedFd, i32> {
    let c = CString::new(name).map_err(|_| libc::EINVAL)?;
    // SAFETY: `c` is NUL-terminated and outlives the call.
    retry(|| unsafe { libc::openat(dir, c.as_ptr(), flags | libc::O_CLOEXEC, mode) as _ })
        .map(owned)
}

/// `fstatat(dir, name, flags)`.
pub fn fstatat(dir: RawFd, name: &str, flags: i32) -> Result<libc::stat, Errno> {
    let c = cstring(name)?;
    // SAFETY: all-zero is a valid `stat`; the kernel fills it in.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is NUL-terminated and `st` a valid out-pointer.
    let r = unsafe { libc::fstatat(dir, c.as_ptr(), &mut st, flags) };
    if r != 0 {
        return Err(Errno::last());
    }
    Ok(st)
}

/// `fstat(fd)`.
pub fn fstat(fd: RawFd) -> Result<libc::stat, Errno> {
    // SAFETY: all-zero is a valid `stat`; the kernel fills it in.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid out-pointer.
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return Err(Errno::last());
    }
    Ok(st)
}

/// `readlinkat(dir, name)`: the link's contents.
pub fn readlinkat(dir: RawFd, name: &str) -> Result<Vec<u8>, Errno> {
    let c = cstring(name)?;
    let mut buf = vec![0u8; libc::PATH_MAX as usize];
    // SAFETY: `c` is NUL-terminated and `buf` is writable for its length.
    let n = unsafe { libc::readlinkat(dir, c.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    if n < 0 {
        return Err(Errno::last());
    }
    buf.truncate(n as usize);
    Ok(buf)
}

/// Open `path` beneath directory `dir` with open(2) `flags` (and `mode` if
/// creating). `follow`: whether a symlink in the last position is followed
/// (symlinks earlier in the path always are, within the sandbox). An escape
/// is [`ESCAPE`].
pub fn open_beneath(
    dir: RawFd,
    path: &str,
    flags: i32,
    mode: u32,
    follow: bool,
) -> Result<OwnedFd, Errno> {
    check_path(path)?;
    let flags = if follow {
        flags
    } else {
        flags | libc::O_NOFOLLOW
    };
    if have_openat2() {
        match openat2(dir, path, flags, mode) {
            Ok(fd) => return Ok(fd),
            Err(libc::EXDEV) => return Err(ESCAPE),
            Err(libc::ENOSYS) => {}
            Err(e) => return Err(Errno::from_host(e)),
        }
    }
    walk_beneath(dir, path, flags, mode, follow)
}

/// The fallback resolution: one component at a time, never following a
/// symlink blindly. `flags` already carries `O_NOFOLLOW` when `!follow`.
fn walk_beneath(
    dir: RawFd,
    path: &str,
    flags: i32,
    mode: u32,
    follow: bool,
) -> Result<OwnedFd, Errno> {
    let mut comps: Vec<String> = Vec::new();
    push_components(&mut comps, path);
    // Pending components, reversed so that `pop` takes the next one.
    comps.reverse();
    // Directories entered so far; the top is the current one.
    let mut stack: Vec<OwnedFd> = Vec::new();
    let mut links = 0;
    while let Some(c) = comps.pop() {
        let last = comps.is_empty();
        let cur = stack.last().map_or(dir, |f| f.as_raw_fd());
        match c.as_str() {
            "." | ".." => {
                if c == ".." && stack.pop().is_none() {
                    return Err(ESCAPE);
                }
                if last {
                    let cur = stack.last().map_or(dir, |f| f.as_raw_fd());
                    return plain_openat(cur, ".", flags, mode).map_err(Errno::from_host);
                }
            }
            name if !last => {
                let fd = plain_openat(cur, name, libc::O_PATH | libc::O_NOFOLLOW, 0)
                    .map_err(Errno::from_host)?;
                let st = fstat(fd.as_raw_fd())?;
                match st.st_mode & libc::S_IFMT {
                    libc::S_IFDIR => stack.push(fd),
                    libc::S_IFLNK => expand_link(cur, name, &mut comps, &mut links)?,
                    _ => return Err(Errno::NOTDIR),
                }
            }
            name => {
                if follow {
                    if let Ok(st) = fstatat(cur, name, libc::AT_SYMLINK_NOFOLLOW) {
                        if st.st_mode & libc::S_IFMT == libc::S_IFLNK {
                            expand_link(cur, name, &mut comps, &mut links)?;
                            continue;
                        }
                    }
                }
                // O_NOFOLLOW: if the name became a symlink since the check
                // above, this fails (ELOOP) rather than following it, or,
                // with O_PATH, opens the link itself, which is expanded.
                let fd = plain_openat(cur, name, flags | libc::O_NOFOLLOW, mode)
                    .map_err(Errno::from_host)?;
                if follow && flags & libc::O_PATH != 0 && is_symlink(&fd)? {
                    expand_link(cur, name, &mut comps, &mut links)?;
                    continue;
                }
                return Ok(fd);
            }
        }
    }
    // Only reached for an empty component list, which `check_path` excludes.
    Err(Errno::NOENT)
}

/// Whether `fd` (an `O_PATH` descriptor) is a symlink itself.
pub fn is_symlink(fd: &OwnedFd) -> Result<bool, Errno> {
    Ok(fstat(fd.as_raw_fd())?.st_mode & libc::S_IFMT == libc::S_IFLNK)
}

/// Split `path` into components (dropping empty ones and inner `.`); a
/// trailing `/` or `.` becomes a final `.` so that the previous component
/// must be a directory.
fn push_components(out: &mut Vec<String>, path: &str) {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    for p in &parts {
        if *p != "." {
            out.push(p.to_string());
        }
    }
    let dir_suffix = path.ends_with('/') || parts.last() == Some(&".");
    if dir_suffix || out.is_empty() {
        out.push(".".to_string());
    }
}

/// Replace symlink `name` (in directory `cur`) by its target's components.
fn expand_link(
    cur: RawFd,
    name: &str,
    comps: &mut Vec<String>,
    links: &mut u32,
) -> Result<(), Errno> {
    *links += 1;
    if *links > MAX_SYMLINKS {
        return Err(Errno::LOOP);
    }
    let target = readlinkat(cur, name)?;
    let target = String::from_utf8(target).map_err(|_| Errno::ILSEQ)?;
    if target.starts_with('/') {
        return Err(ESCAPE);
    }
    if target.is_empty() {
        return Err(Errno::NOENT);
    }
    let mut more = Vec::new();
    push_components(&mut more, &target);
    comps.extend(more.into_iter().rev());
    Ok(())
}

/// The directory holding a path's last component, opened beneath the
/// starting directory (or the starting directory itself).
pub struct Parent {
    opened: Option<OwnedFd>,
    dir: RawFd,
}

impl Parent {
    pub fn fd(&self) -> RawFd {
        self.opened.as_ref().map_or(self.dir, |f| f.as_raw_fd())
    }
}

/// A path split for an operation on its last component.
pub struct Split {
    pub parent: Parent,
    /// The last component: never empty, `.` or `..`, never contains `/`.
    pub name: String,
    /// The path ended in `/`: the last component must be a directory.
    pub trailing_slash: bool,
}

/// Resolve everything but the last component of `path` beneath `dir`.
/// A last component of `.` or `..` is refused with `dot_errno` (the error
/// the operation would give for it), so no operation ever names `..`
/// relative to the starting directory.
pub fn parent_beneath(dir: RawFd, path: &str, dot_errno: Errno) -> Result<Split, Errno> {
    check_path(path)?;
    let trimmed = path.trim_end_matches('/');
    let trailing_slash = trimmed.len() != path.len();
    let (parent_path, name) = match trimmed.rfind('/') {
        Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
        None => ("", trimmed),
    };
    if name == "." || name == ".." {
        // Still refuse an escaping path with the escape's error.
        if name == ".." || !parent_path.is_empty() {
            open_beneath(dir, trimmed, libc::O_PATH | libc::O_DIRECTORY, 0, true)?;
        }
        return Err(dot_errno);
    }
    let parent = if parent_path.trim_matches('/').is_empty() {
        Parent { opened: None, dir }
    } else {
        let fd = open_beneath(dir, parent_path, libc::O_PATH | libc::O_DIRECTORY, 0, true)?;
        Parent {
            opened: Some(fd),
            dir,
        }
    };
    Ok(Split {
        parent,
        name: name.to_string(),
        trailing_slash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    struct TempDir(PathBuf);
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// outside/secret, and sandbox/ with a file, a subdirectory and links.
    fn setup(tag: &str) -> (TempDir, OwnedFd) {
        let root =
            std::env::temp_dir().join(format!("ferrowasm-sandbox-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let sb = root.join("sandbox");
        std::fs::create_dir_all(sb.join("sub/deeper")).unwrap();
        std::fs::create_dir_all(root.join("outside")).unwrap();
        std::fs::write(root.join("outside/secret"), "secret").unwrap();
        std::fs::write(sb.join("file"), "inside").unwrap();
        use std::os::unix::fs::symlink as ln;
        ln("../outside/secret", sb.join("up_link")).unwrap();
        ln(root.join("outside/secret"), sb.join("abs_link")).unwrap();
        ln("../file", sb.join("sub/ok_link")).unwrap();
        ln("sub", sb.join("sub_link")).unwrap();
        ln("/proc/self/root/etc", sb.join("proc_link")).unwrap();
        ln("loop2", sb.join("loop1")).unwrap();
        ln("loop1", sb.join("loop2")).unwrap();
        let fd = plain_openat(
            libc::AT_FDCWD,
            sb.to_str().unwrap(),
            libc::O_RDONLY | libc::O_DIRECTORY,
            0,
        )
        .unwrap();
        (TempDir(root), fd)
    }

    fn read_all(fd: OwnedFd) -> String {
        std::io::read_to_string(std::fs::File::from(fd)).unwrap()
    }

    type Opener = fn(RawFd, &str, i32, u32, bool) -> Result<OwnedFd, Errno>;

    fn walk(dir: RawFd, path: &str, flags: i32, mode: u32, follow: bool) -> Result<OwnedFd, Errno> {
        check_path(path)?;
        let flags = if follow {
            flags
        } else {
            flags | libc::O_NOFOLLOW
        };
        walk_beneath(dir, path, flags, mode, follow)
    }

    fn escapes_refused(open: Opener, tag: &str) {
        let (_tmp, dir) = setup(tag);
        let d = dir.as_raw_fd();
        let rd = libc::O_RDONLY;
        for bad in [
            "../outside/secret",
            "sub/../../outside/secret",
            "sub/deeper/../../../outside/secret",
            "up_link",
            "abs_link",
            "sub_link/../../outside/secret",
            "/etc/passwd",
            "..",
            "../sandbox/file",
        ] {
            let r = open(d, bad, rd, 0, true);
            assert_eq!(r.err(), Some(ESCAPE), "{tag}: {bad}");
        }
        // Magic links: refused one way or another, never followed.
        assert!(open(d, "proc_link/passwd", rd, 0, true).is_err());
        assert_eq!(open(d, "loop1", rd, 0, true).err(), Some(Errno::LOOP));
        // Staying inside works, through `..` and relative links.
        for good in [
            "file",
            "./file",
            "sub/../file",
            "sub/ok_link",
            "sub_link/../file",
        ] {
            let fd = open(d, good, rd, 0, true).unwrap_or_else(|e| panic!("{tag}: {good}: {e:?}"));
            assert_eq!(read_all(fd), "inside", "{tag}: {good}");
        }
        assert!(open(d, ".", rd | libc::O_DIRECTORY, 0, true).is_ok());
        assert!(open(d, "sub/", rd, 0, true).is_ok());
        assert_eq!(open(d, "file/", rd, 0, true).err(), Some(Errno::NOTDIR));
        // Not following the last component: a link is ELOOP.
        assert_eq!(
            open(d, "sub/ok_link", rd, 0, false).err(),
            Some(Errno::LOOP)
        );
        // Creating through a link that points outside is refused too.
        let creat = libc::O_WRONLY | libc::O_CREAT;
        assert!(open(d, "up_link", creat, 0o644, true).is_err());
        let fd = open(d, "sub/new", creat, 0o644, true).unwrap();
        drop(fd);
        assert!(fstatat(d, "sub/new", 0).is_ok());
    }

    #[test]
    fn openat2_refuses_escapes() {
        if !have_openat2() {
            eprintln!("openat2 unavailable; only the fallback walk is tested");
            return;
        }
        escapes_refused(open_beneath, "openat2");
    }

    #[test]
    fn walk_refuses_escapes() {
        escapes_refused(walk, "walk");
    }

    #[test]
    fn parents() {
        let (_tmp, dir) = setup("parent");
        let d = dir.as_raw_fd();
        let s = parent_beneath(d, "sub/deeper/x/", Errno::EXIST).unwrap();
        assert_eq!(s.name, "x");
        assert!(s.trailing_slash);
        assert!(fstatat(s.parent.fd(), ".", 0).is_ok());
        let s = parent_beneath(d, "name", Errno::EXIST).unwrap();
        assert_eq!(s.parent.fd(), d);
        assert_eq!(parent_beneath(d, "..", Errno::EXIST).err(), Some(ESCAPE));
        assert_eq!(
            parent_beneath(d, "sub/..", Errno::BUSY).err(),
            Some(Errno::BUSY)
        );
        assert_eq!(parent_beneath(d, ".", Errno::BUSY).err(), Some(Errno::BUSY));
        assert_eq!(
            parent_beneath(d, "../outside/secret", Errno::EXIST).err(),
            Some(ESCAPE)
        );
        assert_eq!(
            parent_beneath(d, "abs_link/x", Errno::EXIST).err(),
            Some(ESCAPE)
        );
        assert_eq!(
            parent_beneath(d, "", Errno::EXIST).err(),
            Some(Errno::NOENT)
        );
    }
}
