;; A WASI program for wasi.c: prints its arguments and one environment
;; variable, writes a file in its preopened directory, reads it back,
;; and exits through proc_exit with the status given as its second argument
;; ("7" -> 7).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 900) "out.txt")
  (data (i32.const 920) "written by wasi.wat\n")
  ;; write(fd, ptr, len) through an iovec at 800
  (func $write (param $fd i32) (param $p i32) (param $n i32) (result i32)
    (i32.store (i32.const 800) (local.get $p))
    (i32.store (i32.const 804) (local.get $n))
    (call $fd_write (local.get $fd) (i32.const 800) (i32.const 1) (i32.const 808)))
  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $n))
  (func $puts (param $p i32)
    (drop (call $write (i32.const 1) (local.get $p) (call $strlen (local.get $p))))
    (i32.store8 (i32.const 812) (i32.const 10))
    (drop (call $write (i32.const 1) (i32.const 812) (i32.const 1))))
  (func (export "_start") (local $argc i32) (local $i i32) (local $envc i32) (local $fd i32)
    ;; argv pointers at 1000, strings at 2000
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (local.set $argc (i32.load (i32.const 0)))
    (drop (call $args_get (i32.const 1000) (i32.const 2000)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $argc)))
      (call $puts (i32.load (i32.add (i32.const 1000) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    ;; environment pointers at 3000, strings at 4000: print the first
    (drop (call $environ_sizes_get (i32.const 8) (i32.const 12)))
    (local.set $envc (i32.load (i32.const 8)))
    (drop (call $environ_get (i32.const 3000) (i32.const 4000)))
    (if (local.get $envc) (then (call $puts (i32.load (i32.const 3000)))))
    ;; create out.txt in the first preopened directory (fd 3)
    (if (i32.eqz (call $path_open (i32.const 3) (i32.const 0) (i32.const 900) (i32.const 7)
          (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 16)))
      (then
        (local.set $fd (i32.load (i32.const 16)))
        (drop (call $write (local.get $fd) (i32.const 920) (i32.const 20)))
        (drop (call $fd_close (local.get $fd)))))
    ;; exit with argv[1]'s first digit
    (if (i32.ge_u (local.get $argc) (i32.const 2))
      (then (call $proc_exit
        (i32.sub (i32.load8_u (i32.load (i32.const 1004))) (i32.const 48)))))
    (call $proc_exit (i32.const 0))))
