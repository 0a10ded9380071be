(module
  ;; A module with its own malloc/free (a bump allocator with a free
  ;; counter): wasm_runtime_module_malloc must use them, as WAMR does.
  (memory (export "memory") 1)
  (global $top (mut i32) (i32.const 1024))
  (global $frees (mut i32) (i32.const 0))
  (func (export "malloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $top))
    (global.set $top (i32.add (global.get $top) (i32.and (i32.add (local.get $n) (i32.const 7)) (i32.const -8))))
    (local.get $p))
  (func (export "free") (param i32)
    (global.set $frees (i32.add (global.get $frees) (i32.const 1))))
  (func (export "frees") (result i32) (global.get $frees))
  (func (export "top") (result i32) (global.get $top)))
