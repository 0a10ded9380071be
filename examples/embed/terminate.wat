;; For terminate.c: a loop that never ends, and a function that returns.
(module
  (func (export "spin") (loop $l (br $l)))
  (func (export "answer") (result i32) (i32.const 42)))
