;; Legacy exception handling (try / catch / catch_all / throw), written for
;; ferrowasm. The legacy instructions are written in flat (unfolded) form:
;; the `wast` crate parses `try ... catch ... end` but not the folded
;; `(try (do ...) (catch ...))` form.

;; ---------------------------------------------------------------------------
;; A library module exporting a tag and functions that throw it. Registered as
;; "lib" so that the modules below can import both.

(module $lib
  (tag $boom (export "boom") (param i32))

  (func (export "throw-boom") (param i32)
    local.get 0
    throw $boom)

  ;; a / b, or throws boom(a) when b = 0
  (func (export "div-or-boom") (param $a i32) (param $b i32) (result i32)
    local.get $b
    i32.eqz
    if
      local.get $a
      throw $boom
    end
    local.get $a
    local.get $b
    i32.div_s)
)

(assert_exception (invoke "throw-boom" (i32.const 3)))
(assert_return (invoke "div-or-boom" (i32.const 12) (i32.const 4)) (i32.const 3))

(register "lib" $lib)

;; ---------------------------------------------------------------------------
;; Catching by tag, payload types, catch order, callees, imported tags.

(module $main
  (import "lib" "boom" (tag $boom (param i32)))
  (import "lib" "throw-boom" (func $throw-boom (param i32)))
  (import "lib" "div-or-boom" (func $div-or-boom (param i32 i32) (result i32)))

  (type $i-i (func (param i32) (result i32)))
  (type $ii-ii (func (param i32 i32) (result i32 i32)))

  (tag $e0)
  (tag $e-i32 (param i32))
  (tag $e-i64 (param i64))
  (tag $e-f32 (param f32))
  (tag $e-f64 (param f64))
  (tag $e-multi (param i32 i64 f64))
  (tag $e-pair (param i32 i32))
  ;; same signature as the imported $boom, but a different tag
  (tag $not-boom (param i32))

  ;; re-export of the imported tag: still the same tag as lib's "boom"
  (export "boom-again" (tag $boom))

  ;; The body completes normally: the handler does not run.
  (func (export "no-throw") (result i32)
    try (result i32)
      i32.const 1
    catch_all
      i32.const 2
    end)

  (func (export "catch-empty") (result i32)
    try (result i32)
      throw $e0
    catch $e0
      i32.const 10
    end)

  ;; The handler starts with the payload on the stack.
  (func (export "catch-i32") (param i32) (result i32)
    try (result i32)
      local.get 0
      throw $e-i32
    catch $e-i32
      i32.const 1
      i32.add
    end)

  (func (export "catch-i64") (param i64) (result i64)
    try (result i64)
      local.get 0
      throw $e-i64
    catch $e-i64
      i64.const 2
      i64.mul
    end)

  (func (export "catch-f32") (param f32) (result f32)
    try (result f32)
      local.get 0
      throw $e-f32
    catch $e-f32
      f32.neg
    end)

  (func (export "catch-f64") (param f64) (result f64)
    try (result f64)
      local.get 0
      throw $e-f64
    catch $e-f64
      f64.const 0.25
      f64.add
    end)

  ;; A multi-value payload is the try's result as it is.
  (func (export "catch-multi") (result i32 i64 f64)
    try (result i32 i64 f64)
      i32.const 7
      i64.const -8
      f64.const 9.5
      throw $e-multi
    catch $e-multi
    end)

  ;; The payload arrives in parameter order: i*100 + l*10 + trunc(f).
  (func (export "catch-multi-order") (param $i i32) (param $l i64) (param $f f64) (result i64)
    (local $ci i32) (local $cl i64) (local $cf f64)
    try (result i64)
      local.get $i
      local.get $l
      local.get $f
      throw $e-multi
    catch $e-multi
      local.set $cf
      local.set $cl
      local.set $ci
      local.get $ci
      i64.extend_i32_s
      i64.const 100
      i64.mul
      local.get $cl
      i64.const 10
      i64.mul
      i64.add
      local.get $cf
      i64.trunc_f64_s
      i64.add
    end)

  ;; The first catch clause whose tag matches runs; later ones (even for the
  ;; same tag) and catch_all do not.
  (func (export "first-match") (param i32) (result i32)
    try (result i32)
      local.get 0
      throw $e-i32
    catch $e-i64
      drop
      i32.const 100
    catch $e-i32
      i32.const 200
      i32.add
    catch $e-i32
      i32.const 300
      i32.add
    catch_all
      i32.const 400
    end)

  ;; k = 0: $e0, 1: $e-i32(11), 2: $e-i64(22), 3: $e-f32(3.5),
  ;; 4: imported $boom(44) thrown by lib, 5: $not-boom(55), else returns.
  (func $throw-sel (export "throw-sel") (param $k i32)
    local.get $k
    i32.eqz
    if
      throw $e0
    end
    local.get $k
    i32.const 1
    i32.eq
    if
      i32.const 11
      throw $e-i32
    end
    local.get $k
    i32.const 2
    i32.eq
    if
      i64.const 22
      throw $e-i64
    end
    local.get $k
    i32.const 3
    i32.eq
    if
      f32.const 3.5
      throw $e-f32
    end
    local.get $k
    i32.const 4
    i32.eq
    if
      i32.const 44
      call $throw-boom
    end
    local.get $k
    i32.const 5
    i32.eq
    if
      i32.const 55
      throw $not-boom
    end)

  ;; Exceptions thrown by callees (one and two frames down, one of them in
  ;; another module) are matched by tag; unmatched ones go to catch_all.
  (func (export "dispatch") (param $k i32) (result i32)
    try (result i32)
      local.get $k
      call $throw-sel
      i32.const -1
    catch $e0
      i32.const 1000
    catch $e-i32
      i32.const 2000
      i32.add
    catch $e-i64
      i32.wrap_i64
      i32.const 3000
      i32.add
    catch $boom
      i32.const 4000
      i32.add
    catch_all
      i32.const 9999
    end)

  ;; An exception whose tag the inner try does not list passes through it.
  (func (export "pass-through") (param $k i32) (result i32)
    try (result i32)
      try (result i32)
        local.get $k
        call $throw-sel
        i32.const 0
      catch $e0
        i32.const 1
      end
      i32.const 10
      i32.add
    catch $e-i32
      i32.const 100
      i32.add
    end)

  ;; Catching the imported tag when a function of the exporting module throws.
  (func (export "safe-div") (param i32 i32) (result i32)
    try (result i32)
      local.get 0
      local.get 1
      call $div-or-boom
    catch $boom
      i32.const -1000
      i32.add
    end)

  ;; A tag of the same type is not the same tag.
  (func (export "not-boom") (param i32) (result i32)
    try (result i32)
      local.get 0
      call $throw-boom
      i32.const 0
    catch $not-boom
      drop
      i32.const 1
    catch_all
      i32.const 2
    end)

  ;; Throws the imported tag from this module (caught in the module below).
  (func (export "throw-boom-here") (param i32)
    local.get 0
    throw $boom)

  ;; Through call_indirect. Table 0: x+1, or throws $e-i32(2x) for odd x;
  ;; table 1: throws $e-f64(x).
  (func $double-or-throw (type $i-i)
    local.get 0
    i32.const 1
    i32.and
    if
      local.get 0
      i32.const 2
      i32.mul
      throw $e-i32
    end
    local.get 0
    i32.const 1
    i32.add)
  (func $always-f64 (type $i-i)
    local.get 0
    f64.convert_i32_s
    throw $e-f64)
  (table funcref (elem $double-or-throw $always-f64))

  (func (export "indirect") (param $x i32) (param $idx i32) (result i32)
    try (result i32)
      local.get $x
      local.get $idx
      call_indirect (type $i-i)
    catch $e-i32
      i32.const 1000
      i32.add
    catch $e-f64
      i32.trunc_f64_s
      i32.const 2000
      i32.add
    end)

  ;; n frames deep; each frame has a try whose only catch is for $e0, which
  ;; the $e-i32 exception passes through. Payload n + (n-1) + ... + 1.
  (func $deep-rec (param $n i32) (param $acc i32)
    try
      local.get $n
      i32.eqz
      if
        local.get $acc
        throw $e-i32
      end
      local.get $n
      i32.const 1
      i32.sub
      local.get $acc
      local.get $n
      i32.add
      call $deep-rec
    catch $e0
      unreachable
    end)
  (func (export "deep") (param $n i32) (result i32)
    try (result i32)
      local.get $n
      i32.const 0
      call $deep-rec
      i32.const -1
    catch $e-i32
    end)

  ;; A try with a block type given by type index ([i32] -> [i32]). The body
  ;; takes x+1 from its parameter; over 10 it throws it, and the handler
  ;; (which sees only the payload) negates it.
  (func (export "try-param") (param i32) (result i32)
    local.get 0
    try (type $i-i)
      i32.const 1
      i32.add
      local.set 0
      local.get 0
      i32.const 10
      i32.gt_s
      if
        local.get 0
        throw $e-i32
      end
      local.get 0
    catch $e-i32
      i32.const -1
      i32.mul
    end)

  ;; [i32 i32] -> [i32 i32]: b = 0 leaves by br 0 with (a, 0); otherwise the
  ;; parameters are thrown and the handler swaps them.
  (func (export "pair") (param $a i32) (param $b i32) (result i32 i32)
    local.get $a
    local.get $b
    try (type $ii-ii)
      local.get $b
      i32.eqz
      br_if 0
      throw $e-pair
    catch $e-pair
      local.set $b
      local.set $a
      local.get $b
      local.get $a
    end)

  ;; Nested tries; an exception thrown by a handler is not caught by the
  ;; handler's own try but by the enclosing one.
  (func (export "nested") (param $k i32) (result i32)
    try (result i32)
      try (result i32)
        try (result i32)
          local.get $k
          throw $e-i32
        catch $e-i32
          local.tee $k
          i32.eqz
          if (result i32)
            i32.const 0
          else
            local.get $k
            i32.const 10
            i32.mul
            throw $e-i32
          end
        end
        i32.const 100
        i32.add
      catch $e-i32
        local.set $k
        local.get $k
        i32.const 10
        i32.eq
        if (result i32)
          local.get $k
          i32.const 1
          i32.add
        else
          local.get $k
          i64.extend_i32_s
          throw $e-i64
        end
      end
      i32.const 1000
      i32.add
    catch $e-i64
      i32.wrap_i64
      i32.const 5
      i32.add
    end)

  ;; Traps are not exceptions: catch_all does not catch them.
  (func (export "trap-unreachable") (result i32)
    try (result i32)
      unreachable
    catch_all
      i32.const 1
    end)
  (func $ten-div (param i32) (result i32)
    i32.const 10
    local.get 0
    i32.div_s)
  (func (export "trap-div") (param i32) (result i32)
    try (result i32)
      local.get 0
      call $ten-div
    catch $e-i32
    catch_all
      i32.const -1
    end)
)

(assert_return (invoke "no-throw") (i32.const 1))
(assert_return (invoke "catch-empty") (i32.const 10))
(assert_return (invoke "catch-i32" (i32.const 41)) (i32.const 42))
(assert_return (invoke "catch-i64" (i64.const 4294967296)) (i64.const 8589934592))
(assert_return (invoke "catch-f32" (f32.const 1.5)) (f32.const -1.5))
(assert_return (invoke "catch-f64" (f64.const -1)) (f64.const -0.75))
(assert_return (invoke "catch-multi") (i32.const 7) (i64.const -8) (f64.const 9.5))
(assert_return (invoke "catch-multi-order" (i32.const 1) (i64.const 2) (f64.const 3)) (i64.const 123))
(assert_return (invoke "catch-multi-order" (i32.const -1) (i64.const 5) (f64.const 7.9)) (i64.const -43))
(assert_return (invoke "first-match" (i32.const 5)) (i32.const 205))

(assert_exception (invoke "throw-sel" (i32.const 3)))
(assert_return (invoke "throw-sel" (i32.const 6)))

(assert_return (invoke "dispatch" (i32.const 0)) (i32.const 1000))
(assert_return (invoke "dispatch" (i32.const 1)) (i32.const 2011))
(assert_return (invoke "dispatch" (i32.const 2)) (i32.const 3022))
(assert_return (invoke "dispatch" (i32.const 3)) (i32.const 9999))
(assert_return (invoke "dispatch" (i32.const 4)) (i32.const 4044))
(assert_return (invoke "dispatch" (i32.const 5)) (i32.const 9999))
(assert_return (invoke "dispatch" (i32.const 6)) (i32.const -1))

(assert_return (invoke "pass-through" (i32.const 0)) (i32.const 11))
(assert_return (invoke "pass-through" (i32.const 1)) (i32.const 111))
(assert_return (invoke "pass-through" (i32.const 7)) (i32.const 10))
(assert_exception (invoke "pass-through" (i32.const 4)))

(assert_return (invoke "safe-div" (i32.const 12) (i32.const 4)) (i32.const 3))
(assert_return (invoke "safe-div" (i32.const 12) (i32.const 0)) (i32.const -988))
(assert_return (invoke "not-boom" (i32.const 1)) (i32.const 2))

(assert_return (invoke "indirect" (i32.const 4) (i32.const 0)) (i32.const 5))
(assert_return (invoke "indirect" (i32.const 3) (i32.const 0)) (i32.const 1006))
(assert_return (invoke "indirect" (i32.const 7) (i32.const 1)) (i32.const 2007))
(assert_trap (invoke "indirect" (i32.const 1) (i32.const 5)) "undefined element")

(assert_return (invoke "deep" (i32.const 10)) (i32.const 55))
(assert_return (invoke "deep" (i32.const 100)) (i32.const 5050))

(assert_return (invoke "try-param" (i32.const 5)) (i32.const 6))
(assert_return (invoke "try-param" (i32.const 20)) (i32.const -21))
(assert_return (invoke "pair" (i32.const 3) (i32.const 0)) (i32.const 3) (i32.const 0))
(assert_return (invoke "pair" (i32.const 3) (i32.const 4)) (i32.const 4) (i32.const 3))

(assert_return (invoke "nested" (i32.const 0)) (i32.const 1100))
(assert_return (invoke "nested" (i32.const 1)) (i32.const 1011))
(assert_return (invoke "nested" (i32.const 2)) (i32.const 25))

(assert_trap (invoke "trap-unreachable") "unreachable")
(assert_return (invoke "trap-div" (i32.const 2)) (i32.const 5))
(assert_trap (invoke "trap-div" (i32.const 0)) "integer divide by zero")

(register "main" $main)

;; ---------------------------------------------------------------------------
;; A third module: the tag imported from "lib" and the one re-exported by
;; "main" are one tag, whichever module throws it.

(module
  (import "lib" "boom" (tag $boom (param i32)))
  (import "main" "boom-again" (tag $boom2 (param i32)))
  (import "main" "throw-boom-here" (func $throw-here (param i32)))
  (import "lib" "throw-boom" (func $throw-lib (param i32)))
  (tag $own (param i32))

  (func (export "catch-lib-tag") (param i32) (result i32)
    try (result i32)
      local.get 0
      call $throw-here
      i32.const -1
    catch $own
      drop
      i32.const -2
    catch $boom
      i32.const 1
      i32.add
    end)

  (func (export "catch-reexported-tag") (param i32) (result i32)
    try (result i32)
      local.get 0
      call $throw-lib
      i32.const -1
    catch $boom2
      i32.const 2
      i32.add
    end)
)

(assert_return (invoke "catch-lib-tag" (i32.const 40)) (i32.const 41))
(assert_return (invoke "catch-reexported-tag" (i32.const 40)) (i32.const 42))

;; ---------------------------------------------------------------------------
;; Control flow in and out of try bodies and handlers; loops.

(module
  (tag $e0)
  (tag $e (param i32))
  (tag $e64 (param i64))

  (func $thrower (param i32)
    local.get 0
    throw $e)

  ;; x != 0: br out of the try body with 1; x = 0: 2 thrown, 12 from the
  ;; handler, +100 after the try.
  (func (export "br-out-of-try") (param $x i32) (result i32)
    block $out (result i32)
      try (result i32)
        i32.const 1
        local.get $x
        br_if $out
        drop
        i32.const 2
        throw $e
      catch $e
        i32.const 10
        i32.add
      end
      i32.const 100
      i32.add
    end)

  ;; After leaving the inner try by br, its catch_all no longer applies.
  (func (export "br-then-throw") (result i32)
    try (result i32)
      block $b
        try
          br $b
        catch_all
          i32.const 999
          return
        end
      end
      i32.const 5
      throw $e
    catch $e
      i32.const 1000
      i32.add
    end)

  ;; br from a handler carries the payload out; the next throw goes to the
  ;; outer try: x + 100 + 1.
  (func (export "br-out-of-catch") (param $x i32) (result i32)
    try (result i32)
      block $out (result i32)
        try
          local.get $x
          throw $e
        catch $e
          br $out
        end
        i32.const -1
      end
      i32.const 100
      i32.add
      throw $e
    catch $e
      i32.const 1
      i32.add
    end)

  (func (export "return-from-catch") (param $x i32) (result i32)
    try
      local.get $x
      throw $e
    catch $e
      i32.const 2
      i32.mul
      return
    end
    i32.const -1)

  (func $return-from-try (result i32)
    try (result i32)
      i32.const 3
      return
    catch_all
      i32.const 4
    end)

  (func (export "return-then-throw") (result i32)
    try (result i32)
      call $return-from-try
      throw $e
    catch $e
      i32.const 10
      i32.add
    end)

  ;; return from an inner handler skips the outer try's result and handler.
  (func (export "return-from-nested-catch") (result i32)
    try (result i32)
      try
        i32.const 8
        throw $e
      catch $e
        return
      end
      i32.const -1
    catch_all
      i32.const -2
    end)

  ;; Throws i from a callee and catches it, for i in [0, n): sum n(n-1)/2.
  (func (export "loop-sum") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    block $done
      loop $l
        local.get $i
        local.get $n
        i32.ge_u
        br_if $done
        try
          local.get $i
          call $thrower
        catch $e
          local.get $sum
          i32.add
          local.set $sum
        end
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $l
      end
    end
    local.get $sum)

  ;; i mod 3 = 0: $e0; 1: $e(11); 2: $e64(22).
  (func $sel (param $i i32)
    block $b2
      block $b1
        block $b0
          local.get $i
          i32.const 3
          i32.rem_u
          br_table $b0 $b1 $b2
        end
        throw $e0
      end
      i32.const 11
      throw $e
    end
    i64.const 22
    throw $e64)

  ;; Adds 1 for $e0, the payload for $e, 22 (via catch_all) for $e64.
  (func (export "loop-mixed") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    block $done
      loop $l
        local.get $i
        local.get $n
        i32.ge_u
        br_if $done
        try
          local.get $i
          call $sel
        catch $e0
          local.get $acc
          i32.const 1
          i32.add
          local.set $acc
        catch $e
          local.get $acc
          i32.add
          local.set $acc
        catch_all
          local.get $acc
          i32.const 22
          i32.add
          local.set $acc
        end
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $l
      end
    end
    local.get $acc)

  ;; Each iteration enters a try and leaves it by br_if to the loop; at the
  ;; end $e(i) is thrown, passes the inner catch $e0 and is caught outside.
  (func (export "loop-continue-in-try") (param $n i32) (result i32)
    (local $i i32)
    try (result i32)
      loop $l
        try
          local.get $i
          i32.const 1
          i32.add
          local.tee $i
          local.get $n
          i32.lt_u
          br_if $l
          local.get $i
          throw $e
        catch $e0
        end
      end
      i32.const -1
    catch $e
    end)
)

(assert_return (invoke "br-out-of-try" (i32.const 1)) (i32.const 1))
(assert_return (invoke "br-out-of-try" (i32.const 0)) (i32.const 112))
(assert_return (invoke "br-then-throw") (i32.const 1005))
(assert_return (invoke "br-out-of-catch" (i32.const 7)) (i32.const 108))
(assert_return (invoke "return-from-catch" (i32.const 21)) (i32.const 42))
(assert_return (invoke "return-then-throw") (i32.const 13))
(assert_return (invoke "return-from-nested-catch") (i32.const 8))
(assert_return (invoke "loop-sum" (i32.const 1000)) (i32.const 499500))
(assert_return (invoke "loop-mixed" (i32.const 3)) (i32.const 34))
(assert_return (invoke "loop-mixed" (i32.const 1000)) (i32.const 11323))
(assert_return (invoke "loop-continue-in-try" (i32.const 1000)) (i32.const 1000))

;; ---------------------------------------------------------------------------
;; Type errors.

;; The handler of a (result i32) try leaves nothing.
(assert_invalid
  (module
    (tag $t (param i32))
    (func (result i32)
      try (result i32)
        i32.const 0
      catch $t
        drop
      end))
  "type mismatch")

;; The handler's payload is i64 where the try gives i32.
(assert_invalid
  (module
    (tag $t (param i64))
    (func (result i32)
      try (result i32)
        i32.const 0
      catch $t
      end))
  "type mismatch")

;; The handler of an empty-typed try leaves the i32 payload on the stack.
(assert_invalid
  (module
    (tag $t (param i32))
    (func
      try
      catch $t
      end))
  "type mismatch")

;; throw with an argument of the wrong type.
(assert_invalid
  (module
    (tag $t (param i32))
    (func
      f32.const 1
      throw $t))
  "type mismatch")
