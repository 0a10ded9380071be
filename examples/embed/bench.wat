(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (func (export "inc") (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 1)))
  (func $plus (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  ;; n calls of the native add, and of a wasm function, for comparison.
  (func (export "native_loop") (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (call $add (local.get $s) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $s))
  (func (export "wasm_loop") (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (call $plus (local.get $s) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $s)))
