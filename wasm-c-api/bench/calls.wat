;; calls: functions for measuring call overhead in both directions.
(module
  (import "host" "nop" (func $hnop))
  (import "host" "add" (func $hadd (param i32 i32) (result i32)))
  (func (export "nop"))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  ;; n iterations of an empty loop (the baseline of the two below).
  (func (export "loop") (param $n i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l))))
  ;; n calls of the host's nop.
  (func (export "call_host_nop") (param $n i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (call $hnop)
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l))))
  ;; n calls of the host's add, summed.
  (func (export "call_host_add") (param $n i32) (result i32)
    (local $acc i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (call $hadd (local.get $acc) (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $acc)))
