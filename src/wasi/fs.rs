//! The `fd_*` functions: operations on open file descriptors.
//!
//! Every function checks the guest's pointers first (so `EFAULT` means
//! nothing happened), then the descriptor and its rights, then acts.

use super::abi::{self, fdflags, filestat_size, fstflags, rights, Errno, Filestat};
use super::ctx::{DirEntry, Entry, Kind};
use super::link::{u32_arg, Call, WasiResult};
use super::mem::IoVec;
use super::sandbox;
use std::ffi::CStr;
use std::os::fd::RawFd;

/// Retry a host call while it is interrupted; `Err` holds the WASI errno.
fn host(mut f: impl FnMut() -> isize) -> Result<usize, Errno> {
    loop {
        let r = f();
        if r >= 0 {
            return Ok(r as usize);
        }
        let e = Errno::last();
        if e != Errno::INTR {
            return Err(e);
        }
    }
}

/// A guest offset or length as a host `off_t`.
fn off(v: u64) -> Result<i64, Errno> {
    i64::try_from(v).map_err(|_| Errno::INVAL)
}

/// The entry of `fd` for reading or writing data: directories are EISDIR.
fn data_entry(st: &mut super::ctx::WasiState, fd: u32, need: u64) -> Result<&mut Entry, Errno> {
    let e = st.entry(fd)?;
    if matches!(e.kind, Kind::Dir(_)) {
        return Err(Errno::ISDIR);
    }
    if e.base & need != need {
        return Err(Errno::NOTCAPABLE);
    }
    Ok(e)
}

/// The read side of `fd_read` and `fd_pread` (`offset` for the latter).
fn read(c: &mut Call<'_>, a: &[u64], offset: Option<u64>) -> WasiResult {
    let (st, mem) = c.parts()?;
    let iovs = mem.iovecs(u32_arg(a, 1), u32_arg(a, 2))?;
    let out = u32_arg(a, if offset.is_some() { 4 } else { 3 });
    mem.check(out, 4)?;
    let need = match offset {
        Some(_) => rights::FD_READ | rights::FD_SEEK,
        None => rights::FD_READ,
    };
    let e = data_entry(st, u32_arg(a, 0), need)?;
    let n = match (&mut e.kind, offset) {
        (Kind::Host(h), None) => {
            let v = mem.host_iovecs(&iovs);
            // SAFETY: the iovecs point into guest memory, checked to be in
            // bounds, and `mem` stays borrowed for the call.
            host(|| unsafe { libc::readv(h.raw(), v.as_ptr(), v.len() as i32) })?
        }
        (Kind::Host(h), Some(o)) => {
            let o = off(o)?;
            let v = mem.host_iovecs(&iovs);
            // SAFETY: as for readv.
            host(|| unsafe { libc::preadv(h.raw(), v.as_ptr(), v.len() as i32, o) })?
        }
        (Kind::Input { data, pos }, None) => {
            let n = mem.scatter(&iovs, &data[*pos..]);
            *pos += n;
            n
        }
        (Kind::Null, None) => 0,
        (Kind::Input { .. } | Kind::Null, Some(_)) => return Err(Errno::SPIPE.into()),
        _ => return Err(Errno::BADF.into()),
    };
    mem.write_u32(out, n as u32)?;
    Ok(())
}

/// The write side of `fd_write` and `fd_pwrite`.
fn write(c: &mut Call<'_>, a: &[u64], offset: Option<u64>) -> WasiResult {
    let (st, mem) = c.parts()?;
    let iovs = mem.iovecs(u32_arg(a, 1), u32_arg(a, 2))?;
    let out = u32_arg(a, if offset.is_some() { 4 } else { 3 });
    mem.check(out, 4)?;
    let need = match offset {
        Some(_) => rights::FD_WRITE | rights::FD_SEEK,
        None => rights::FD_WRITE,
    };
    let e = data_entry(st, u32_arg(a, 0), need)?;
    let total = |iovs: &[IoVec]| iovs.iter().map(|v| v.len as usize).sum::<usize>();
    let n = match (&e.kind, offset) {
        (Kind::Host(h), None) => {
            let v = mem.host_iovecs(&iovs);
            // SAFETY: the iovecs point into guest memory, checked to be in bounds.
            host(|| unsafe { libc::writev(h.raw(), v.as_ptr(), v.len() as i32) })?
        }
        (Kind::Host(h), Some(o)) => {
            let o = off(o)?;
            let v = mem.host_iovecs(&iovs);
            // SAFETY: as for writev.
            host(|| unsafe { libc::pwritev(h.raw(), v.as_ptr(), v.len() as i32, o) })?
        }
        (Kind::Output(buf), None) => {
            buf.append(&mem.gather(&iovs));
            total(&iovs)
        }
        (Kind::Null, None) => total(&iovs),
        (Kind::Output(_) | Kind::Null, Some(_)) => return Err(Errno::SPIPE.into()),
        _ => return Err(Errno::BADF.into()),
    };
    // A single transfer is below 4 GiB: it lies in a 32-bit memory... except
    // for overlapping iovecs; WASI's size is 32 bits, so clamp.
    mem.write_u32(out, u32::try_from(n).unwrap_or(u32::MAX))?;
    Ok(())
}

pub fn fd_read(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    read(c, a, None)
}
pub fn fd_pread(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    read(c, a, Some(a[3]))
}
pub fn fd_write(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    write(c, a, None)
}
pub fn fd_pwrite(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    write(c, a, Some(a[3]))
}

fn lseek(fd: RawFd, offset: i64, whence: i32) -> Result<u64, Errno> {
    // SAFETY: plain system call on a descriptor we hold.
    let r = unsafe { libc::lseek(fd, offset, whence) };
    if r < 0 {
        return Err(Errno::last());
    }
    Ok(r as u64)
}

pub fn fd_seek(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let whence = abi::whence(c.flavor, u32_arg(a, 2)).ok_or(Errno::INVAL)?;
    let offset = a[1] as i64;
    let (st, mem) = c.parts()?;
    let out = u32_arg(a, 3);
    mem.check(out, 8)?;
    let e = st.entry(u32_arg(a, 0))?;
    // Asking for the current position needs only the right to tell.
    let tell_only = whence == libc::SEEK_CUR && offset == 0;
    if e.base & rights::FD_SEEK == 0 && !(tell_only && e.base & rights::FD_TELL != 0) {
        return Err(Errno::NOTCAPABLE.into());
    }
    let fd = e.host_fd().ok_or(Errno::SPIPE)?;
    mem.write_u64(out, lseek(fd, offset, whence)?)?;
    Ok(())
}

pub fn fd_tell(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (st, mem) = c.parts()?;
    let out = u32_arg(a, 1);
    mem.check(out, 8)?;
    let e = st.entry_with(u32_arg(a, 0), rights::FD_TELL)?;
    let fd = e.host_fd().ok_or(Errno::SPIPE)?;
    mem.write_u64(out, lseek(fd, 0, libc::SEEK_CUR)?)?;
    Ok(())
}

pub fn fd_close(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    // Dropping the entry closes what it owns (never the host's stdio).
    c.st.remove(u32_arg(a, 0))?;
    Ok(())
}

fn sync(
    c: &mut Call<'_>,
    a: &[u64],
    right: u64,
    f: unsafe extern "C" fn(i32) -> i32,
) -> WasiResult {
    let e = c.st.entry_with(u32_arg(a, 0), right)?;
    if let Some(fd) = e.host_fd() {
        // SAFETY: plain system call on a descriptor we hold.
        host(|| unsafe { f(fd) } as isize)?;
    }
    Ok(())
}

pub fn fd_datasync(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    sync(c, a, rights::FD_DATASYNC, libc::fdatasync)
}
pub fn fd_sync(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    sync(c, a, rights::FD_SYNC, libc::fsync)
}

fn getfl(fd: RawFd) -> Result<i32, Errno> {
    // SAFETY: plain system call on a descriptor we hold.
    let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if fl < 0 {
        return Err(Errno::last());
    }
    Ok(fl)
}

/// The WASI `fdflags` of host open flags.
fn fdflags_of(fl: i32) -> u16 {
    let mut f = 0;
    if fl & libc::O_APPEND != 0 {
        f |= fdflags::APPEND;
    }
    if fl & libc::O_NONBLOCK != 0 {
        f |= fdflags::NONBLOCK;
    }
    if fl & libc::O_SYNC == libc::O_SYNC {
        f |= fdflags::SYNC;
    } else if fl & libc::O_DSYNC != 0 {
        f |= fdflags::DSYNC;
    }
    f
}

/// 0, 1 (data integrity) or 2 (file integrity): Linux has no separate
/// read-sync level, `O_RSYNC` is `O_SYNC`.
fn sync_level(f: u16) -> u8 {
    if f & (fdflags::SYNC | fdflags::RSYNC) != 0 {
        2
    } else if f & fdflags::DSYNC != 0 {
        1
    } else {
        0
    }
}

pub fn fd_fdstat_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (st, mem) = c.parts()?;
    let out = u32_arg(a, 1);
    mem.check(out, abi::FDSTAT_SIZE as u64)?;
    let e = st.entry(u32_arg(a, 0))?;
    let flags = match e.host_fd() {
        Some(fd) => fdflags_of(getfl(fd)?),
        None => e.flags,
    };
    let mut b = [0u8; abi::FDSTAT_SIZE as usize];
    b[0] = e.filetype();
    b[2..4].copy_from_slice(&flags.to_le_bytes());
    b[8..16].copy_from_slice(&e.base.to_le_bytes());
    b[16..24].copy_from_slice(&e.inheriting.to_le_bytes());
    mem.write(out, &b)?;
    Ok(())
}

pub fn fd_fdstat_set_flags(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let flags = u32_arg(a, 1);
    let flags = u16::try_from(flags)
        .ok()
        .filter(|f| f & !fdflags::ALL == 0)
        .ok_or(Errno::INVAL)?;
    let e =
        c.st.entry_with(u32_arg(a, 0), rights::FD_FDSTAT_SET_FLAGS)?;
    let Some(fd) = e.host_fd() else {
        e.flags = flags;
        return Ok(());
    };
    let cur = getfl(fd)?;
    // Linux cannot change the synchronisation flags of an open file.
    if sync_level(fdflags_of(cur)) != sync_level(flags) {
        return Err(Errno::NOTSUP.into());
    }
    let mut new = cur & !(libc::O_APPEND | libc::O_NONBLOCK);
    if flags & fdflags::APPEND != 0 {
        new |= libc::O_APPEND;
    }
    if flags & fdflags::NONBLOCK != 0 {
        new |= libc::O_NONBLOCK;
    }
    // SAFETY: plain system call on a descriptor we hold.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, new) } < 0 {
        return Err(Errno::last().into());
    }
    Ok(())
}

pub fn fd_fdstat_set_rights(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (base, inheriting) = (a[1], a[2]);
    let e = c.st.entry(u32_arg(a, 0))?;
    // Rights can only be dropped, never gained.
    if base & !e.base != 0 || inheriting & !e.inheriting != 0 {
        return Err(Errno::NOTCAPABLE.into());
    }
    e.base = base;
    e.inheriting = inheriting;
    Ok(())
}

pub fn fd_filestat_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let flavor = c.flavor;
    let (st, mem) = c.parts()?;
    let out = u32_arg(a, 1);
    mem.check(out, filestat_size(flavor) as u64)?;
    let e = st.entry_with(u32_arg(a, 0), rights::FD_FILESTAT_GET)?;
    let fs = match e.host_fd() {
        Some(fd) => Filestat::from_stat(&sandbox::fstat(fd)?),
        None => Filestat::default(),
    };
    mem.write(out, &fs.encode(flavor))?;
    Ok(())
}

pub fn fd_filestat_set_size(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let size = off(a[1])?;
    let e =
        c.st.entry_with(u32_arg(a, 0), rights::FD_FILESTAT_SET_SIZE)?;
    let fd = e.host_fd().ok_or(Errno::INVAL)?;
    // SAFETY: plain system call on a descriptor we hold.
    host(|| unsafe { libc::ftruncate(fd, size) } as isize)?;
    Ok(())
}

/// The `utimensat` times for a WASI (atim, mtim, fstflags) triple.
pub fn timespecs(atim: u64, mtim: u64, fst: u32) -> Result<[libc::timespec; 2], Errno> {
    let fst = u16::try_from(fst)
        .ok()
        .filter(|f| f & !fstflags::ALL == 0)
        .ok_or(Errno::INVAL)?;
    let one = |t: u64, set: u16, now: u16| -> Result<libc::timespec, Errno> {
        let (sec, nsec) = match (fst & set != 0, fst & now != 0) {
            (true, true) => return Err(Errno::INVAL),
            (true, false) => ((t / 1_000_000_000) as i64, (t % 1_000_000_000) as i64),
            (false, true) => (0, libc::UTIME_NOW),
            (false, false) => (0, libc::UTIME_OMIT),
        };
        Ok(libc::timespec {
            tv_sec: sec,
            tv_nsec: nsec,
        })
    };
    Ok([
        one(atim, fstflags::ATIM, fstflags::ATIM_NOW)?,
        one(mtim, fstflags::MTIM, fstflags::MTIM_NOW)?,
    ])
}

pub fn fd_filestat_set_times(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let ts = timespecs(a[1], a[2], u32_arg(a, 3))?;
    let e =
        c.st.entry_with(u32_arg(a, 0), rights::FD_FILESTAT_SET_TIMES)?;
    let fd = e.host_fd().ok_or(Errno::INVAL)?;
    // SAFETY: `ts` is an array of two timespecs, as futimens wants.
    host(|| unsafe { libc::futimens(fd, ts.as_ptr()) } as isize)?;
    Ok(())
}

pub fn fd_advise(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (offset, len) = (off(a[1])?, off(a[2])?);
    let advice = match u32_arg(a, 3) {
        0 => libc::POSIX_FADV_NORMAL,
        1 => libc::POSIX_FADV_SEQUENTIAL,
        2 => libc::POSIX_FADV_RANDOM,
        3 => libc::POSIX_FADV_WILLNEED,
        4 => libc::POSIX_FADV_DONTNEED,
        5 => libc::POSIX_FADV_NOREUSE,
        _ => return Err(Errno::INVAL.into()),
    };
    let e = c.st.entry_with(u32_arg(a, 0), rights::FD_ADVISE)?;
    let fd = e.host_fd().ok_or(Errno::SPIPE)?;
    // SAFETY: plain system call; it returns the error number itself.
    let r = unsafe { libc::posix_fadvise(fd, offset, len, advice) };
    if r != 0 {
        return Err(Errno::from_host(r).into());
    }
    Ok(())
}

pub fn fd_allocate(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (offset, len) = (off(a[1])?, off(a[2])?);
    if offset.checked_add(len).is_none() {
        return Err(Errno::FBIG.into());
    }
    let e = c.st.entry_with(u32_arg(a, 0), rights::FD_ALLOCATE)?;
    let fd = e.host_fd().ok_or(Errno::SPIPE)?;
    loop {
        // SAFETY: plain system call; it returns the error number itself.
        let r = unsafe { libc::posix_fallocate(fd, offset, len) };
        match r {
            0 => return Ok(()),
            libc::EINTR => continue,
            _ => return Err(Errno::from_host(r).into()),
        }
    }
}

/// The guest name of preopened directory `fd`.
fn preopen_name(c: &mut Call<'_>, fd: u32) -> Result<String, Errno> {
    match &c.st.entry(fd)?.kind {
        Kind::Dir(d) => d.preopen.clone().ok_or(Errno::BADF),
        _ => Err(Errno::BADF),
    }
}

pub fn fd_prestat_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let out = u32_arg(a, 1);
    c.mem()?.check(out, abi::PRESTAT_SIZE as u64)?;
    let name = preopen_name(c, u32_arg(a, 0))?;
    let mut b = [0u8; abi::PRESTAT_SIZE as usize];
    b[0] = abi::PREOPENTYPE_DIR;
    b[4..8].copy_from_slice(&(name.len() as u32).to_le_bytes());
    c.mem()?.write(out, &b)?;
    Ok(())
}

pub fn fd_prestat_dir_name(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (ptr, len) = (u32_arg(a, 1), u32_arg(a, 2));
    c.mem()?.check(ptr, len as u64)?;
    let name = preopen_name(c, u32_arg(a, 0))?;
    if (len as usize) < name.len() {
        return Err(Errno::NAMETOOLONG.into());
    }
    c.mem()?.write(ptr, name.as_bytes())?;
    Ok(())
}

pub fn fd_renumber(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (from, to) = (u32_arg(a, 0), u32_arg(a, 1));
    Ok(c.st.renumber(from, to)?)
}

/// Read the whole directory behind `fd` (from the start, `.` and `..` included).
fn list_dir(fd: RawFd) -> Result<Vec<DirEntry>, Errno> {
    // SAFETY: plain system call; the duplicate is owned by the DIR below.
    let dup = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if dup < 0 {
        return Err(Errno::last());
    }
    // SAFETY: `dup` is a fresh descriptor of a directory; on success the
    // stream owns it, on failure we close it.
    let dirp = unsafe { libc::fdopendir(dup) };
    if dirp.is_null() {
        let e = Errno::last();
        // SAFETY: closing the descriptor we duplicated.
        unsafe { libc::close(dup) };
        return Err(e);
    }
    // The duplicate shares the position with `fd`: start over.
    // SAFETY: `dirp` is a valid stream until closedir below.
    unsafe { libc::rewinddir(dirp) };
    let mut out = Vec::new();
    let result = loop {
        // SAFETY: resetting errno to tell the end of the stream from an error.
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: `dirp` is valid; the entry lives until the next readdir.
        let ent = unsafe { libc::readdir64(dirp) };
        if ent.is_null() {
            let e = Errno::last();
            break if e == Errno::SUCCESS { Ok(()) } else { Err(e) };
        }
        // SAFETY: `ent` points to a valid dirent64 with a NUL-terminated name.
        let (name, ino, d_type) = unsafe {
            let ent = &*ent;
            (
                CStr::from_ptr(ent.d_name.as_ptr()).to_bytes().to_vec(),
                ent.d_ino,
                ent.d_type,
            )
        };
        let filetype = abi::filetype::from_dirent(d_type).unwrap_or_else(|| {
            std::str::from_utf8(&name)
                .ok()
                .and_then(|n| sandbox::fstatat(fd, n, libc::AT_SYMLINK_NOFOLLOW).ok())
                .map_or(abi::filetype::UNKNOWN, |st| {
                    abi::filetype::from_mode(st.st_mode)
                })
        });
        out.push(DirEntry {
            name,
            ino,
            filetype,
        });
    };
    // SAFETY: closing the stream (and the duplicate) exactly once.
    unsafe { libc::closedir(dirp) };
    result.map(|()| out)
}

pub fn fd_readdir(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (buf, buf_len, cookie, out) = (u32_arg(a, 1), u32_arg(a, 2), a[3], u32_arg(a, 4));
    let (st, mem) = c.parts()?;
    mem.check(buf, buf_len as u64)?;
    mem.check(out, 4)?;
    let e = st.entry_with(u32_arg(a, 0), rights::FD_READDIR)?;
    let Kind::Dir(d) = &mut e.kind else {
        return Err(Errno::NOTDIR.into());
    };
    if cookie == 0 || d.listing.is_none() {
        d.listing = Some(list_dir(std::os::fd::AsRawFd::as_raw_fd(&d.fd))?);
    }
    let listing = d.listing.as_deref().unwrap_or_default();
    let mut bytes = Vec::with_capacity(buf_len as usize);
    let start = usize::try_from(cookie).unwrap_or(usize::MAX);
    for (i, ent) in listing.iter().enumerate().skip(start) {
        if bytes.len() >= buf_len as usize {
            break;
        }
        let mut h = [0u8; abi::DIRENT_SIZE as usize];
        h[0..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
        h[8..16].copy_from_slice(&ent.ino.to_le_bytes());
        h[16..20].copy_from_slice(&(ent.name.len() as u32).to_le_bytes());
        h[20] = ent.filetype;
        bytes.extend_from_slice(&h);
        bytes.extend_from_slice(&ent.name);
    }
    // A full buffer tells the guest there is more; it asks again from the
    // last complete entry's cookie.
    bytes.truncate(buf_len as usize);
    mem.write(buf, &bytes)?;
    mem.write_u32(out, bytes.len() as u32)?;
    Ok(())
}
