;; callback: host functions with and without an environment, numbers of all
;; four types, and a host function that calls back into wasm.
(module
  (import "host" "mix" (func $mix (param i32 i64 f32 f64) (result f64)))
  (import "host" "count" (func $count (result i32)))
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (func (export "run") (param i32 i64 f32 f64) (result f64)
    (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "count_twice") (result i32)
    (i32.add (i32.mul (call $count) (i32.const 10)) (call $count)))
  (func (export "square") (param i32) (result i32)
    (i32.mul (local.get 0) (local.get 0)))
  (func (export "square_via_host") (param i32) (result i32)
    (i32.add (call $reenter (local.get 0)) (i32.const 1))))
