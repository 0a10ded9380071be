;; badinput: a module with one import of each kind, for mismatches.
(module
  (import "m" "f" (func (param i32) (result i32)))
  (import "m" "g" (global (mut i64)))
  (import "m" "t" (table 2 funcref))
  (import "m" "mem" (memory 1 2))
  (func (export "id") (param i32) (result i32) (local.get 0)))
