//! What every engine under test offers the harness, and the small modules
//! (WebAssembly text) the harness uses besides the C workloads.

use std::time::Duration;

/// Result of compiling and instantiating one module.
pub struct Loaded {
    pub inst: Box<dyn Instance>,
    /// Time to compile the module (`wasm_module_new` or equivalent).
    pub compile: Duration,
    /// Time to instantiate it, creating its imports (host functions) included.
    pub instantiate: Duration,
}

pub trait Engine {
    /// Version string for the header.
    fn version(&self) -> String;
    /// Compile and instantiate `wasm`. Imports: `env.host_inc: (i32) -> i32`
    /// is a host function returning its argument plus one; every other
    /// function import is a stub that traps when called; imports of other
    /// kinds are an error.
    fn instantiate(&mut self, wasm: &[u8]) -> Result<Loaded, String>;
}

pub trait Instance {
    /// Call export `name` with i32 arguments (at most two) and at most one
    /// i32 result.
    fn call_i32(&mut self, name: &str, args: &[i32]) -> Result<Option<i32>, String>;
    /// `iters` host-to-wasm calls of the export `nop: () -> ()`.
    fn bench_nop(&mut self, iters: u32) -> Result<Duration, String>;
    /// `iters` host-to-wasm calls of the export `add: (i32, i32) -> i32`;
    /// returns the time and the wrapping sum of the results.
    fn bench_add(&mut self, iters: u32) -> Result<(Duration, u32), String>;
}

/// The module for call overheads.
/// - `nop`, `add`: called from the host;
/// - `host_loop(n)`: a loop calling the imported `env.host_inc` n times;
/// - `wasm_loop(n)`: the same loop calling a wasm function instead (the
///   difference between the two is what crossing to the host costs).
pub const CALLS_WAT: &str = r#"
(module
  (import "env" "host_inc" (func $host_inc (param i32) (result i32)))
  (func (export "nop"))
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (func $inc (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add)
  (func (export "host_loop") (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $l
        local.get $n
        i32.eqz
        br_if $done
        local.get $acc
        call $host_inc
        local.set $acc
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br $l))
    local.get $acc)
  (func (export "wasm_loop") (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $l
        local.get $n
        i32.eqz
        br_if $done
        local.get $acc
        call $inc
        local.set $acc
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br $l))
    local.get $acc))
"#;

/// The "hello" module whose peak RSS is measured: one page of memory with a
/// greeting in it, and a function that sums the greeting's bytes.
pub const HELLO_WAT: &str = r#"
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, world\n")
  (func (export "hello") (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        local.get $i
        i32.const 13
        i32.ge_u
        br_if $done
        local.get $sum
        local.get $i
        i32.load8_u offset=16
        i32.add
        local.set $sum
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $l))
    local.get $sum))
"#;

/// The sum of the bytes of "hello, world\n".
pub const HELLO_SUM: i32 = 1170;

/// A function pointer of type `T` named `name` in `lib`, copied out of the
/// library (which the caller keeps loaded while it uses the pointer).
///
/// # Safety
/// The symbol must be a function of type `T`.
pub unsafe fn symbol<T: Copy>(
    lib: &libloading::Library,
    name: &str,
    path: &str,
) -> Result<T, String> {
    let mut cname = name.as_bytes().to_vec();
    cname.push(0);
    lib.get::<T>(cname.as_slice())
        .map(|s| *s)
        .map_err(|e| format!("{path}: missing {name}: {e}"))
}
