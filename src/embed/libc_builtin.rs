//! WAMR's libc-builtin natives (`env.printf`, `env.malloc`, `env.strlen`,
//! ...: the list of WAMR 2.4.3's `libc_builtin_wrapper.c`), registered by
//! default as WAMR's default build does, with the signatures WAMR gives
//! them, as the oldest registration of module "env" (a host's own natives
//! of the same name win). `ferrowasm_runtime_set_libc_builtin(false)`
//! switches them off.
//!
//! They are ordinary natives: the natives layer checks and converts their
//! pointer arguments (`*`, `$`, `~`) before they run. Pointers they return
//! are app offsets; memory they allocate is the instance's app heap
//! (`wasm_runtime_module_malloc`).

use super::call::EmbedExecEnv;
use super::instance::EmbedInstance;
use super::natives::NativeSymbol;
use std::ffi::{c_char, c_void, CStr};
use std::sync::atomic::{AtomicBool, Ordering};

static ENABLED: AtomicBool = AtomicBool::new(true);

type Env = *const EmbedExecEnv;

fn inst<'a>(env: Env) -> Option<&'a EmbedInstance> {
    let p = super::call::wasm_runtime_get_module_inst(env);
    EmbedInstance::from_handle(p)
}

/// The app offset of a native pointer into the instance's memory (0 when
/// outside it).
fn app(env: Env, p: *const c_void) -> i32 {
    let Some(i) = inst(env) else { return 0 };
    super::heap::wasm_runtime_addr_native_to_app(i, p as *mut c_void) as i32
}

/// The bytes [off, off + n) of the instance's memory, if inside it.
fn mem<'a>(env: Env, off: u32, n: u32) -> Option<&'a mut [u8]> {
    let i = inst(env)?;
    if !super::heap::wasm_runtime_validate_app_addr(i, off as u64, n as u64) {
        return None;
    }
    let p = super::heap::wasm_runtime_addr_app_to_native(i, off as u64) as *mut u8;
    // SAFETY: validated to lie inside the memory, which does not move
    // while the native runs (it cannot grow meanwhile).
    Some(unsafe { std::slice::from_raw_parts_mut(p, n as usize) })
}

fn trap(env: Env, msg: &str) {
    if let Some(i) = inst(env) {
        i.set_exception(msg);
    }
}

/// A C string at a checked pointer (the `$` convention guarantees its NUL).
///
/// # Safety
/// `s` is a NUL-terminated string.
unsafe fn cstr<'a>(s: *const c_char) -> &'a [u8] {
    // SAFETY: guaranteed by the caller.
    unsafe { CStr::from_ptr(s) }.to_bytes()
}

// ---- printf family --------------------------------------------------------------

/// Reads the arguments of a wasm va_list: 4-byte slots, 8-byte values
/// aligned to 8 (clang's wasm32 ABI).
struct VaList {
    env: Env,
    off: u32,
}

impl VaList {
    fn new(env: Env, va: *const c_void) -> VaList {
        VaList {
            env,
            off: app(env, va) as u32,
        }
    }
    fn i32(&mut self) -> Option<i32> {
        let b = mem(self.env, self.off, 4)?;
        self.off += 4;
        Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn i64(&mut self) -> Option<i64> {
        self.off = self.off.checked_add(7)? & !7;
        let b = mem(self.env, self.off, 8)?;
        self.off += 8;
        Some(i64::from_le_bytes(b[..8].try_into().ok()?))
    }
    fn f64(&mut self) -> Option<f64> {
        self.i64().map(|v| f64::from_bits(v as u64))
    }
}

/// Format `fmt` with the wasm arguments at `va`, each conversion through
/// the host C library's snprintf. None on a bad argument pointer.
fn format(env: Env, fmt: &[u8], va: *const c_void) -> Option<Vec<u8>> {
    let mut va = VaList::new(env, va);
    let mut out = Vec::new();
    let mut i = 0;
    while i < fmt.len() {
        if fmt[i] != b'%' {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < fmt.len() && b"-+ #0".contains(&fmt[i]) {
            i += 1;
        }
        let mut stars = Vec::new();
        while i < fmt.len() && (fmt[i].is_ascii_digit() || fmt[i] == b'*' || fmt[i] == b'.') {
            if fmt[i] == b'*' {
                stars.push(va.i32()?);
            }
            i += 1;
        }
        // wasm32: long is 4 bytes; long long, intmax_t and q are 8.
        let mut long = 0;
        while i < fmt.len() && b"hlLqjzt".contains(&fmt[i]) {
            long += match fmt[i] {
                b'l' => 1,
                b'q' | b'j' => 2,
                _ => 0,
            };
            i += 1;
        }
        let Some(&conv) = fmt.get(i) else {
            out.extend_from_slice(&fmt[start..]);
            break;
        };
        i += 1;
        // The spec without length modifiers, then the host's own.
        let mut spec: Vec<u8> = fmt[start..i - 1]
            .iter()
            .copied()
            .filter(|c| !b"hlLqjzt".contains(c))
            .collect();
        let mut piece = vec![0u8; 512];
        let n = match conv {
            b'%' => {
                out.push(b'%');
                continue;
            }
            b'd' | b'i' | b'u' | b'x' | b'X' | b'o' | b'c' => {
                let v = if long >= 2 {
                    va.i64()?
                } else if conv == b'd' || conv == b'i' || conv == b'c' {
                    va.i32()? as i64
                } else {
                    va.i32()? as u32 as i64
                };
                spec.extend_from_slice(b"ll");
                spec.push(conv);
                snprintf_one(&mut piece, &spec, &stars, Arg::I(v))
            }
            b'f' | b'F' | b'e' | b'E' | b'g' | b'G' | b'a' | b'A' => {
                spec.push(conv);
                snprintf_one(&mut piece, &spec, &stars, Arg::F(va.f64()?))
            }
            b's' => {
                let off = va.i32()? as u32;
                let i_ = inst(env)?;
                if !super::heap::wasm_runtime_validate_app_str_addr(i_, off as u64) {
                    return None;
                }
                let p = super::heap::wasm_runtime_addr_app_to_native(i_, off as u64);
                spec.push(b's');
                snprintf_one(&mut piece, &spec, &stars, Arg::S(p as *const c_char))
            }
            b'p' => {
                spec.extend_from_slice(b"llx");
                let v = va.i32()? as u32 as i64;
                out.extend_from_slice(b"0x");
                snprintf_one(&mut piece, &spec, &stars, Arg::I(v))
            }
            _ => {
                // %n and unknown conversions are copied, not run.
                out.extend_from_slice(&fmt[start..i]);
                continue;
            }
        };
        out.extend_from_slice(&piece[..n]);
    }
    Some(out)
}

enum Arg {
    I(i64),
    F(f64),
    S(*const c_char),
}

/// One conversion into `buf` (grown when too small): the byte count.
fn snprintf_one(buf: &mut Vec<u8>, spec: &[u8], stars: &[i32], a: Arg) -> usize {
    let mut f = spec.to_vec();
    f.push(0);
    let fp = f.as_ptr() as *const c_char;
    loop {
        let (p, cap) = (buf.as_mut_ptr() as *mut c_char, buf.len());
        // SAFETY: `f` is a NUL-terminated format with exactly one
        // conversion of the type `a` gives, after the `*` values it needs
        // (0-2 ints); snprintf writes at most `cap` bytes into `buf`.
        let n = unsafe {
            match (stars, &a) {
                ([], Arg::I(v)) => libc::snprintf(p, cap, fp, *v),
                ([w], Arg::I(v)) => libc::snprintf(p, cap, fp, *w, *v),
                ([w, pr, ..], Arg::I(v)) => libc::snprintf(p, cap, fp, *w, *pr, *v),
                ([], Arg::F(v)) => libc::snprintf(p, cap, fp, *v),
                ([w], Arg::F(v)) => libc::snprintf(p, cap, fp, *w, *v),
                ([w, pr, ..], Arg::F(v)) => libc::snprintf(p, cap, fp, *w, *pr, *v),
                ([], Arg::S(v)) => libc::snprintf(p, cap, fp, *v),
                ([w], Arg::S(v)) => libc::snprintf(p, cap, fp, *w, *v),
                ([w, pr, ..], Arg::S(v)) => libc::snprintf(p, cap, fp, *w, *pr, *v),
            }
        };
        let n = n.max(0) as usize;
        if n < cap {
            return n;
        }
        buf.resize(n + 1, 0);
    }
}

/// Print bytes on the host's C stdout (ordered with the host's printf).
fn c_print(b: &[u8]) {
    // SAFETY: "%.*s" with a length and a pointer to that many bytes.
    unsafe { libc::printf(c"%.*s".as_ptr(), b.len() as i32, b.as_ptr()) };
}

extern "C" fn printf_w(env: Env, fmt: *const c_char, va: *const c_void) -> i32 {
    // SAFETY: `$`: a checked NUL-terminated string.
    match format(env, unsafe { cstr(fmt) }, va) {
        Some(s) => {
            c_print(&s);
            s.len() as i32
        }
        None => {
            trap(env, "out of bounds memory access");
            -1
        }
    }
}

extern "C" fn sprintf_w(env: Env, dst: *mut c_char, fmt: *const c_char, va: *const c_void) -> i32 {
    // SAFETY: `$`: a checked NUL-terminated string.
    let Some(s) = format(env, unsafe { cstr(fmt) }, va) else {
        trap(env, "out of bounds memory access");
        return -1;
    };
    // `dst` is a `$` string (WAMR's signature): its room is not known, so
    // check the whole output against memory.
    let off = app(env, dst as *const c_void) as u32;
    match mem(env, off, s.len() as u32 + 1) {
        Some(m) => {
            m[..s.len()].copy_from_slice(&s);
            m[s.len()] = 0;
            s.len() as i32
        }
        None => {
            trap(env, "out of bounds memory access");
            -1
        }
    }
}

extern "C" fn snprintf_w(
    env: Env,
    dst: *mut u8,
    size: u32,
    fmt: *const c_char,
    va: *const c_void,
) -> i32 {
    // SAFETY: `$`: a checked NUL-terminated string.
    let Some(s) = format(env, unsafe { cstr(fmt) }, va) else {
        trap(env, "out of bounds memory access");
        return -1;
    };
    if size > 0 {
        let n = s.len().min(size as usize - 1);
        // SAFETY: `*~`: `size` bytes at dst were checked.
        unsafe {
            std::ptr::copy_nonoverlapping(s.as_ptr(), dst, n);
            *dst.add(n) = 0;
        }
    }
    s.len() as i32
}

extern "C" fn puts_w(_env: Env, s: *const c_char) -> i32 {
    // SAFETY: `$`: a checked NUL-terminated string.
    let b = unsafe { cstr(s) };
    c_print(b);
    c_print(b"\n");
    (b.len() + 1) as i32
}

extern "C" fn putchar_w(_env: Env, c: i32) -> i32 {
    c_print(&[c as u8]);
    c
}

// ---- memory and strings ------------------------------------------------------------

fn checked(env: Env, p: *const u8, n: u32) -> bool {
    let off = app(env, p as *const c_void) as u32;
    let ok = mem(env, off, n).is_some();
    if !ok {
        trap(env, "out of bounds memory access");
    }
    ok
}

extern "C" fn memcmp_checked(env: Env, a: *const u8, b: *const u8, n: u32) -> i32 {
    if !checked(env, a, n) {
        return 0;
    }
    // SAFETY: `b` has `n` checked bytes (`~`), `a` too (above).
    unsafe { libc::memcmp(a.cast(), b.cast(), n as usize) }
}

extern "C" fn memcpy_w(env: Env, d: *mut u8, s: *const u8, n: u32) -> i32 {
    if !checked(env, d, n) {
        return 0;
    }
    // SAFETY: both ranges checked against memory (s by `~`, d above).
    unsafe { std::ptr::copy(s, d, n as usize) };
    app(env, d as *const c_void)
}

extern "C" fn memset_w(env: Env, d: *mut u8, c: i32, n: i32) -> i32 {
    if !checked(env, d, n as u32) {
        return 0;
    }
    // SAFETY: checked above.
    unsafe { std::ptr::write_bytes(d, c as u8, n as u32 as usize) };
    app(env, d as *const c_void)
}

extern "C" fn memchr_w(env: Env, s: *const u8, c: i32, n: i32) -> i32 {
    if !checked(env, s, n as u32) {
        return 0;
    }
    // SAFETY: checked above.
    let b = unsafe { std::slice::from_raw_parts(s, n as u32 as usize) };
    match b.iter().position(|&x| x == c as u8) {
        // SAFETY: inside the checked range.
        Some(i) => app(env, unsafe { s.add(i) } as *const c_void),
        None => 0,
    }
}

extern "C" fn strchr_w(env: Env, s: *const c_char, c: i32) -> i32 {
    // SAFETY: `$`.
    let b = unsafe { cstr(s) };
    let c = c as u8;
    let pos = if c == 0 {
        Some(b.len())
    } else {
        b.iter().position(|&x| x == c)
    };
    // SAFETY: inside the string or at its NUL.
    pos.map_or(0, |i| app(env, unsafe { s.add(i) } as *const c_void))
}

extern "C" fn strcmp_w(_env: Env, a: *const c_char, b: *const c_char) -> i32 {
    // SAFETY: `$$`.
    unsafe { libc::strcmp(a, b) }
}

extern "C" fn strncmp_w(env: Env, a: *const c_char, b: *const c_char, n: u32) -> i32 {
    if !checked(env, a as *const u8, 1) {
        return 0;
    }
    // SAFETY: `b` has `n` checked bytes; strncmp stops at `n` or at a NUL,
    // and `a`... is read up to min(n, its NUL): check it fits.
    let a_len = mem_strnlen(env, a as *const u8, n);
    if a_len.is_none() {
        trap(env, "out of bounds memory access");
        return 0;
    }
    // SAFETY: as above.
    unsafe { libc::strncmp(a, b, n as usize) }
}

/// The length of the string at `p`, at most `n`, if it stays in memory.
fn mem_strnlen(env: Env, p: *const u8, n: u32) -> Option<u32> {
    let off = app(env, p as *const c_void) as u32;
    let i = inst(env)?;
    let full = super::heap::wasm_runtime_validate_app_addr(i, off as u64, n as u64);
    i.clear_exception();
    if full {
        return Some(n);
    }
    super::heap::wasm_runtime_validate_app_str_addr(i, off as u64).then_some(0)
}

extern "C" fn strcpy_w(env: Env, d: *mut u8, s: *const c_char) -> i32 {
    // SAFETY: `$`.
    let b = unsafe { cstr(s) };
    if !checked(env, d, b.len() as u32 + 1) {
        return 0;
    }
    // SAFETY: both checked.
    unsafe { std::ptr::copy(s as *const u8, d, b.len() + 1) };
    app(env, d as *const c_void)
}

extern "C" fn strncpy_w(env: Env, d: *mut u8, s: *const u8, n: u32) -> i32 {
    if !checked(env, d, n) {
        return 0;
    }
    // SAFETY: `s` has `n` checked bytes, `d` too (above).
    unsafe { libc::strncpy(d.cast(), s.cast(), n as usize) };
    app(env, d as *const c_void)
}

extern "C" fn strlen_w(_env: Env, s: *const c_char) -> i32 {
    // SAFETY: `$`.
    unsafe { cstr(s) }.len() as i32
}

extern "C" fn strdup_w(env: Env, s: *const c_char) -> i32 {
    // SAFETY: `$`.
    let mut b = unsafe { cstr(s) }.to_vec();
    b.push(0);
    match inst(env) {
        Some(i) => super::heap::dup_bytes(i, &b) as i32,
        None => 0,
    }
}

extern "C" fn strncasecmp_w(_env: Env, a: *const c_char, b: *const c_char, n: i32) -> i32 {
    // SAFETY: `$$`: both NUL-terminated; reading stops at a NUL.
    unsafe { libc::strncasecmp(a, b, n as u32 as usize) }
}

extern "C" fn strspn_w(_env: Env, a: *const c_char, b: *const c_char) -> i32 {
    // SAFETY: `$$`.
    unsafe { libc::strspn(a, b) as i32 }
}

extern "C" fn strcspn_w(_env: Env, a: *const c_char, b: *const c_char) -> i32 {
    // SAFETY: `$$`.
    unsafe { libc::strcspn(a, b) as i32 }
}

extern "C" fn strstr_w(env: Env, a: *const c_char, b: *const c_char) -> i32 {
    // SAFETY: `$$`.
    let r = unsafe { libc::strstr(a, b) };
    if r.is_null() {
        0
    } else {
        app(env, r as *const c_void)
    }
}

fn parse_long(env: Env, s: *const c_char, end: *mut u8, base: i32, unsigned: bool) -> i32 {
    let mut e: *mut c_char = std::ptr::null_mut();
    // SAFETY: `$`: NUL-terminated; `e` is ours.
    let v = unsafe {
        if unsigned {
            libc::strtoul(s, &mut e, base) as i64
        } else {
            libc::strtol(s, &mut e, base)
        }
    };
    if !end.is_null() && checked(env, end, 4) {
        let off = app(env, e as *const c_void).to_le_bytes();
        // SAFETY: 4 bytes checked above.
        unsafe { std::ptr::copy_nonoverlapping(off.as_ptr(), end, 4) };
    }
    v as i32
}

extern "C" fn strtol_w(env: Env, s: *const c_char, end: *mut u8, base: i32) -> i32 {
    parse_long(env, s, end, base, false)
}

extern "C" fn strtoul_w(env: Env, s: *const c_char, end: *mut u8, base: i32) -> i32 {
    parse_long(env, s, end, base, true)
}

extern "C" fn atoi_w(_env: Env, s: *const c_char) -> i32 {
    // SAFETY: `$`.
    unsafe { libc::atoi(s) }
}

// ---- the app heap ----------------------------------------------------------------------

extern "C" fn malloc_w(env: Env, size: i32) -> i32 {
    inst(env).map_or(0, |i| {
        // SAFETY: a live instance; the out-pointer may be NULL.
        let off = unsafe {
            super::heap::wasm_runtime_module_malloc(i, size as u32 as u64, std::ptr::null_mut())
        };
        off as i32
    })
}

extern "C" fn calloc_w(env: Env, n: i32, size: i32) -> i32 {
    let Some(total) = (n as u32).checked_mul(size as u32) else {
        return 0;
    };
    let off = malloc_w(env, total as i32);
    if off != 0 {
        if let Some(m) = mem(env, off as u32, total) {
            m.fill(0);
        }
    }
    off
}

extern "C" fn realloc_w(env: Env, ptr: i32, size: i32) -> i32 {
    let new = malloc_w(env, size);
    if new != 0 && ptr != 0 {
        // Copy the old block's bytes that fit (its size when the app heap
        // is ours; else as far as memory goes).
        let avail = inst(env).map_or(0, |i| {
            let mut len = 0u64;
            // SAFETY: a live instance; our out-parameter.
            unsafe {
                super::memory::wasm_runtime_get_app_addr_range(i, 0, std::ptr::null_mut(), &mut len)
            };
            let old = super::heap::block_size(i, ptr as u32).map_or(u64::MAX, u64::from);
            len.saturating_sub(ptr as u32 as u64)
                .min(size as u32 as u64)
                .min(old) as u32
        });
        let src = mem(env, ptr as u32, avail).map(|m| m.as_mut_ptr());
        let dst = mem(env, new as u32, avail).map(|m| m.as_mut_ptr());
        if let (Some(src), Some(dst)) = (src, dst) {
            // SAFETY: both ranges lie in memory; they may overlap (memmove).
            unsafe { std::ptr::copy(src, dst, avail as usize) };
        }
        free_w(env, ptr);
    }
    new
}

extern "C" fn free_w(env: Env, ptr: i32) {
    if let Some(i) = inst(env) {
        // SAFETY: a live instance; a bad offset only sets a message.
        unsafe { super::heap::wasm_runtime_module_free(i, ptr as u32 as u64) };
    }
}

extern "C" fn free_ptr_w(env: Env, ptr: *mut c_void) {
    free_w(env, app(env, ptr));
}

// ---- the rest ----------------------------------------------------------------------------

extern "C" fn exit_w(env: Env, code: i32) {
    trap(env, &format!("env.exit({code})"));
}

extern "C" fn abort_w(env: Env, code: i32) {
    trap(env, &format!("env.abort({code})"));
}

extern "C" fn stack_overflow_w(env: Env, code: i32) {
    trap(env, &format!("env.abortStackOverflow({code})"));
}

extern "C" fn null_func_w(env: Env, code: i32) {
    trap(env, &format!("env.nullFunc_X({code})"));
}

extern "C" fn cxa_allocate_exception_w(env: Env, size: i32) -> i32 {
    malloc_w(env, size)
}

extern "C" fn cxa_begin_catch_w(_env: Env, _p: *mut c_void) {}

extern "C" fn cxa_throw_w(env: Env, _e: *mut c_void, _t: *mut c_void, _d: i32) {
    trap(env, "exception thrown by stub cxa_throw()");
}

extern "C" fn clock_gettime_w(env: Env, clk: i32, ts: *mut u8) -> i32 {
    if !checked(env, ts, 16) {
        return -1;
    }
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is ours.
    if unsafe { libc::clock_gettime(clk, &mut t) } != 0 {
        return -1;
    }
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&t.tv_sec.to_le_bytes());
    b[8..].copy_from_slice(&t.tv_nsec.to_le_bytes());
    // SAFETY: 16 bytes checked above.
    unsafe { std::ptr::copy_nonoverlapping(b.as_ptr(), ts, 16) };
    0
}

extern "C" fn clock_w(_env: Env) -> i64 {
    // C's clock(): processor time in CLOCKS_PER_SEC (10^6 on Linux) units.
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is ours.
    if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } != 0 {
        return -1;
    }
    t.tv_sec * 1_000_000 + t.tv_nsec / 1000
}

macro_rules! ctype {
    ($($name:ident => $f:ident),*) => {$(
        extern "C" fn $name(_env: Env, c: i32) -> i32 {
            // SAFETY: the C classification functions take any int.
            unsafe { libc::$f(c) }
        }
    )*};
}
ctype!(isupper_w => isupper, isalpha_w => isalpha, isspace_w => isspace,
       isgraph_w => isgraph, isprint_w => isprint, isdigit_w => isdigit,
       isxdigit_w => isxdigit, tolower_w => tolower, toupper_w => toupper,
       isalnum_w => isalnum);

extern "C" fn print_w(_env: Env) {
    c_print(b"\n");
}
extern "C" fn print_i32_w(_env: Env, v: i32) {
    c_print(format!("{v}\n").as_bytes());
}
extern "C" fn print_i64_w(_env: Env, v: i64) {
    c_print(format!("{v}\n").as_bytes());
}
extern "C" fn print_i32_f32_w(_env: Env, a: i32, b: f32) {
    c_print(format!("{a} {b:.7}\n").as_bytes());
}
extern "C" fn print_f64_f64_w(_env: Env, a: f64, b: f64) {
    c_print(format!("{a:.7} {b:.7}\n").as_bytes());
}
extern "C" fn print_f32_w(_env: Env, v: f32) {
    c_print(format!("{v:.7}\n").as_bytes());
}
extern "C" fn print_f64_w(_env: Env, v: f64) {
    c_print(format!("{v:.7}\n").as_bytes());
}

/// The table: (name, function, WAMR's signature).
fn table() -> Vec<(&'static CStr, *mut c_void, &'static CStr)> {
    macro_rules! e {
        ($n:literal, $f:expr, $s:literal) => {
            ($n, $f as *mut c_void, $s)
        };
    }
    vec![
        e!(c"printf", printf_w as extern "C" fn(_, _, _) -> _, c"($*)i"),
        e!(
            c"sprintf",
            sprintf_w as extern "C" fn(_, _, _, _) -> _,
            c"($$*)i"
        ),
        e!(
            c"snprintf",
            snprintf_w as extern "C" fn(_, _, _, _, _) -> _,
            c"(*~$*)i"
        ),
        e!(
            c"vprintf",
            printf_w as extern "C" fn(_, _, _) -> _,
            c"($*)i"
        ),
        e!(
            c"vsprintf",
            sprintf_w as extern "C" fn(_, _, _, _) -> _,
            c"($$*)i"
        ),
        e!(
            c"vsnprintf",
            snprintf_w as extern "C" fn(_, _, _, _, _) -> _,
            c"(*~$*)i"
        ),
        e!(c"puts", puts_w as extern "C" fn(_, _) -> _, c"($)i"),
        e!(c"putchar", putchar_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(
            c"memcmp",
            memcmp_checked as extern "C" fn(_, _, _, _) -> _,
            c"(**~)i"
        ),
        e!(
            c"memcpy",
            memcpy_w as extern "C" fn(_, _, _, _) -> _,
            c"(**~)i"
        ),
        e!(
            c"memmove",
            memcpy_w as extern "C" fn(_, _, _, _) -> _,
            c"(**~)i"
        ),
        e!(
            c"memset",
            memset_w as extern "C" fn(_, _, _, _) -> _,
            c"(*ii)i"
        ),
        e!(c"strchr", strchr_w as extern "C" fn(_, _, _) -> _, c"($i)i"),
        e!(c"strcmp", strcmp_w as extern "C" fn(_, _, _) -> _, c"($$)i"),
        e!(c"strcpy", strcpy_w as extern "C" fn(_, _, _) -> _, c"(*$)i"),
        e!(c"strlen", strlen_w as extern "C" fn(_, _) -> _, c"($)i"),
        e!(
            c"strncmp",
            strncmp_w as extern "C" fn(_, _, _, _) -> _,
            c"(**~)i"
        ),
        e!(
            c"strncpy",
            strncpy_w as extern "C" fn(_, _, _, _) -> _,
            c"(**~)i"
        ),
        e!(c"malloc", malloc_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(
            c"realloc",
            realloc_w as extern "C" fn(_, _, _) -> _,
            c"(ii)i"
        ),
        e!(c"calloc", calloc_w as extern "C" fn(_, _, _) -> _, c"(ii)i"),
        e!(c"strdup", strdup_w as extern "C" fn(_, _) -> _, c"($)i"),
        e!(c"_strdup", strdup_w as extern "C" fn(_, _) -> _, c"($)i"),
        e!(c"free", free_ptr_w as extern "C" fn(_, _), c"(*)"),
        e!(c"atoi", atoi_w as extern "C" fn(_, _) -> _, c"($)i"),
        e!(c"exit", exit_w as extern "C" fn(_, _), c"(i)"),
        e!(
            c"strtol",
            strtol_w as extern "C" fn(_, _, _, _) -> _,
            c"($*i)i"
        ),
        e!(
            c"strtoul",
            strtoul_w as extern "C" fn(_, _, _, _) -> _,
            c"($*i)i"
        ),
        e!(
            c"memchr",
            memchr_w as extern "C" fn(_, _, _, _) -> _,
            c"(*ii)i"
        ),
        e!(
            c"strncasecmp",
            strncasecmp_w as extern "C" fn(_, _, _, _) -> _,
            c"($$i)i"
        ),
        e!(c"strspn", strspn_w as extern "C" fn(_, _, _) -> _, c"($$)i"),
        e!(
            c"strcspn",
            strcspn_w as extern "C" fn(_, _, _) -> _,
            c"($$)i"
        ),
        e!(c"strstr", strstr_w as extern "C" fn(_, _, _) -> _, c"($$)i"),
        e!(c"isupper", isupper_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(c"isalpha", isalpha_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(c"isspace", isspace_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(c"isgraph", isgraph_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(c"isprint", isprint_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(c"isdigit", isdigit_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(c"isxdigit", isxdigit_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(c"tolower", tolower_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(c"toupper", toupper_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(c"isalnum", isalnum_w as extern "C" fn(_, _) -> _, c"(i)i"),
        e!(
            c"emscripten_memcpy_big",
            memcpy_w as extern "C" fn(_, _, _, _) -> _,
            c"(**~)i"
        ),
        e!(c"abort", abort_w as extern "C" fn(_, _), c"(i)"),
        e!(
            c"abortStackOverflow",
            stack_overflow_w as extern "C" fn(_, _),
            c"(i)"
        ),
        e!(c"nullFunc_X", null_func_w as extern "C" fn(_, _), c"(i)"),
        e!(
            c"__cxa_allocate_exception",
            cxa_allocate_exception_w as extern "C" fn(_, _) -> _,
            c"(i)i"
        ),
        e!(
            c"__cxa_begin_catch",
            cxa_begin_catch_w as extern "C" fn(_, _),
            c"(*)"
        ),
        e!(
            c"__cxa_throw",
            cxa_throw_w as extern "C" fn(_, _, _, _),
            c"(**i)"
        ),
        e!(
            c"clock_gettime",
            clock_gettime_w as extern "C" fn(_, _, _) -> _,
            c"(i*)i"
        ),
        e!(c"clock", clock_w as extern "C" fn(_) -> _, c"()I"),
        e!(c"print", print_w as extern "C" fn(_), c"()"),
        e!(c"print_i32", print_i32_w as extern "C" fn(_, _), c"(i)"),
        e!(c"print_i64", print_i64_w as extern "C" fn(_, _), c"(I)"),
        e!(
            c"print_i32_f32",
            print_i32_f32_w as extern "C" fn(_, _, _),
            c"(if)"
        ),
        e!(
            c"print_f64_f64",
            print_f64_f64_w as extern "C" fn(_, _, _),
            c"(FF)"
        ),
        e!(c"print_f32", print_f32_w as extern "C" fn(_, _), c"(f)"),
        e!(c"print_f64", print_f64_w as extern "C" fn(_, _), c"(F)"),
    ]
}

/// Register the builtins (at init, when enabled) as the oldest natives of
/// "env".
pub(crate) fn register() -> Result<(), String> {
    if !ENABLED.load(Ordering::Acquire) {
        return Ok(());
    }
    let mut syms: Vec<NativeSymbol> = table()
        .into_iter()
        .map(|(n, f, s)| NativeSymbol {
            symbol: n.as_ptr(),
            func_ptr: f,
            signature: s.as_ptr(),
            attachment: std::ptr::null_mut(),
        })
        .collect();
    // SAFETY: our own array of valid symbols.
    unsafe { super::natives::register_builtins(&mut syms) }
}

/// Switch the builtins on or off (now, and for later inits).
pub(crate) fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Release);
    super::natives::unregister_builtins();
    if on {
        let _ = register();
    }
}

/// ferrowasm: the libc-builtin natives on (default) or off.
#[no_mangle]
pub extern "C" fn ferrowasm_runtime_set_libc_builtin(enable: bool) {
    super::guard((), || set_enabled(enable))
}
