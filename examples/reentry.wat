;; reentry.c: `down` calls the host's `h`, which calls `down` again (every
;; level is an entry from the host); `deep` recurses without end; `fib` is
;; plain work.
(module
  (import "host" "h" (func $h (param i32) (result i32)))
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $h (local.get 0)) (i32.const 1)))))
  (func $deep (export "deep") (param i32) (result i32)
    (i32.add (call $deep (local.get 0)) (i32.const 1)))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add
        (call $fib (i32.sub (local.get 0) (i32.const 1)))
        (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
