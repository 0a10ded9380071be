//! `poll_oneoff`: wait for clocks and descriptors.
//!
//! Clock subscriptions (relative or absolute, on any of the four clocks)
//! wait for real. Descriptor subscriptions on host pipes, terminals and
//! other streams are polled with `ppoll`; regular files, directories and
//! in-memory streams are always ready, as POSIX says of regular files.

use super::abi::{self, clock, eventtype, rights, subscription_size, Errno, EVENT_SIZE};
use super::ctx::{Kind, WasiState};
use super::link::{u32_arg, Call, WasiResult};
use super::misc::now;
use super::sandbox;
use std::os::fd::RawFd;

struct Event {
    userdata: u64,
    error: Errno,
    kind: u8,
    nbytes: u64,
    flags: u16,
}

impl Event {
    fn encode(&self) -> [u8; EVENT_SIZE as usize] {
        let mut b = [0u8; EVENT_SIZE as usize];
        b[0..8].copy_from_slice(&self.userdata.to_le_bytes());
        b[8..10].copy_from_slice(&self.error.0.to_le_bytes());
        b[10] = self.kind;
        b[16..24].copy_from_slice(&self.nbytes.to_le_bytes());
        b[24..26].copy_from_slice(&self.flags.to_le_bytes());
        b
    }
}

/// A clock subscription: fires when `clock` reaches `deadline`.
struct Timer {
    userdata: u64,
    clock: libc::clockid_t,
    deadline: u64,
    fired: bool,
}

/// The deadline of a clock subscription, on a clock one can wait on.
/// CPU-time clocks do not advance while the guest waits (it is the one
/// waiting), so their remaining time is waited out on the monotonic clock.
fn deadline(
    id: u32,
    host: libc::clockid_t,
    timeout: u64,
    abs: bool,
) -> Result<(libc::clockid_t, u64), Errno> {
    let now_on = now(host)?;
    let end = if abs {
        timeout
    } else {
        now_on.saturating_add(timeout)
    };
    match id {
        clock::REALTIME | clock::MONOTONIC => Ok((host, end)),
        _ => {
            let mono = now(libc::CLOCK_MONOTONIC)?;
            Ok((
                libc::CLOCK_MONOTONIC,
                mono.saturating_add(end.saturating_sub(now_on)),
            ))
        }
    }
}

/// A descriptor subscription waiting on the host.
struct Waiter {
    userdata: u64,
    kind: u8,
}

/// Bytes available to read from `fd` (0 if the host does not say).
fn readable_bytes(fd: RawFd) -> u64 {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int.
    if unsafe { libc::ioctl(fd, libc::FIONREAD, &mut n) } == 0 {
        n.max(0) as u64
    } else {
        0
    }
}

/// What a descriptor subscription amounts to.
enum FdSub {
    /// Ready now, with this many bytes to read.
    Ready(u64),
    Wait(libc::pollfd),
    Error(Errno),
}

fn subscribe_fd(st: &mut WasiState, fd: u32, kind: u8) -> FdSub {
    let e = match st.entry(fd) {
        Ok(e) => e,
        Err(e) => return FdSub::Error(e),
    };
    if e.base & rights::POLL_FD_READWRITE == 0 {
        return FdSub::Error(Errno::NOTCAPABLE);
    }
    let read = kind == eventtype::FD_READ;
    match &e.kind {
        Kind::Input { data, pos } if read => FdSub::Ready((data.len() - pos) as u64),
        Kind::Input { .. } | Kind::Output(_) | Kind::Null | Kind::Dir(_) => FdSub::Ready(0),
        Kind::Host(h) => {
            let fd = h.raw();
            let st = match sandbox::fstat(fd) {
                Ok(st) => st,
                Err(e) => return FdSub::Error(e),
            };
            if st.st_mode & libc::S_IFMT == libc::S_IFREG {
                // Always ready; a read gets what lies past the position.
                // SAFETY: plain system call on a descriptor we hold.
                let pos = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) };
                let left = if read && pos >= 0 {
                    (st.st_size as u64).saturating_sub(pos as u64)
                } else {
                    0
                };
                return FdSub::Ready(left);
            }
            FdSub::Wait(libc::pollfd {
                fd,
                events: if read { libc::POLLIN } else { libc::POLLOUT },
                revents: 0,
            })
        }
    }
}

pub fn poll_oneoff(c: &mut Call<'_>, a: &[u64]) -> WasiResult {
    let (subs, events, n, out) = (u32_arg(a, 0), u32_arg(a, 1), u32_arg(a, 2), u32_arg(a, 3));
    let flavor = c.flavor;
    let (st, mem) = c.parts()?;
    if n == 0 {
        return Err(Errno::INVAL.into());
    }
    let size = subscription_size(flavor);
    mem.check(subs, n as u64 * size as u64)?;
    mem.check(events, n as u64 * EVENT_SIZE as u64)?;
    mem.check(out, 4)?;

    let mut ready: Vec<Event> = Vec::new();
    let mut timers: Vec<Timer> = Vec::new();
    let mut pollfds: Vec<libc::pollfd> = Vec::new();
    let mut waiters: Vec<Waiter> = Vec::new();
    for i in 0..n {
        let s = subs + i * size;
        let userdata = mem.read_u64(s)?;
        let tag = mem.read_u8(s + 8)?;
        let event = |error: Errno, kind: u8, nbytes: u64| Event {
            userdata,
            error,
            kind,
            nbytes,
            flags: 0,
        };
        match tag {
            eventtype::CLOCK => {
                // Snapshot 0 has a 64-bit `identifier` before the clock id.
                let u = s + if flavor == abi::Flavor::Unstable {
                    24
                } else {
                    16
                };
                let id = mem.read_u32(u)?;
                let timeout = mem.read_u64(u + 8)?;
                let flags = mem.read_u16(u + 24)?;
                let Some(host) = clock::host(id) else {
                    ready.push(event(Errno::INVAL, tag, 0));
                    continue;
                };
                let abs = flags & abi::SUBSCRIPTION_CLOCK_ABSTIME != 0;
                match deadline(id, host, timeout, abs) {
                    Ok((clock, deadline)) => timers.push(Timer {
                        userdata,
                        clock,
                        deadline,
                        fired: false,
                    }),
                    Err(e) => ready.push(event(e, tag, 0)),
                }
            }
            eventtype::FD_READ | eventtype::FD_WRITE => {
                let fd = mem.read_u32(s + 16)?;
                match subscribe_fd(st, fd, tag) {
                    FdSub::Wait(p) => {
                        pollfds.push(p);
                        waiters.push(Waiter {
                            userdata,
                            kind: tag,
                        });
                    }
                    FdSub::Ready(nbytes) => ready.push(event(Errno::SUCCESS, tag, nbytes)),
                    FdSub::Error(e) => ready.push(event(e, tag, 0)),
                }
            }
            _ => ready.push(event(Errno::INVAL, tag, 0)),
        }
    }

    loop {
        // Wait until the earliest timer, not at all if something is ready.
        let mut wait: Option<u64> = None;
        for t in &timers {
            let left = t.deadline.saturating_sub(now(t.clock)?);
            wait = Some(wait.map_or(left, |w| w.min(left)));
        }
        if !ready.is_empty() {
            wait = Some(0);
        }
        let ts = wait.map(|ns| libc::timespec {
            tv_sec: (ns / 1_000_000_000).min(i64::MAX as u64) as i64,
            tv_nsec: (ns % 1_000_000_000) as i64,
        });
        let tsp = ts
            .as_ref()
            .map_or(std::ptr::null(), |t| t as *const libc::timespec);
        for p in pollfds.iter_mut() {
            p.revents = 0;
        }
        // SAFETY: `pollfds` is a valid array of its length; `tsp` is null or
        // points to `ts`, which outlives the call.
        let r = unsafe {
            libc::ppoll(
                pollfds.as_mut_ptr(),
                pollfds.len() as libc::nfds_t,
                tsp,
                std::ptr::null(),
            )
        };
        if r < 0 {
            let e = Errno::last();
            if e == Errno::INTR {
                continue;
            }
            return Err(e.into());
        }
        for (p, w) in pollfds.iter().zip(&waiters) {
            if p.revents == 0 {
                continue;
            }
            let mut ev = Event {
                userdata: w.userdata,
                error: Errno::SUCCESS,
                kind: w.kind,
                nbytes: 0,
                flags: 0,
            };
            if p.revents & libc::POLLNVAL != 0 {
                ev.error = Errno::BADF;
            } else if p.revents & libc::POLLERR != 0 {
                ev.error = Errno::IO;
            } else {
                if p.revents & libc::POLLHUP != 0 {
                    ev.flags = abi::EVENT_FD_READWRITE_HANGUP;
                }
                if w.kind == eventtype::FD_READ {
                    ev.nbytes = readable_bytes(p.fd);
                }
            }
            ready.push(ev);
        }
        for t in timers.iter_mut().filter(|t| !t.fired) {
            if now(t.clock)? >= t.deadline {
                t.fired = true;
                ready.push(Event {
                    userdata: t.userdata,
                    error: Errno::SUCCESS,
                    kind: eventtype::CLOCK,
                    nbytes: 0,
                    flags: 0,
                });
            }
        }
        if !ready.is_empty() {
            break;
        }
    }
    for (i, ev) in ready.iter().enumerate() {
        mem.write(events + i as u32 * EVENT_SIZE, &ev.encode())?;
    }
    mem.write_u32(out, ready.len() as u32)?;
    Ok(())
}
