//! `include/wasm_export.h`: compiles alone and together with wasm.h and
//! ferrowasm.h, in either order, as C (c99 and c11, pedantic) and C++; the
//! guide's snippets compile against it; every function it declares is
//! exported by the cdylib and defined in the staticlib.

use std::path::{Path, PathBuf};
use std::process::Command;

fn include_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("include")
}

/// The functions the header declares (`WASM_RUNTIME_API_EXTERN T name(`).
fn declared_functions() -> Vec<String> {
    let text = std::fs::read_to_string(include_dir().join("wasm_export.h")).expect("header");
    // Preprocessor lines (the macro's own definition) are not declarations.
    let text: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names: Vec<String> = text
        .split(';')
        .filter_map(|decl| {
            let decl = &decl[decl.find("WASM_RUNTIME_API_EXTERN ")?..];
            let head = &decl[..decl.find('(')?];
            let name = head
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()?;
            (!name.is_empty()).then(|| name.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

fn lib_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    exe.parent().expect("deps dir").to_path_buf()
}

#[test]
fn every_declared_function_is_exported() {
    let names = declared_functions();
    assert!(names.len() >= 50, "only {} functions found", names.len());
    let so = lib_dir().join("libferrowasm.so");
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&so)
        .output()
        .expect("nm");
    let dynsyms = String::from_utf8_lossy(&out.stdout).to_string();
    let a = lib_dir().join("libferrowasm.a");
    let out = Command::new("nm")
        .args(["-g", "--defined-only"])
        .arg(&a)
        .output()
        .expect("nm");
    let staticsyms = String::from_utf8_lossy(&out.stdout).to_string();
    let has = |syms: &str, n: &str| syms.lines().any(|l| l.split_whitespace().nth(2) == Some(n));
    let missing: Vec<_> = names.iter().filter(|n| !has(&dynsyms, n)).collect();
    assert!(
        missing.is_empty(),
        "not exported by the cdylib: {missing:?}"
    );
    let missing: Vec<_> = names.iter().filter(|n| !has(&staticsyms, n)).collect();
    assert!(
        missing.is_empty(),
        "not defined in the staticlib: {missing:?}"
    );
    println!("{} declared functions, all exported", names.len());
}

/// The guide's snippets, as a host would write them.
const GUIDE: &str = r#"
static int32_t display_input_read(wasm_exec_env_t env, void *p) { (void)env; (void)p; return 0; }
static void display_flush(wasm_exec_env_t env, int32_t a, int32_t b, int32_t c, int32_t d, void *p) {
  (void)env; (void)a; (void)b; (void)c; (void)d; (void)p; }
static NativeSymbol native_symbols[] = {
    EXPORT_WASM_API_WITH_SIG(display_input_read, "(*)i"),
    EXPORT_WASM_API_WITH_SIG(display_flush, "(iiii*)")
};
static char global_heap_buf[512 * 1024];
int guide(char *buffer, uint32 size);
int guide(char *buffer, uint32 size) {
  char error_buf[128];
  wasm_module_t module;
  wasm_module_inst_t module_inst;
  wasm_function_inst_t func;
  wasm_exec_env_t exec_env;
  uint32 stack_size = 8092, heap_size = 8092;
  RuntimeInitArgs init_args;
  uint32 argv[6];
  wasm_val_t args[1], results[1];
  char *buf = NULL;
  uint32_t buffer_for_wasm;
  memset(&init_args, 0, sizeof(RuntimeInitArgs));
  init_args.mem_alloc_type = Alloc_With_Pool;
  init_args.mem_alloc_option.pool.heap_buf = global_heap_buf;
  init_args.mem_alloc_option.pool.heap_size = sizeof(global_heap_buf);
  init_args.native_module_name = "env";
  init_args.n_native_symbols = sizeof(native_symbols) / sizeof(NativeSymbol);
  init_args.native_symbols = native_symbols;
  init_args.max_thread_num = 4;
  if (!wasm_runtime_full_init(&init_args)) return -1;
  wasm_runtime_register_natives("env", native_symbols, 2);
  module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
  module_inst = wasm_runtime_instantiate(module, stack_size, heap_size, error_buf, sizeof(error_buf));
  func = wasm_runtime_lookup_function(module_inst, "fib", NULL);
  func = wasm_runtime_lookup_function(module_inst, "fib");
  exec_env = wasm_runtime_create_exec_env(module_inst, stack_size);
  argv[0] = 8;
  if (!wasm_runtime_call_wasm(exec_env, func, 1, argv))
    printf("%s\n", wasm_runtime_get_exception(module_inst));
  args[0].kind = WASM_I32;
  args[0].of.i32 = 8;
  wasm_runtime_call_wasm_a(exec_env, func, 1, results, 1, args);
  wasm_runtime_call_wasm_v(exec_env, func, 1, results, 1, 8);
  buffer_for_wasm = wasm_runtime_module_malloc(module_inst, 100, (void **)&buf);
  if (buffer_for_wasm != 0) {
    strncpy(buf, "hello", 100);
    argv[0] = buffer_for_wasm;
    argv[1] = 100;
    wasm_runtime_call_wasm(exec_env, func, 2, argv);
    wasm_runtime_module_free(module_inst, buffer_for_wasm);
  }
  buffer_for_wasm = wasm_runtime_module_dup_data(module_inst, "x", 1);
  if (!module) return 1;
  wasm_runtime_destroy_exec_env(exec_env);
  wasm_runtime_deinstantiate(module_inst);
  wasm_runtime_unload(module);
  wasm_runtime_destroy();
  return 0;
}
"#;

#[test]
fn headers_compile_alone_together_and_with_the_guide() {
    let inc = include_dir();
    let dir = std::env::temp_dir().join(format!("embed_headers_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let std_inc = "#include <stdio.h>\n#include <string.h>\n";
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "alone.c",
            "#include \"wasm_export.h\"\n".into(),
            "cc",
            "-std=c99",
        ),
        (
            "alone11.c",
            "#include \"wasm_export.h\"\n".into(),
            "cc",
            "-std=c11",
        ),
        (
            "wasm_first.c",
            "#include \"wasm.h\"\n#include \"ferrowasm.h\"\n#include \"wasm_export.h\"\n".into(),
            "cc",
            "-std=c99",
        ),
        (
            "export_first.c",
            "#include \"wasm_export.h\"\n#include \"wasm.h\"\n#include \"ferrowasm.h\"\n".into(),
            "cc",
            "-std=c11",
        ),
        (
            "alone.cc",
            "#include \"wasm_export.h\"\n".into(),
            "c++",
            "-std=c++17",
        ),
        (
            "both.cc",
            "#include \"wasm_export.h\"\n#include \"wasm.h\"\n#include \"ferrowasm.h\"\n".into(),
            "c++",
            "-std=c++20",
        ),
    ];
    for (file, src, cc, std) in cases {
        let path = dir.join(file);
        // Both APIs' modules in one translation unit, and wasm_val_t shared.
        let body = format!(
            "{std_inc}{src}\nint main(void) {{ wasm_val_t v; v.kind = WASM_I32; v.of.i32 = 1; \
             wasm_c_module_t *m = NULL; wasm_module_t em = NULL; (void)m; (void)em; \
             return v.kind == WASM_I32 && sizeof(wasm_val_t) == 16 ? 0 : 1; }}\n{GUIDE}"
        );
        std::fs::write(&path, body).expect("write source");
        let out = Command::new(cc)
            .arg(std)
            .args(["-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only"])
            .args(if cc == "c++" {
                vec!["-Wno-write-strings"]
            } else {
                vec![]
            })
            .arg("-I")
            .arg(&inc)
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {cc}: {e}"));
        assert!(
            out.status.success(),
            "{file} does not compile:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// WAMR 2.4.3's functions (wasm_export.h and lib_export.h), each assigned
/// to a pointer of WAMR's type in examples/embed/support/wamr_signatures.c:
/// that file compiles against our header as C and C++ with -Werror (so no
/// signature drifts), links against the library and runs; every function
/// it names is exported by the cdylib.
#[test]
fn every_wamr_function_is_declared_with_wamrs_signature_and_exported() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join("embed")
        .join("support")
        .join("wamr_signatures.c");
    let dir = std::env::temp_dir().join(format!("embed_wamr_sigs_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let lib = lib_dir();
    let mut names = Vec::new();
    for (cc, lang, std) in [("cc", "c", "-std=c11"), ("c++", "c++", "-std=c++17")] {
        let exe = dir.join(format!("sigs_{lang}"));
        let out = Command::new(cc)
            .args(["-x", lang, std, "-Wall", "-Wextra", "-Werror"])
            .args(if lang == "c" {
                vec!["-pedantic"]
            } else {
                vec![]
            })
            .arg("-I")
            .arg(include_dir())
            .arg(&src)
            .arg("-o")
            .arg(&exe)
            .arg("-L")
            .arg(&lib)
            .arg("-lferrowasm")
            .output()
            .unwrap_or_else(|e| panic!("cannot run {cc}: {e}"));
        assert!(
            out.status.success(),
            "wamr_signatures.c does not build as {lang}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let run = Command::new(&exe)
            .env("LD_LIBRARY_PATH", &lib)
            .output()
            .expect("run");
        assert!(run.status.success(), "wamr_signatures ({lang}) failed");
        let text = String::from_utf8_lossy(&run.stdout).to_string();
        names = text
            .lines()
            .filter_map(|l| l.strip_suffix(" 1"))
            .map(str::to_string)
            .collect();
        assert!(
            text.lines().all(|l| !l.ends_with(" 0")),
            "a function pointer is NULL:\n{text}"
        );
    }
    assert_eq!(names.len(), 167, "WAMR 2.4.3 declares 167 functions");
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(lib.join("libferrowasm.so"))
        .output()
        .expect("nm");
    let dynsyms = String::from_utf8_lossy(&out.stdout).to_string();
    let missing: Vec<_> = names
        .iter()
        .filter(|n| {
            !dynsyms
                .lines()
                .any(|l| l.split_whitespace().nth(2) == Some(n.as_str()))
        })
        .collect();
    assert!(missing.is_empty(), "not exported: {missing:?}");
    // Our header declares each of them too (and nothing is left out).
    let ours = declared_functions();
    // (lib_export.h declares get_base_lib_export_apis without the macro.)
    let undeclared: Vec<_> = names
        .iter()
        .filter(|n| !ours.contains(n) && n.as_str() != "get_base_lib_export_apis")
        .collect();
    assert!(
        undeclared.is_empty(),
        "not declared with WASM_RUNTIME_API_EXTERN: {undeclared:?}"
    );
    println!(
        "{} WAMR functions declared with WAMR's signatures and exported",
        names.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
