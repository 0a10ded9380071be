;; Functions that trap, to see how ferrowasm reports a trap (exit code 2,
;; the trap's message and a wasm backtrace on stderr).
;;   cargo run --release -- run examples/cli_trap.wat --invoke div 7 0
;;   cargo run --release -- run examples/cli_trap.wat --invoke crash
(module
  ;; Signed division: traps with "integer divide by zero" when $b is 0
  ;; (and with "integer overflow" for -2147483648 / -1).
  (func $div (export "div") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))

  ;; crash -> $outer -> $inner -> unreachable: the backtrace shows all three.
  (func $inner
    (unreachable))
  (func $outer
    (call $inner))
  (func $crash (export "crash")
    (call $outer)))
