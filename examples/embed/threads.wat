;; For threads.c: fib, state that must not be shared between a parent
;; instance and the instance of an exec env spawned from it (a global, the
;; linear memory with a data segment), and natives (same resolution in the
;; spawned instance).
(module
  (import "env" "host_add" (func $host_add (param i32 i32) (result i32)))
  (import "env" "rendezvous" (func $rendezvous))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello")
  (global $g (mut i32) (i32.const 0))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  ;; Meet the other threads (a native that waits for all of them), then fib.
  (func (export "meet_fib") (param i32) (result i32)
    (call $rendezvous)
    (call $fib (local.get 0)))
  (func (export "add") (param i32 i32) (result i32)
    (call $host_add (local.get 0) (local.get 1)))
  (func (export "set_g") (param i32) (global.set $g (local.get 0)))
  (func (export "get_g") (result i32) (global.get $g))
  (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1))))
