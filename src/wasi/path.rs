//! The `path_*` functions: operations on paths relative to a directory
//! descriptor. All resolution goes through `sandbox`, so nothing outside
//! the directory the guest names can be reached.

use super::abi::{fdflags, filestat_size, oflags, rights, Errno, Filestat, LOOKUP_SYMLINK_FOLLOW};
use super::ctx::{Dir, Entry, HostFd, Kind};
use super::fs::timespecs;
use super::link::{u32_arg, Call, WasiResult};
use super::sandbox::{self, Split};
use std::ffi::CString;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

/// The host descriptor of directory `fd`, which must hold `need`.
fn dir_fd(c: &mut Call<'_>, fd: u32, need: u64) -> Result<(RawFd, u64), Errno> {
    let e = c.st.entry(fd)?;
    let Kind::Dir(d) = &e.kind else {
        return Err(Errno::NOTDIR);
    };
    if e.base & need != need {
        return Err(Errno::NOTCAPABLE);
    }
    Ok((d.fd.as_raw_fd(), e.inheriting))
}

/// The guest path at (`ptr`, `len`).
fn guest_path(c: &mut Call<'_>, ptr: u32, len: u32) -> Result<String, super::link::Fail> {
    Ok(c.mem()?.str(ptr, len)?.to_string())
}

fn cname(name: &str) -> Result<CString, Errno> {
    CString::new(name).map_err(|_| Errno::INVAL)
}

/// Check a host call's 0 / -1 result.
fn ok(r: i32) -> Result<(), Errno> {
    if r == 0 {
        Ok(())
    } else {
        Err(Errno::last())
    }
}

/// With a trailing `/`, the last component must be a directory.
fn require_dir_if_slash(s: &Split) -> Result<(), Errno> {
    if s.trailing_slash {
        let st = sandbox::fstatat(s.parent.fd(), &s.name, libc::AT_SYMLINK_NOFOLLOW)?;
        if st.st_mode & libc::S_IFMT != libc::S_IFDIR {
            return Err(Errno::NOTDIR);
        }
    }
    Ok(())
}

/// A new name (of a hard or symbolic link) ending in `/` names a
/// directory, which a link cannot be: `ENOENT` when nothing is there,
/// `EEXIST` for a directory, `ENOTDIR` for anything else (as Linux's
/// `symlink` and Wasmtime answer). Without a trailing `/`, nothing to check.
fn refuse_new_name_with_slash(s: &Split) -> Result<(), Errno> {
    if !s.trailing_slash {
        return Ok(());
    }
    let st = sandbox::fstatat(s.parent.fd(), &s.name, libc::AT_SYMLINK_NOFOLLOW)?;
    Err(if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
        Errno::EXIST
    } else {
        Errno::NOTDIR
    })
}

/// `/proc/self/fd/N`: names the very file an `O_PATH` descriptor holds,
/// for the calls that have no descriptor-based form. `fd` was resolved
/// following symlinks, so it is never one; checked all the same, since a
/// symlink reached this way would be followed from the host's root.
fn proc_path(fd: &OwnedFd) -> Result<CString, Errno> {
    if sandbox::is_symlink(fd)? {
        return Err(Errno::LOOP);
    }
    CString::new(format!("/proc/self/fd/{}", fd.as_raw_fd())).map_err(|_| Errno::INVAL)
}

/// Whether the last component of `path` is `.` or `..` (or the path ends
/// in `/`): such a path names a directory and is resolved whole.
fn names_directory(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    path.ends_with('/') || last == "." || last == ".."
}

/// The attributes of `path` beneath `dir`.
fn stat_beneath(dir: RawFd, path: &str, follow: bool) -> Result<libc::stat, Errno> {
    sandbox::check_path(path)?;
    if follow || names_directory(path) {
        let fd = sandbox::open_beneath(dir, path, libc::O_PATH, 0, true)?;
        return sandbox::fstat(fd.as_raw_fd());
    }
    let s = sandbox::parent_beneath(dir, path, Errno::INVAL)?;
    sandbox::fstatat(s.parent.fd(), &s.name, libc::AT_SYMLINK_NOFOLLOW)
}

pub fn path_open(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (dirflags, ptr, len) = (u32_arg(a, 1), u32_arg(a, 2), u32_arg(a, 3));
    let (base, inheriting, fd_out) = (a[5], a[6], u32_arg(a, 8));
    let oflags = u16::try_from(u32_arg(a, 4))
        .ok()
        .filter(|f| f & !oflags::ALL == 0)
        .ok_or(Errno::INVAL)?;
    let fdflags = u16::try_from(u32_arg(a, 7))
        .ok()
        .filter(|f| f & !fdflags::ALL == 0)
        .ok_or(Errno::INVAL)?;
    let path = guest_path(c, ptr, len)?;
    c.mem()?.check(fd_out, 4)?;
    let mut need = rights::PATH_OPEN;
    if oflags & oflags::CREAT != 0 {
        need |= rights::PATH_CREATE_FILE;
    }
    if oflags & oflags::TRUNC != 0 {
        need |= rights::PATH_FILESTAT_SET_SIZE;
    }
    let (dir, dir_inheriting) = dir_fd(c, u32_arg(a, 0), need)?;
    // What is opened never has more rights than its directory hands down.
    let base = base & dir_inheriting;
    let inheriting = inheriting & dir_inheriting;

    let read = base & (rights::FD_READ | rights::FD_READDIR) != 0;
    // Write mode for the rights that need it on the host. Not for
    // `FD_DATASYNC` (or `FD_SYNC`): fdatasync works on a read-only file, and
    // directories carry that right, so reopening a preopen `.` with its own
    // rights would be opening a directory for writing (`EISDIR`).
    let write_rights = rights::FD_WRITE | rights::FD_ALLOCATE | rights::FD_FILESTAT_SET_SIZE;
    let directory = oflags & oflags::DIRECTORY != 0;
    // A directory is never opened for writing: asking for one with
    // `FD_WRITE` is `EISDIR` (as on Wasmtime), other rights that need write
    // mode on a file do not apply to it.
    let write = if directory {
        base & rights::FD_WRITE != 0
    } else {
        base & write_rights != 0
    };
    let mut flags = libc::O_NOCTTY;
    flags |= match (read, write) {
        (true, true) => libc::O_RDWR,
        (false, true) => libc::O_WRONLY,
        _ => libc::O_RDONLY,
    };
    if directory {
        flags |= libc::O_DIRECTORY;
    }
    for (w, h) in [
        (oflags::CREAT, libc::O_CREAT),
        (oflags::EXCL, libc::O_EXCL),
        (oflags::TRUNC, libc::O_TRUNC),
    ] {
        if oflags & w != 0 {
            flags |= h;
        }
    }
    for (w, h) in [
        (fdflags::APPEND, libc::O_APPEND),
        (fdflags::DSYNC, libc::O_DSYNC),
        (fdflags::NONBLOCK, libc::O_NONBLOCK),
        (fdflags::RSYNC, libc::O_RSYNC),
        (fdflags::SYNC, libc::O_SYNC),
    ] {
        if fdflags & w != 0 {
            flags |= h;
        }
    }
    let follow = dirflags & LOOKUP_SYMLINK_FOLLOW != 0;
    let fd = match sandbox::open_beneath(dir, &path, flags, 0o666, follow) {
        // Not asked for `FD_WRITE` and not creating or truncating: a
        // directory opened with file rights that need write mode (such as
        // `FD_FILESTAT_SET_SIZE`) is opened read-only, without them.
        Err(Errno::ISDIR)
            if base & rights::FD_WRITE == 0
                && oflags & (oflags::CREAT | oflags::TRUNC) == 0
                && flags & libc::O_ACCMODE != libc::O_RDONLY =>
        {
            let ro = flags & !libc::O_ACCMODE | libc::O_RDONLY;
            sandbox::open_beneath(dir, &path, ro, 0o666, follow)?
        }
        r => r?,
    };
    let st = sandbox::fstat(fd.as_raw_fd())?;
    let entry = if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
        Entry {
            kind: Kind::Dir(Dir {
                fd,
                preopen: None,
                listing: None,
            }),
            base: base & rights::DIR,
            inheriting,
            flags: 0,
        }
    } else {
        Entry {
            kind: Kind::Host(HostFd::Owned(fd)),
            base: base & rights::FILE,
            inheriting,
            flags: 0,
        }
    };
    let new = c.st.insert(entry);
    c.mem()?.write_u32(fd_out, new)?;
    Ok(())
}

pub fn path_create_directory(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let path = guest_path(c, u32_arg(a, 1), u32_arg(a, 2))?;
    let (dir, _) = dir_fd(c, u32_arg(a, 0), rights::PATH_CREATE_DIRECTORY)?;
    let s = sandbox::parent_beneath(dir, &path, Errno::EXIST)?;
    let name = cname(&s.name)?;
    // SAFETY: `name` is NUL-terminated; the parent fd is held by `s`.
    ok(unsafe { libc::mkdirat(s.parent.fd(), name.as_ptr(), 0o777) })?;
    Ok(())
}

pub fn path_remove_directory(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let path = guest_path(c, u32_arg(a, 1), u32_arg(a, 2))?;
    let (dir, _) = dir_fd(c, u32_arg(a, 0), rights::PATH_REMOVE_DIRECTORY)?;
    let s = sandbox::parent_beneath(dir, &path, Errno::INVAL)?;
    let name = cname(&s.name)?;
    // SAFETY: as for mkdirat.
    ok(unsafe { libc::unlinkat(s.parent.fd(), name.as_ptr(), libc::AT_REMOVEDIR) })?;
    Ok(())
}

pub fn path_unlink_file(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let path = guest_path(c, u32_arg(a, 1), u32_arg(a, 2))?;
    let (dir, _) = dir_fd(c, u32_arg(a, 0), rights::PATH_UNLINK_FILE)?;
    let s = sandbox::parent_beneath(dir, &path, Errno::ISDIR)?;
    if s.trailing_slash {
        // "file/" names no file; "dir/" names a directory.
        require_dir_if_slash(&s)?;
        return Err(Errno::ISDIR.into());
    }
    let name = cname(&s.name)?;
    // SAFETY: as for mkdirat.
    ok(unsafe { libc::unlinkat(s.parent.fd(), name.as_ptr(), 0) })?;
    Ok(())
}

pub fn path_rename(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let old_path = guest_path(c, u32_arg(a, 1), u32_arg(a, 2))?;
    let new_path = guest_path(c, u32_arg(a, 4), u32_arg(a, 5))?;
    let (old_dir, _) = dir_fd(c, u32_arg(a, 0), rights::PATH_RENAME_SOURCE)?;
    let (new_dir, _) = dir_fd(c, u32_arg(a, 3), rights::PATH_RENAME_TARGET)?;
    let old = sandbox::parent_beneath(old_dir, &old_path, Errno::BUSY)?;
    let new = sandbox::parent_beneath(new_dir, &new_path, Errno::BUSY)?;
    require_dir_if_slash(&old)?;
    if new.trailing_slash && !old.trailing_slash {
        let st = sandbox::fstatat(old.parent.fd(), &old.name, libc::AT_SYMLINK_NOFOLLOW)?;
        if st.st_mode & libc::S_IFMT != libc::S_IFDIR {
            return Err(Errno::NOTDIR.into());
        }
    }
    let (on, nn) = (cname(&old.name)?, cname(&new.name)?);
    // SAFETY: NUL-terminated names; both parent fds are held.
    ok(unsafe { libc::renameat(old.parent.fd(), on.as_ptr(), new.parent.fd(), nn.as_ptr()) })?;
    Ok(())
}

pub fn path_link(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let old_flags = u32_arg(a, 1);
    let old_path = guest_path(c, u32_arg(a, 2), u32_arg(a, 3))?;
    let new_path = guest_path(c, u32_arg(a, 5), u32_arg(a, 6))?;
    let (old_dir, _) = dir_fd(c, u32_arg(a, 0), rights::PATH_LINK_SOURCE)?;
    let (new_dir, _) = dir_fd(c, u32_arg(a, 4), rights::PATH_LINK_TARGET)?;
    let new = sandbox::parent_beneath(new_dir, &new_path, Errno::EXIST)?;
    refuse_new_name_with_slash(&new)?;
    let nn = cname(&new.name)?;
    if old_flags & LOOKUP_SYMLINK_FOLLOW != 0 {
        // Resolve (following links, within the sandbox) to the file itself,
        // then link that very file.
        let fd = sandbox::open_beneath(old_dir, &old_path, libc::O_PATH, 0, true)?;
        let p = proc_path(&fd)?;
        // SAFETY: NUL-terminated names; the fds are held.
        ok(unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                p.as_ptr(),
                new.parent.fd(),
                nn.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        })?;
        return Ok(());
    }
    let old = sandbox::parent_beneath(old_dir, &old_path, Errno::PERM)?;
    require_dir_if_slash(&old)?;
    let on = cname(&old.name)?;
    // SAFETY: NUL-terminated names; both parent fds are held.
    ok(unsafe {
        libc::linkat(
            old.parent.fd(),
            on.as_ptr(),
            new.parent.fd(),
            nn.as_ptr(),
            0,
        )
    })?;
    Ok(())
}

pub fn path_symlink(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let target = guest_path(c, u32_arg(a, 0), u32_arg(a, 1))?;
    let new_path = guest_path(c, u32_arg(a, 3), u32_arg(a, 4))?;
    let (dir, _) = dir_fd(c, u32_arg(a, 2), rights::PATH_SYMLINK)?;
    // Following such a link is refused anyway; not creating it keeps the
    // host's tree free of guest-made pointers to arbitrary host paths.
    if target.starts_with('/') {
        return Err(sandbox::ESCAPE.into());
    }
    let t = cname(&target)?;
    let s = sandbox::parent_beneath(dir, &new_path, Errno::EXIST)?;
    refuse_new_name_with_slash(&s)?;
    let name = cname(&s.name)?;
    // SAFETY: NUL-terminated strings; the parent fd is held.
    ok(unsafe { libc::symlinkat(t.as_ptr(), s.parent.fd(), name.as_ptr()) })?;
    Ok(())
}

pub fn path_readlink(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let path = guest_path(c, u32_arg(a, 1), u32_arg(a, 2))?;
    let (buf, buf_len, out) = (u32_arg(a, 3), u32_arg(a, 4), u32_arg(a, 5));
    c.mem()?.check(buf, buf_len as u64)?;
    c.mem()?.check(out, 4)?;
    let (dir, _) = dir_fd(c, u32_arg(a, 0), rights::PATH_READLINK)?;
    let s = sandbox::parent_beneath(dir, &path, Errno::INVAL)?;
    if s.trailing_slash {
        return Err(Errno::INVAL.into());
    }
    let target = sandbox::readlinkat(s.parent.fd(), &s.name)?;
    // Like readlink(2): as much as fits, no NUL.
    let n = target.len().min(buf_len as usize);
    let mem = c.mem()?;
    mem.write(buf, &target[..n])?;
    mem.write_u32(out, n as u32)?;
    Ok(())
}

pub fn path_filestat_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let flavor = c.flavor;
    let follow = u32_arg(a, 1) & LOOKUP_SYMLINK_FOLLOW != 0;
    let path = guest_path(c, u32_arg(a, 2), u32_arg(a, 3))?;
    let out = u32_arg(a, 4);
    c.mem()?.check(out, filestat_size(flavor) as u64)?;
    let (dir, _) = dir_fd(c, u32_arg(a, 0), rights::PATH_FILESTAT_GET)?;
    let st = stat_beneath(dir, &path, follow)?;
    c.mem()?
        .write(out, &Filestat::from_stat(&st).encode(flavor))?;
    Ok(())
}

pub fn path_filestat_set_times(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let follow = u32_arg(a, 1) & LOOKUP_SYMLINK_FOLLOW != 0;
    let path = guest_path(c, u32_arg(a, 2), u32_arg(a, 3))?;
    let ts = timespecs(a[4], a[5], u32_arg(a, 6))?;
    let (dir, _) = dir_fd(c, u32_arg(a, 0), rights::PATH_FILESTAT_SET_TIMES)?;
    sandbox::check_path(&path)?;
    if follow || names_directory(&path) {
        let fd = sandbox::open_beneath(dir, &path, libc::O_PATH, 0, true)?;
        let p = proc_path(&fd)?;
        // SAFETY: `p` is NUL-terminated, `ts` two timespecs.
        ok(unsafe { libc::utimensat(libc::AT_FDCWD, p.as_ptr(), ts.as_ptr(), 0) })?;
        return Ok(());
    }
    let s = sandbox::parent_beneath(dir, &path, Errno::INVAL)?;
    let name = cname(&s.name)?;
    // SAFETY: `name` is NUL-terminated, `ts` two timespecs; the parent fd is held.
    ok(unsafe {
        libc::utimensat(
            s.parent.fd(),
            name.as_ptr(),
            ts.as_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    })?;
    Ok(())
}
