;; exceptions.c: a module that throws and catches exceptions of a tag the
;; host gives it, around a callback the host also gives it.
(module
  (import "host" "oops" (tag $oops (param i32)))
  (import "host" "callback" (func $cb (param i32)))
  (tag $local (export "local") (param i32 i64))

  (func (export "throw") (param i32)
    (throw $oops (local.get 0)))

  ;; Calls the callback inside a handler for $oops: the thrown value + 1,
  ;; or -1 when the callback returns normally.
  (func (export "catch_cb") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $oops $h)
        (call $cb (local.get 0)))
      (return (i32.const -1)))
    (i32.const 1)
    (i32.add))

  ;; Throws and catches its own tag, keeping the exception as an exnref
  ;; and rethrowing it once: 7 + 8 = 15.
  (func (export "local_roundtrip") (result i64)
    (local $e exnref)
    (local $x i64)
    (block $outer (result i32 i64)
      (try_table (catch $local $outer)
        (block $inner (result i32 i64 exnref)
          (try_table (catch_ref $local $inner)
            (throw $local (i32.const 7) (i64.const 8)))
          (unreachable))
        (local.set $e)
        (drop)
        (drop)
        (throw_ref (local.get $e)))
      (unreachable))
    (local.set $x)
    (i64.extend_i32_u)
    (local.get $x)
    (i64.add))
)
