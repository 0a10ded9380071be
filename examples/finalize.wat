;; finalize: a small module instantiated many times.
(module
  (global $g (mut i32) (i32.const 0))
  (table 1 funcref)
  (func $f (export "f") (result i32) (global.get $g))
  (func (export "g") (global.set $g (i32.const 1)))
  (elem (i32.const 0) $f))
