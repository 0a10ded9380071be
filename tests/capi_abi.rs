//! `include/wasm.h` is the source of truth for the C ABI:
//! - the layouts of our `#[repr(C)]` types match what a C compiler sees
//!   in the header (bindgen's layout facts: sizes, alignments, offsets),
//!   and so do the enum values and scalar typedefs;
//! - every function the header declares is exported by the cdylib and
//!   defined in the staticlib;
//! - the headers compile alone and together, as C and as C++.
//!
//! Needs libclang (Debian: `libclang-dev clang`).

use ferrowasm::capi::types as t;
use ferrowasm::capi::val::{wasm_val_t, wasm_val_union};
use ferrowasm::capi::vec::CVec;
use std::collections::BTreeMap;
use std::mem::{align_of, offset_of, size_of};
use std::path::{Path, PathBuf};

fn include_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("include")
}

/// The header as bindgen sees it, whitespace removed (for matching).
fn bindings() -> String {
    let inc = include_dir();
    let b = bindgen::Builder::default()
        .header_contents("all.h", "#include \"wasm.h\"\n#include \"ferrowasm.h\"\n")
        .clang_arg(format!("-I{}", inc.display()))
        .allowlist_item("(wasm|WASM|ferrowasm|FERROWASM)_.*")
        .layout_tests(true)
        .generate()
        .unwrap_or_else(|e| panic!("bindgen failed on include/wasm.h (libclang installed?): {e}"));
    b.to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Layout facts from bindgen's layout tests: ("Size of X" | "Alignment of X"
/// | "Offset of field: X::f") -> value.
fn layout_facts(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut rest = text;
    while let Some(i) = rest.find("[\"") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find("\"]") else { break };
        let key = rest[..end].to_string();
        rest = &rest[end + 2..];
        // [expr - Nusize]
        if let Some(stop) = rest.find("usize]") {
            let expr = &rest[..stop];
            if let Some(dash) = expr.rfind('-') {
                if let Ok(n) = expr[dash + 1..].parse::<usize>() {
                    out.insert(key, n);
                }
            }
        }
    }
    out
}

fn fact(facts: &BTreeMap<String, usize>, key: &str) -> usize {
    *facts
        .get(key)
        .unwrap_or_else(|| panic!("bindgen produced no fact {key:?}"))
}

fn check_struct(
    facts: &BTreeMap<String, usize>,
    name: &str,
    size: usize,
    align: usize,
    fields: &[(&str, usize)],
) {
    assert_eq!(
        fact(facts, &format!("Sizeof{name}")),
        size,
        "size of {name}"
    );
    assert_eq!(
        fact(facts, &format!("Alignmentof{name}")),
        align,
        "alignment of {name}"
    );
    for (f, off) in fields {
        assert_eq!(
            fact(facts, &format!("Offsetoffield:{name}::{f}")),
            *off,
            "offset of {name}.{f}"
        );
    }
}

macro_rules! vec_layout {
    ($facts:expr, $($name:literal => $t:ty),* $(,)?) => {
        $(check_struct(
            $facts,
            $name,
            size_of::<$t>(),
            align_of::<$t>(),
            &[("size", offset_of!($t, size)), ("data", offset_of!($t, data))],
        );)*
    };
}

#[test]
fn layouts_match_the_header() {
    let text = bindings();
    let facts = layout_facts(&text);
    check_struct(
        &facts,
        "wasm_val_t",
        size_of::<wasm_val_t>(),
        align_of::<wasm_val_t>(),
        &[
            ("kind", offset_of!(wasm_val_t, kind)),
            ("of", offset_of!(wasm_val_t, of)),
        ],
    );
    assert_eq!(size_of::<wasm_val_t>(), 16);
    check_struct(
        &facts,
        "wasm_val_t__bindgen_ty_1",
        size_of::<wasm_val_union>(),
        align_of::<wasm_val_union>(),
        &[
            ("i32_", 0),
            ("i64_", 0),
            ("f32_", 0),
            ("f64_", 0),
            ("ref_", offset_of!(wasm_val_union, ref_)),
        ],
    );
    check_struct(
        &facts,
        "wasm_limits_t",
        size_of::<t::wasm_limits_t>(),
        align_of::<t::wasm_limits_t>(),
        &[
            ("min", offset_of!(t::wasm_limits_t, min)),
            ("max", offset_of!(t::wasm_limits_t, max)),
        ],
    );
    vec_layout!(&facts,
        "wasm_byte_vec_t" => CVec<u8>,
        "wasm_val_vec_t" => CVec<wasm_val_t>,
        "wasm_valtype_vec_t" => CVec<Option<Box<t::wasm_valtype_t>>>,
        "wasm_functype_vec_t" => CVec<Option<Box<t::wasm_functype_t>>>,
        "wasm_globaltype_vec_t" => CVec<Option<Box<t::wasm_globaltype_t>>>,
        "wasm_tabletype_vec_t" => CVec<Option<Box<t::wasm_tabletype_t>>>,
        "wasm_memorytype_vec_t" => CVec<Option<Box<t::wasm_memorytype_t>>>,
        "wasm_externtype_vec_t" => CVec<Option<Box<t::wasm_externtype_t>>>,
        "wasm_importtype_vec_t" => CVec<Option<Box<t::wasm_importtype_t>>>,
        "wasm_exporttype_vec_t" => CVec<Option<Box<t::wasm_exporttype_t>>>,
        "wasm_frame_vec_t" => CVec<Option<Box<ferrowasm::capi::trap_frame::wasm_frame_t>>>,
        "wasm_extern_vec_t" => CVec<Option<Box<ferrowasm::capi::extern_::wasm_extern_t>>>,
    );
}

#[test]
fn enums_and_typedefs_match_the_header() {
    let text = bindings();
    let consts: &[(&str, &str, u64)] = &[
        ("wasm_valkind_enum", "WASM_I32", t::WASM_I32 as u64),
        ("wasm_valkind_enum", "WASM_I64", t::WASM_I64 as u64),
        ("wasm_valkind_enum", "WASM_F32", t::WASM_F32 as u64),
        ("wasm_valkind_enum", "WASM_F64", t::WASM_F64 as u64),
        (
            "wasm_valkind_enum",
            "WASM_EXTERNREF",
            t::WASM_EXTERNREF as u64,
        ),
        ("wasm_valkind_enum", "WASM_FUNCREF", t::WASM_FUNCREF as u64),
        ("wasm_mutability_enum", "WASM_CONST", t::WASM_CONST as u64),
        ("wasm_mutability_enum", "WASM_VAR", t::WASM_VAR as u64),
        (
            "wasm_externkind_enum",
            "WASM_EXTERN_FUNC",
            t::WASM_EXTERN_FUNC as u64,
        ),
        (
            "wasm_externkind_enum",
            "WASM_EXTERN_GLOBAL",
            t::WASM_EXTERN_GLOBAL as u64,
        ),
        (
            "wasm_externkind_enum",
            "WASM_EXTERN_TABLE",
            t::WASM_EXTERN_TABLE as u64,
        ),
        (
            "wasm_externkind_enum",
            "WASM_EXTERN_MEMORY",
            t::WASM_EXTERN_MEMORY as u64,
        ),
        (
            "ferrowasm_tier_enum",
            "FERROWASM_TIER_INTERP",
            ferrowasm::capi::ext::FERROWASM_TIER_INTERP as u64,
        ),
        (
            "ferrowasm_tier_enum",
            "FERROWASM_TIER_JIT",
            ferrowasm::capi::ext::FERROWASM_TIER_JIT as u64,
        ),
        (
            "ferrowasm_tier_enum",
            "FERROWASM_TIER_AUTO",
            ferrowasm::capi::ext::FERROWASM_TIER_AUTO as u64,
        ),
    ];
    for (e, name, value) in consts {
        let key = format!("pubconst{e}_{name}:{e}={value};");
        assert!(
            text.contains(&key),
            "{name} should be {value} ({key} not in bindings)"
        );
    }
    for (alias, ty) in [
        ("wasm_valkind_t", "u8"),
        ("wasm_mutability_t", "u8"),
        ("wasm_externkind_t", "u8"),
        ("wasm_table_size_t", "u32"),
        ("wasm_memory_pages_t", "u32"),
        ("wasm_byte_t", "byte_t"),
        ("wasm_name_t", "wasm_byte_vec_t"),
        ("wasm_message_t", "wasm_name_t"),
        ("ferrowasm_tier_t", "u32"),
    ] {
        let key = format!("pubtype{alias}={ty};");
        assert!(text.contains(&key), "typedef {alias} should be {ty}");
    }
}

/// Every function the headers declare.
fn declared_functions() -> Vec<String> {
    let text = bindings();
    let mut names: Vec<String> = text
        .split("pubfn")
        .skip(1)
        .filter_map(|s| s.split('(').next())
        .filter(|n| n.starts_with("wasm_") || n.starts_with("ferrowasm_"))
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

fn lib_dir() -> PathBuf {
    // This test is <target>/<profile>/deps/capi_abi-HASH; cargo builds the
    // cdylib and staticlib into the same deps/ directory.
    let exe = std::env::current_exe().expect("current_exe");
    exe.parent().expect("deps dir").to_path_buf()
}

#[test]
fn every_declared_function_is_exported() {
    let names = declared_functions();
    assert!(
        names.len() > 250,
        "only {} functions found in the header",
        names.len()
    );
    let so = lib_dir().join("libferrowasm.so");
    // SAFETY: loading our own library, whose initialisers are Rust statics.
    let lib = unsafe { libloading::Library::new(&so) }
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", so.display()));
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| {
            // SAFETY: only the symbol's presence is checked; it is not called.
            unsafe { lib.get::<*const ()>(n.as_bytes()) }.is_err()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "not exported by the cdylib: {missing:?}"
    );

    let a = lib_dir().join("libferrowasm.a");
    let out = std::process::Command::new("nm")
        .arg("--defined-only")
        .arg("-g")
        .arg(&a)
        .output()
        .expect("nm (binutils) runs");
    let syms = String::from_utf8_lossy(&out.stdout);
    let defined: std::collections::HashSet<&str> = syms
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| !defined.contains(n.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "not defined in the staticlib: {missing:?}"
    );
    println!("{} declared functions, all exported", names.len());
}

#[test]
fn headers_compile_alone_and_together() {
    let inc = include_dir();
    let dir = std::env::temp_dir().join(format!("capi_headers_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases = [
        (
            "wasm_only.c",
            "#include \"wasm.h\"\n",
            "cc",
            vec!["-std=c11"],
        ),
        (
            "ferrowasm_only.c",
            "#include \"ferrowasm.h\"\n",
            "cc",
            vec!["-std=c11"],
        ),
        (
            "both.c",
            "#include \"wasm.h\"\n#include \"ferrowasm.h\"\n#include \"wasm.h\"\n",
            "cc",
            vec!["-std=c99"],
        ),
        (
            "both.cc",
            "#include \"ferrowasm.h\"\n#include \"wasm.h\"\n",
            "c++",
            vec!["-std=c++20"],
        ),
    ];
    for (file, src, cc, flags) in cases {
        let path = dir.join(file);
        let body = format!(
            "{src}\nint main(void) {{ wasm_val_t v = WASM_I32_VAL(1); \
             wasm_limits_t l = {{0, wasm_limits_max_default}}; (void)l; \
             return v.kind == WASM_I32 && sizeof(wasm_val_t) == 16 ? 0 : 1; }}\n"
        );
        std::fs::write(&path, body).expect("write source");
        let out = std::process::Command::new(cc)
            .args(&flags)
            .args([
                "-Wall",
                "-Wextra",
                "-Werror",
                "-pedantic",
                "-fsyntax-only",
                "-I",
            ])
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
