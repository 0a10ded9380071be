;; Legacy exception handling: `rethrow N`, where N is the label depth of the
;; catch / catch_all handler whose caught exception is thrown again. Inside a
;; handler, depth 0 (outside any nested block) is that handler itself.

(module
  (tag $e0)
  (tag $e (param i32))
  (tag $e64 (param i64))
  (tag $ef (param f64))

  (func $throw-e (param i32)
    local.get 0
    throw $e)

  ;; The handler drops the payload; rethrow 0 still throws the exception with
  ;; its original payload.
  (func $rethrow-simple (export "rethrow-simple") (param $x i32)
    try
      local.get $x
      throw $e
    catch $e
      drop
      rethrow 0
    end)

  (func (export "rethrow-0") (param $x i32) (result i32)
    try (result i32)
      local.get $x
      call $rethrow-simple
      i32.const -1
    catch $e
    end)

  ;; An exception thrown by a callee, caught by tag and rethrown.
  (func $rethrow-callee (param $x i32)
    try
      local.get $x
      call $throw-e
    catch $e
      i32.const 1000
      i32.add
      drop
      rethrow 0
    end)

  (func (export "rethrow-from-callee") (param $x i32) (result i32)
    try (result i32)
      local.get $x
      call $rethrow-callee
      i32.const -1
    catch $e
      i32.const 3
      i32.add
    end)

  ;; catch_all gives no payload, but rethrow keeps it.
  (func (export "rethrow-catch-all") (result i64)
    try (result i64)
      try
        i64.const 0x123456789abcdef0
        throw $e64
      catch_all
        rethrow 0
      end
      i64.const 0
    catch $e64
    end)

  ;; rethrow from inside block / loop / block nested in the handler:
  ;; 0 = inner block, 1 = loop, 2 = outer block, 3 = the catch.
  (func $rethrow-nested-blocks (param $x i32)
    try
      local.get $x
      throw $e
    catch $e
      drop
      block
        loop
          block
            rethrow 3
          end
        end
      end
    end)

  (func (export "rethrow-from-blocks") (param $x i32) (result i32)
    try (result i32)
      local.get $x
      call $rethrow-nested-blocks
      i32.const -1
    catch $e
      i32.const 1
      i32.add
    end)

  ;; Two caught exceptions at once: A = $e(1) in the outer handler, B =
  ;; $e64(2) in the inner one. Which one is rethrown depends on the depth:
  ;;   k = 1: rethrow 2 inside an if          -> A
  ;;   k = 2: rethrow 1 inside an if          -> B
  ;;   k = 3: br 0 out of the inner try, then rethrow 0 in the outer handler -> A
  ;;   k = 4: rethrow 2 inside a block inside an if -> B
  ;;   else:  rethrow 1 in the inner handler   -> A
  (func $rethrow-depth (param $k i32)
    try
      i32.const 1
      throw $e
    catch $e
      drop
      try
        i64.const 2
        throw $e64
      catch $e64
        drop
        local.get $k
        i32.const 1
        i32.eq
        if
          rethrow 2
        end
        local.get $k
        i32.const 2
        i32.eq
        if
          rethrow 1
        end
        local.get $k
        i32.const 3
        i32.eq
        br_if 0
        local.get $k
        i32.const 4
        i32.eq
        if
          block
            rethrow 2
          end
        end
        rethrow 1
      end
      rethrow 0
    end)

  ;; 100 + payload for A, 200 + payload for B.
  (func (export "rethrow-depth") (param $k i32) (result i32)
    try (result i32)
      local.get $k
      call $rethrow-depth
      i32.const -1
    catch $e
      i32.const 100
      i32.add
    catch $e64
      i32.wrap_i64
      i32.const 200
      i32.add
    end)

  ;; Tries nested in the handler catch other exceptions completely; the outer
  ;; handler's rethrow then still throws its own exception.
  (func $rethrow-after-inner (param $x i32)
    try
      local.get $x
      throw $e
    catch $e
      drop
      try
        throw $e0
      catch $e0
      end
      try
        i64.const 5
        throw $e64
      catch_all
      end
      rethrow 0
    end)

  (func (export "rethrow-after-inner") (param $x i32) (result i32)
    try (result i32)
      local.get $x
      call $rethrow-after-inner
      i32.const -1
    catch $e
    catch_all
      i32.const -2
    end)

  ;; The handler loops, throwing and catching $e(i) for i = n .. 1 on the way;
  ;; the final rethrow 0 throws the first exception, with payload n.
  (func $rethrow-after-loop (param $n i32) (param $i i32)
    try
      local.get $n
      throw $e
    catch $e
      local.set $i
      loop $l
        try
          local.get $i
          throw $e
        catch $e
          drop
        end
        local.get $i
        i32.const 1
        i32.sub
        local.tee $i
        br_if $l
      end
      rethrow 0
    end)

  (func (export "rethrow-after-loop") (param $n i32) (result i32)
    try (result i32)
      local.get $n
      i32.const 0
      call $rethrow-after-loop
      i32.const -1
    catch $e
    end)

  ;; Rethrown from a catch_all, then caught by tag in the same function and
  ;; rethrown again, to the caller.
  (func $double-rethrow (export "double-rethrow-raw") (param $x f64)
    try
      try
        local.get $x
        throw $ef
      catch_all
        rethrow 0
      end
    catch $ef
      drop
      rethrow 0
    end)

  (func (export "double-rethrow") (param $x f64) (result f64)
    try (result f64)
      local.get $x
      call $double-rethrow
      f64.const 0
    catch $ef
    end)

  ;; The rethrown exception keeps its tag: catches for other tags skip it.
  (func (export "rethrow-keeps-tag") (result i32)
    try (result i32)
      try (result i32)
        try
          i32.const 4
          throw $e
        catch_all
          rethrow 0
        end
        i32.const -1
      catch $e64
        drop
        i32.const -2
      catch $e0
        i32.const -3
      end
    catch $e
      i32.const 40
      i32.add
    end)

  ;; A trap in a handler is not turned into an exception either.
  (func (export "trap-in-handler") (result i32)
    try (result i32)
      try (result i32)
        throw $e0
      catch $e0
        unreachable
      end
    catch_all
      i32.const 1
    end)
)

(assert_exception (invoke "rethrow-simple" (i32.const 1)))
(assert_return (invoke "rethrow-0" (i32.const 17)) (i32.const 17))
(assert_return (invoke "rethrow-from-callee" (i32.const 6)) (i32.const 9))
(assert_return (invoke "rethrow-catch-all") (i64.const 0x123456789abcdef0))
(assert_return (invoke "rethrow-from-blocks" (i32.const 9)) (i32.const 10))
(assert_return (invoke "rethrow-depth" (i32.const 0)) (i32.const 101))
(assert_return (invoke "rethrow-depth" (i32.const 1)) (i32.const 101))
(assert_return (invoke "rethrow-depth" (i32.const 2)) (i32.const 202))
(assert_return (invoke "rethrow-depth" (i32.const 3)) (i32.const 101))
(assert_return (invoke "rethrow-depth" (i32.const 4)) (i32.const 202))
(assert_return (invoke "rethrow-after-inner" (i32.const 33)) (i32.const 33))
(assert_return (invoke "rethrow-after-loop" (i32.const 5)) (i32.const 5))
(assert_return (invoke "rethrow-after-loop" (i32.const 1000)) (i32.const 1000))
(assert_exception (invoke "double-rethrow-raw" (f64.const 1)))
(assert_return (invoke "double-rethrow" (f64.const -3.25)) (f64.const -3.25))
(assert_return (invoke "rethrow-keeps-tag") (i32.const 44))
(assert_trap (invoke "trap-in-handler") "unreachable")

;; rethrow must name a catch or catch_all label.
(assert_invalid
  (module (func rethrow 0))
  "invalid rethrow label")

(assert_invalid
  (module
    (func
      try
        rethrow 0
      catch_all
      end))
  "invalid rethrow label")

(assert_invalid
  (module
    (tag $t)
    (func
      try
      catch $t
        block
          rethrow 0
        end
      end))
  "invalid rethrow label")

(assert_invalid
  (module
    (func
      try
      catch_all
        rethrow 1
      end))
  "invalid rethrow label")
