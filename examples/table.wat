;; table: a funcref table filled by an element segment, the host and wasm;
;; call_indirect through it.
(module
  (type $unary (func (param i32) (result i32)))
  (table (export "table") 2 10 funcref)
  (func $inc (export "inc") (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 1)))
  (func $pair (export "pair") (param i32 i32) (result i32)
    (i32.mul (local.get 0) (local.get 1)))
  (elem (i32.const 1) $inc)
  (func (export "call") (param $arg i32) (param $index i32) (result i32)
    (call_indirect (type $unary) (local.get $arg) (local.get $index)))
  (func (export "size") (result i32) (table.size))
  (func (export "grow") (param i32) (result i32)
    (table.grow (ref.null func) (local.get 0))))
