;; reflect: imports and exports of every kind (the memory is re-exported:
;; WebAssembly 2.0 has one memory per module).
(module
  (import "env" "callback" (func (param i32 i64) (result f32)))
  (import "env" "counter" (global (mut f64)))
  (import "env" "slots" (table 2 10 funcref))
  (import "env" "heap" (memory 1 2))
  (func (export "compute") (param i32 f64 externref) (result i64 i32)
    (i64.const 0) (i32.const 0))
  (global (export "limit") i64 (i64.const 1))
  (table (export "refs") 3 externref)
  (export "scratch" (memory 0)))
