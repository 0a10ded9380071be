(module
  (memory (export "memory") 1)
  ;; Upper-case the ASCII letters of [p, p + n) in place; the byte sum.
  (func (export "upper") (param $p i32) (param $n i32) (result i32)
    (local $c i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $c (i32.load8_u (local.get $p)))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
          (then (local.set $c (i32.sub (local.get $c) (i32.const 32)))
                (i32.store8 (local.get $p) (local.get $c))))
        (local.set $s (i32.add (local.get $s) (local.get $c)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $s)))
