//! Builds the small C helpers: the JIT tier's setjmp/longjmp trap
//! trampoline (`jit` feature) and the embedding API's variadic entry point
//! `wasm_runtime_call_wasm_v` (`embed` feature: stable Rust cannot define a
//! C-variadic function); and the C++ API (`cpp` feature: include/wasm.hh
//! over the C API, src/capi/cpp/).
//!
//! A cdylib exports only Rust's symbols, so the C and C++ ones are listed in
//! one version script (two `--version-script` arguments would conflict).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    soname();
    // Symbols defined outside Rust that the cdylib must export.
    #[allow(unused_mut)]
    let mut exports = String::new();
    #[cfg(feature = "jit")]
    {
        println!("cargo:rerun-if-changed=src/jit/trampoline.c");
        cc::Build::new()
            .file("src/jit/trampoline.c")
            .opt_level(2)
            .flag("-fno-omit-frame-pointer")
            .warnings(true)
            .compile("ferrowasm_jit_trampoline");
    }
    #[cfg(feature = "embed")]
    {
        println!("cargo:rerun-if-changed=src/embed/variadic.c");
        println!("cargo:rerun-if-changed=include/wasm_export.h");
        println!("cargo:rerun-if-changed=include/wasm.h");
        cc::Build::new()
            .file("src/embed/variadic.c")
            .include("include")
            .opt_level(2)
            .warnings(true)
            .compile("ferrowasm_embed_variadic");
        exports.push_str(" wasm_runtime_call_wasm_v;");
    }
    #[cfg(feature = "cpp")]
    {
        for f in ["glue.hh", "types.cc", "objects.cc"] {
            println!("cargo:rerun-if-changed=src/capi/cpp/{f}");
        }
        println!("cargo:rerun-if-changed=include/wasm.hh");
        println!("cargo:rerun-if-changed=include/wasm.h");
        // cpp(true) also links libstdc++ (the cdylib needs it; users of the
        // staticlib add -lstdc++). Nothing in Rust refers to these objects,
        // so they are linked whole, or the linker would drop them.
        cc::Build::new()
            .cpp(true)
            .std("c++17")
            .file("src/capi/cpp/types.cc")
            .file("src/capi/cpp/objects.cc")
            .include("include")
            .opt_level(2)
            .warnings(true)
            .extra_warnings(true)
            .link_lib_modifier("+whole-archive")
            .compile("ferrowasm_cpp");
        exports.push_str(" extern \"C++\" { wasm::*; };");
    }
    if !exports.is_empty() {
        let out = std::env::var("OUT_DIR").expect("OUT_DIR");
        let script = std::path::Path::new(&out).join("exports.ver");
        std::fs::write(&script, format!("{{ global:{exports} }};\n"))
            .expect("write the version script");
        println!(
            "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
            script.display()
        );
    }
}

/// libferrowasm.so gets a versioned SONAME, `libferrowasm.so.<major>`, so
/// that programs linked against an installed library (ci/install.sh) record
/// the major version. Programs linked against the build tree then need that
/// name next to the library too: make it a symlink to `libferrowasm.so` in
/// the profile directory and its `deps/` (where `cargo test` links from).
fn soname() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").expect("CARGO_PKG_VERSION_MAJOR");
    let name = format!("libferrowasm.so.{major}");
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{name}");
    // OUT_DIR is <target>/<profile>/build/ferrowasm-<hash>/out.
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let Some(build) = out.parent().and_then(|p| p.parent()) else {
        return;
    };
    if build.file_name().is_none_or(|n| n != "build") {
        return;
    }
    let Some(profile) = build.parent() else {
        return;
    };
    for dir in [profile.to_path_buf(), profile.join("deps")] {
        let link = dir.join(&name);
        if std::fs::symlink_metadata(&link).is_err() {
            let _ = std::fs::create_dir_all(&dir);
            // Best effort: a failure here shows later as a missing library.
            #[cfg(unix)]
            let _ = std::os::unix::fs::symlink("libferrowasm.so", &link);
        }
    }
}
