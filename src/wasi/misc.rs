//! Arguments, environment, clocks, randomness, process control and the
//! socket functions (which WASI preview1 programs here cannot use: no
//! socket is ever handed to the guest).

use super::abi::{clock, Errno};
use super::link::{u32_arg, Call, Fail, WasiResult};
use super::mem::GuestMem;
use crate::runtime::Trap;

/// Write `strings` NUL-terminated into `buf` and their addresses into `ptrs`.
fn put_strings(mem: &mut GuestMem<'_>, strings: &[Vec<u8>], ptrs: u32, buf: u32) -> WasiResult {
    let total: u64 = strings.iter().map(|s| s.len() as u64 + 1).sum();
    mem.check(ptrs, strings.len() as u64 * 4)?;
    mem.check(buf, total)?;
    let mut at = buf;
    for (i, s) in strings.iter().enumerate() {
        mem.write_u32(ptrs + 4 * i as u32, at)?;
        mem.write(at, s)?;
        mem.write(at + s.len() as u32, &[0])?;
        // Cannot wrap while strings remain: they all lie below buf + total.
        at = at.wrapping_add(s.len() as u32 + 1);
    }
    Ok(())
}

/// Write the count of `strings` and their total size with NULs.
fn put_sizes(mem: &mut GuestMem<'_>, strings: &[Vec<u8>], count: u32, size: u32) -> WasiResult {
    let total: usize = strings.iter().map(|s| s.len() + 1).sum();
    let total = u32::try_from(total).map_err(|_| Errno::TOOBIG)?;
    mem.check(count, 4)?;
    mem.check(size, 4)?;
    mem.write_u32(count, strings.len() as u32)?;
    mem.write_u32(size, total)?;
    Ok(())
}

pub fn args_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (st, mem) = c.parts()?;
    put_strings(mem, &st.args, u32_arg(a, 0), u32_arg(a, 1))
}

pub fn args_sizes_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (st, mem) = c.parts()?;
    put_sizes(mem, &st.args, u32_arg(a, 0), u32_arg(a, 1))
}

pub fn environ_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (st, mem) = c.parts()?;
    put_strings(mem, &st.env, u32_arg(a, 0), u32_arg(a, 1))
}

pub fn environ_sizes_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (st, mem) = c.parts()?;
    put_sizes(mem, &st.env, u32_arg(a, 0), u32_arg(a, 1))
}

/// The current time of host clock `id` in nanoseconds.
pub fn now(id: libc::clockid_t) -> Result<u64, Errno> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer.
    if unsafe { libc::clock_gettime(id, &mut ts) } != 0 {
        return Err(Errno::last());
    }
    Ok(ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)
}

pub fn clock_res_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let id = clock::host(u32_arg(a, 0)).ok_or(Errno::INVAL)?;
    let out = u32_arg(a, 1);
    let mem = c.mem()?;
    mem.check(out, 8)?;
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer.
    if unsafe { libc::clock_getres(id, &mut ts) } != 0 {
        return Err(Errno::last().into());
    }
    mem.write_u64(out, ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)?;
    Ok(())
}

pub fn clock_time_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let id = clock::host(u32_arg(a, 0)).ok_or(Errno::INVAL)?;
    // a[1] is the precision the guest can live with; we always give the best.
    let out = u32_arg(a, 2);
    let mem = c.mem()?;
    mem.check(out, 8)?;
    mem.write_u64(out, now(id)?)?;
    Ok(())
}

pub fn random_get(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let buf = c.mem()?.slice_mut(u32_arg(a, 0), u32_arg(a, 1))?;
    let mut done = 0;
    while done < buf.len() {
        let rest = &mut buf[done..];
        // SAFETY: `rest` is writable for its length.
        let n = unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) };
        if n < 0 {
            let e = Errno::last();
            if e == Errno::INTR {
                continue;
            }
            return Err(e.into());
        }
        done += n as usize;
    }
    Ok(())
}

pub fn proc_exit(_c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    Err(Fail::Trap(Trap::exit(u32_arg(a, 0) as i32)))
}

pub fn proc_raise(_c: &mut Call<'_>, _a: &[u64]) -> WasiResult {
    Err(Errno::NOSYS.into())
}

pub fn sched_yield(_c: &mut Call<'_>, _a: &[u64]) -> WasiResult {
    // SAFETY: no arguments, no memory.
    unsafe { libc::sched_yield() };
    Ok(())
}

/// No descriptor a guest holds is a socket it can use through WASI: an
/// open one is `ENOTSOCK` (as on Wasmtime, and as the WASI test suite's
/// `sock_shutdown-not_sock` expects), a closed one `EBADF`.
fn not_a_socket(c: &mut Call<'_>, fd: u32) -> WasiResult {
    c.st.entry(fd)?;
    Err(Errno::NOTSOCK.into())
}

pub fn sock_accept(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    not_a_socket(c, u32_arg(a, 0))
}
pub fn sock_recv(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    not_a_socket(c, u32_arg(a, 0))
}
pub fn sock_send(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    not_a_socket(c, u32_arg(a, 0))
}
pub fn sock_shutdown(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    not_a_socket(c, u32_arg(a, 0))
}
