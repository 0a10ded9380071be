;; serialize: a module with an import and an export, to round-trip.
(module
  (import "host" "base" (global $base i32))
  (func (export "add_base") (param i32) (result i32)
    (i32.add (local.get 0) (global.get $base))))
