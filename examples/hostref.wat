;; hostref: externref values through a global, a table, parameters and
;; results, and a host function.
(module
  (import "host" "echo" (func $echo (param externref) (result externref)))
  (global $slot (export "slot") (mut externref) (ref.null extern))
  (table $refs (export "refs") 4 externref)
  (func (export "set_slot") (param externref) (global.set $slot (local.get 0)))
  (func (export "get_slot") (result externref) (global.get $slot))
  (func (export "put") (param i32 externref) (table.set $refs (local.get 0) (local.get 1)))
  (func (export "take") (param i32) (result externref) (table.get $refs (local.get 0)))
  (func (export "via_host") (param externref) (result externref) (call $echo (local.get 0)))
  (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0))))
