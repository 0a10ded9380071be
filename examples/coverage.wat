;; coverage: one export of each kind.
(module
  (func (export "f") (param i32) (result i32) (local.get 0))
  (global (export "g") (mut i32) (i32.const 3))
  (table (export "t") 1 funcref)
  (memory (export "m") 1))
