;; hello: one imported host function, one exported wasm function.
(module
  (import "host" "greet" (func $greet (param i32) (result i32)))
  (func (export "run") (param $n i32) (result i32)
    (call $greet (i32.add (local.get $n) (i32.const 1)))))
