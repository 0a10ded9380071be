;; Factorial on i64, recursive and iterative.
;;   cargo run --release -- run examples/factorial.wat --invoke factorial 20
;;   # prints 2432902008176640000 (21! and above wrap around modulo 2^64)
(module
  ;; n! by recursion.
  (func $factorial (export "factorial") (param $n i64) (result i64)
    (if (result i64) (i64.le_s (local.get $n) (i64.const 1))
      (then (i64.const 1))
      (else
        (i64.mul
          (local.get $n)
          (call $factorial (i64.sub (local.get $n) (i64.const 1)))))))

  ;; n! by a loop.
  (func (export "factorial_iter") (param $n i64) (result i64)
    (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.le_s (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $acc)))
