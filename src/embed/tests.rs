//! In-process checks of the embedding API (system allocator only: a pool
//! would take over every thread's allocations; pool runs are C programs).

use super::state::RuntimeInitArgs;
use std::mem::{offset_of, size_of};

/// WAMR's layout of RuntimeInitArgs (examples/embed/pool.c asserts the
/// size from C too).
#[test]
fn runtime_init_args_layout() {
    assert_eq!(offset_of!(RuntimeInitArgs, mem_alloc_option), 8);
    assert_eq!(offset_of!(RuntimeInitArgs, native_module_name), 40);
    assert_eq!(offset_of!(RuntimeInitArgs, n_native_symbols), 56);
    assert_eq!(offset_of!(RuntimeInitArgs, max_thread_num), 60);
    assert_eq!(offset_of!(RuntimeInitArgs, running_mode), 208);
    assert_eq!(size_of::<RuntimeInitArgs>(), 232);
}

#[test]
fn signatures_parse_as_wamr_defines_them() {
    use super::natives::{parse_sig, Param};
    let s = parse_sig("($*~)").expect("valid");
    assert_eq!(s.params, vec![Param::Str, Param::Ptr, Param::Len]);
    assert_eq!(s.result, None);
    let s = parse_sig("(iIfFr)F").expect("valid");
    assert_eq!(s.params.len(), 5);
    assert!(parse_sig("(~)").is_err());
    assert!(parse_sig("(i").is_err());
    assert!(parse_sig("ii)i").is_err());
    assert!(parse_sig("(x)").is_err());
    assert!(parse_sig("()ii").is_err());
}

#[test]
fn error_buffers_are_truncated_on_char_boundaries() {
    let mut buf = [0x55u8; 6];
    super::write_error_buf(buf.as_mut_ptr().cast(), 6, "héllo wörld");
    assert_eq!(&buf[..], b"h\xc3\xa9ll\0");
    super::write_error_buf(buf.as_mut_ptr().cast(), 3, "héllo");
    assert_eq!(&buf[..2], b"h\0");
    super::write_error_buf(std::ptr::null_mut(), 10, "x");
}
