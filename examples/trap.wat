;; trap: traps raised by the host and by wasm, through nested calls.
(module
  (import "host" "fail" (func $fail))
  (import "host" "call_nested" (func $call_nested))
  (func $host_trap (export "host_trap") (call $fail))
  (func $div (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $inner (i32.const 1) (drop) (unreachable))
  (func $middle (call $inner))
  (func $nested (export "nested") (call $middle))
  (func (export "outer") (call $call_nested)))
