;; For module.c: imports and exports of every kind, a custom section, a
;; table for call_indirect, externref parameters and results, a mutable
;; global, a memory with a maximum.
(module
  (@custom "ferro.meta" "hello custom")
  (import "env" "host_add" (func $host_add (param i32 i32) (result i32)))
  (import "env" "strlen" (func $strlen (param i32) (result i32)))
  (memory (export "memory") 1 3)
  (global $counter (export "counter") (mut i32) (i32.const 41))
  (global (export "pi") f64 (f64.const 3.5))
  (table $t (export "table") 3 funcref)
  (elem (i32.const 0) $double $add1)
  (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $add1 (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (call $host_add (global.get $counter) (i32.const 100)))
  ;; externref in, externref out (the same one)
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0))))
