;; global: imported and exported globals, constant and mutable, of all four
;; number types, read and written from both sides.
(module
  (global $ci32 (import "env" "const_i32") i32)
  (global $ci64 (import "env" "const_i64") i64)
  (global $cf32 (import "env" "const_f32") f32)
  (global $cf64 (import "env" "const_f64") f64)
  (global $vi32 (import "env" "var_i32") (mut i32))
  (global $vi64 (import "env" "var_i64") (mut i64))
  (global $vf32 (import "env" "var_f32") (mut f32))
  (global $vf64 (import "env" "var_f64") (mut f64))

  (global (export "const_i32") i32 (i32.const 7))
  (global (export "const_i64") i64 (i64.const 8))
  (global (export "const_f32") f32 (f32.const 9.5))
  (global (export "const_f64") f64 (f64.const 10.25))
  (global $mi32 (export "var_i32") (mut i32) (i32.const 11))
  (global $mi64 (export "var_i64") (mut i64) (i64.const 12))
  (global $mf32 (export "var_f32") (mut f32) (f32.const 13))
  (global $mf64 (export "var_f64") (mut f64) (f64.const 14))

  ;; Sums of each type's imported globals, as f64.
  (func (export "sum_imports") (result f64)
    (f64.add
      (f64.add (f64.convert_i32_s (i32.add (global.get $ci32) (global.get $vi32)))
               (f64.convert_i64_s (i64.add (global.get $ci64) (global.get $vi64))))
      (f64.add (f64.promote_f32 (f32.add (global.get $cf32) (global.get $vf32)))
               (f64.add (global.get $cf64) (global.get $vf64)))))

  ;; Add one to every mutable global, imported and exported.
  (func (export "bump")
    (global.set $vi32 (i32.add (global.get $vi32) (i32.const 1)))
    (global.set $vi64 (i64.add (global.get $vi64) (i64.const 1)))
    (global.set $vf32 (f32.add (global.get $vf32) (f32.const 1)))
    (global.set $vf64 (f64.add (global.get $vf64) (f64.const 1)))
    (global.set $mi32 (i32.add (global.get $mi32) (i32.const 1)))
    (global.set $mi64 (i64.add (global.get $mi64) (i64.const 1)))
    (global.set $mf32 (f32.add (global.get $mf32) (f32.const 1)))
    (global.set $mf64 (f64.add (global.get $mf64) (f64.const 1))))

  (func (export "get_var_i64") (result i64) (global.get $mi64))
  (func (export "get_var_f32") (result f32) (global.get $mf32)))
