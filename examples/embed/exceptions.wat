;; For exceptions.c: a module that throws and catches its own exceptions.
(module
  (tag $e (export "e") (param i32))
  (func $thrower (param i32) (throw $e (local.get 0)))
  ;; Throws an exception nothing catches.
  (func (export "uncaught") (param i32) (result i32)
    (call $thrower (local.get 0))
    (i32.const 0))
  ;; Catches its exception: the thrown value + 1.
  (func (export "caught") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (call $thrower (local.get 0)))
      (i32.const -1)
      (return))
    (i32.const 1)
    (i32.add)))
