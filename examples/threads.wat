;; threads: a module every thread instantiates in its own store.
(module
  (import "host" "report" (func $report (param i32 i32)))
  (global $id (import "host" "id") i32)
  (memory 1)
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (call $report (global.get $id) (local.get $sum))
    (local.get $sum)))
