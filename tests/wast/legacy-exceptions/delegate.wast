;; Legacy exception handling: `try ... delegate N`. An exception escaping the
;; body is thrown again just outside the block that label N names (counted
;; without the delegating try's own label, so 0 is the block around it):
;; when that block is a try its catch clauses get it, when it is a plain
;; block or loop it goes on to the next handler outside, and when it is the
;; function body it goes to the caller.

(module
  (tag $e0)
  (tag $e (param i32))
  (type $i-i (func (param i32) (result i32)))

  (func $throw-e (param i32)
    local.get 0
    throw $e)

  ;; delegate 0 inside a try body: that try's catch handles it.
  (func (export "delegate-to-outer") (param $x i32) (result i32)
    try (result i32)
      try (result i32)
        local.get $x
        call $throw-e
        i32.const -1
      delegate 0
    catch $e
      i32.const 1
      i32.add
    end)

  ;; Without an exception a try-delegate is a block ([i32] -> [i32] here).
  (func (export "delegate-no-throw") (param $x i32) (result i32)
    try (result i32)
      local.get $x
      try (type $i-i)
        i32.const 2
        i32.mul
      delegate 0
      i32.const 1
      i32.add
    catch_all
      i32.const -1
    end)

  ;; The body's parameter is thrown: (x + 3) * 10.
  (func (export "delegate-param") (param $x i32) (result i32)
    try (result i32)
      local.get $x
      try (type $i-i)
        i32.const 3
        i32.add
        throw $e
      delegate 0
    catch $e
      i32.const 10
      i32.mul
    end)

  ;; delegate 1 skips the nearer try's catch.
  (func (export "delegate-skip") (param $x i32) (result i32)
    try (result i32)
      try (result i32)
        try (result i32)
          local.get $x
          throw $e
        delegate 1
      catch $e
        i32.const 100
        i32.add
      end
    catch $e
      i32.const 1000
      i32.add
    end)

  ;; Label 1 is a plain block between two tries: the exception is thrown
  ;; outside the block, past the inner try, to the outer one.
  (func (export "delegate-to-block") (param $x i32) (result i32)
    try (result i32)
      block (result i32)
        try (result i32)
          try (result i32)
            local.get $x
            throw $e
          delegate 1
        catch $e
          i32.const 100
          i32.add
        end
      end
    catch $e
      i32.const 1000
      i32.add
    end)

  ;; The same shape with delegate 0: the inner try catches.
  (func (export "delegate-to-mid") (param $x i32) (result i32)
    try (result i32)
      block (result i32)
        try (result i32)
          try (result i32)
            local.get $x
            throw $e
          delegate 0
        catch $e
          i32.const 100
          i32.add
        end
      end
    catch $e
      i32.const 1000
      i32.add
    end)

  ;; Inside block / loop / block; delegate 1 names the loop.
  (func (export "delegate-in-blocks") (param $x i32) (result i32)
    try (result i32)
      block
        loop
          block
            try
              local.get $x
              throw $e
            delegate 1
          end
        end
      end
      i32.const -1
    catch $e
      i32.const 10
      i32.mul
    end)

  ;; A chain: the innermost try delegates to B (label 1, skipping C's catch),
  ;; B is itself a try-delegate to A, and A catches.
  (func (export "delegate-chain") (param $x i32) (result i32)
    try (result i32)
      try (result i32)
        try (result i32)
          try (result i32)
            local.get $x
            throw $e
          delegate 1
        catch $e
          i32.const 1
          i32.add
        end
      delegate 0
    catch $e
      i32.const 1000
      i32.add
    end)

  ;; Three try-delegates in a row, each to the next.
  (func (export "delegate-chain-0") (param $x i32) (result i32)
    try (result i32)
      try (result i32)
        try (result i32)
          try (result i32)
            local.get $x
            throw $e
          delegate 0
        delegate 0
      delegate 0
    catch $e
      i32.const 2
      i32.mul
    end)

  ;; The target try has no matching catch, so the exception goes on outward.
  (func (export "delegate-no-match") (param $x i32) (result i32)
    try (result i32)
      try (result i32)
        try (result i32)
          local.get $x
          throw $e
        delegate 0
      catch $e0
        i32.const -5
      end
    catch $e
      i32.const 7
      i32.add
    end)

  ;; Label 1 is the function body: the exception goes to the caller and the
  ;; enclosing try's handlers do not run.
  (func $delegate-to-caller (export "delegate-to-caller-raw") (param $x i32) (result i32)
    try (result i32)
      try (result i32)
        local.get $x
        throw $e
      delegate 1
    catch $e
      i32.const 1000
      i32.add
    catch_all
      i32.const -1
    end)

  (func (export "delegate-to-caller") (param $x i32) (result i32)
    try (result i32)
      local.get $x
      call $delegate-to-caller
    catch $e
      i32.const 1
      i32.add
    end)

  ;; At the top of a function, delegate 0 names the function body.
  (func $top-delegate (param $x i32)
    try
      local.get $x
      throw $e
    delegate 0)

  (func (export "top-delegate") (param $x i32) (result i32)
    try (result i32)
      local.get $x
      call $top-delegate
      i32.const -1
    catch $e
    end)

  ;; Three frames of function-level try-delegates, each adding 1 before the
  ;; call: the thrower gets x + 2.
  (func $d3 (param i32)
    try
      local.get 0
      throw $e
    delegate 0)
  (func $d2 (param i32)
    try
      local.get 0
      i32.const 1
      i32.add
      call $d3
    delegate 0)
  (func $d1 (param i32)
    try
      local.get 0
      i32.const 1
      i32.add
      call $d2
    delegate 0)

  (func (export "delegate-deep") (param $x i32) (result i32)
    try (result i32)
      local.get $x
      call $d1
      i32.const -1
    catch $e
    end)

  ;; delegate from inside a handler, naming the handler's own try: the
  ;; exception leaves that try (whose catch clauses do not apply to its own
  ;; handlers) and reaches the outer try: x + 200.
  (func (export "delegate-from-catch") (param $x i32) (result i32)
    try (result i32)
      try (result i32)
        throw $e0
      catch $e0
        try (result i32)
          local.get $x
          throw $e
        delegate 0
      catch $e
        i32.const 100
        i32.add
      end
    catch $e
      i32.const 200
      i32.add
    end)

  ;; br out of a try-delegate body, by label name; x = 0 throws 9 instead,
  ;; delegated past the block: x != 0 gives x + 100, x = 0 gives 1009.
  (func (export "br-out-of-delegate") (param $x i32) (result i32)
    try (result i32)
      block $out (result i32)
        try (result i32)
          local.get $x
          local.get $x
          br_if $out
          drop
          i32.const 9
          throw $e
        delegate $out
      end
      i32.const 100
      i32.add
    catch $e
      i32.const 1000
      i32.add
    end)

  ;; 1000 iterations (for n = 1000) of throw, delegate, catch: sum of i.
  (func (export "delegate-loop") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    block $done
      loop $l
        local.get $i
        local.get $n
        i32.ge_u
        br_if $done
        try
          try
            local.get $i
            throw $e
          delegate 0
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

  ;; Traps pass through delegate and catch_all.
  (func (export "delegate-trap") (result i32)
    try (result i32)
      try (result i32)
        unreachable
      delegate 0
    catch_all
      i32.const 1
    end)
)

(assert_return (invoke "delegate-to-outer" (i32.const 4)) (i32.const 5))
(assert_return (invoke "delegate-no-throw" (i32.const 5)) (i32.const 11))
(assert_return (invoke "delegate-param" (i32.const 4)) (i32.const 70))
(assert_return (invoke "delegate-skip" (i32.const 1)) (i32.const 1001))
(assert_return (invoke "delegate-to-block" (i32.const 2)) (i32.const 1002))
(assert_return (invoke "delegate-to-mid" (i32.const 2)) (i32.const 102))
(assert_return (invoke "delegate-in-blocks" (i32.const 3)) (i32.const 30))
(assert_return (invoke "delegate-chain" (i32.const 5)) (i32.const 1005))
(assert_return (invoke "delegate-chain-0" (i32.const 21)) (i32.const 42))
(assert_return (invoke "delegate-no-match" (i32.const 1)) (i32.const 8))
(assert_exception (invoke "delegate-to-caller-raw" (i32.const 5)))
(assert_return (invoke "delegate-to-caller" (i32.const 5)) (i32.const 6))
(assert_return (invoke "top-delegate" (i32.const 9)) (i32.const 9))
(assert_return (invoke "delegate-deep" (i32.const 10)) (i32.const 12))
(assert_return (invoke "delegate-from-catch" (i32.const 3)) (i32.const 203))
(assert_return (invoke "br-out-of-delegate" (i32.const 5)) (i32.const 105))
(assert_return (invoke "br-out-of-delegate" (i32.const 0)) (i32.const 1009))
(assert_return (invoke "delegate-loop" (i32.const 1000)) (i32.const 499500))
(assert_trap (invoke "delegate-trap") "unreachable")

;; The delegate label must exist: in a function body with nothing else around
;; the try, only 0 (the function body) does.
(assert_invalid
  (module (func try delegate 1))
  "unknown label")

;; The try-delegate body must give its result type.
(assert_invalid
  (module
    (func (result i32)
      try (result i32)
      delegate 0))
  "type mismatch")
