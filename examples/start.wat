;; start: a start function that traps after writing a global.
(module
  (import "env" "seen" (global $seen (mut i32)))
  (func $start
    (global.set $seen (i32.const 1))
    (call $boom))
  (func $boom (unreachable))
  (start $start))
