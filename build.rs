//! Builds the small C helpers: the JIT tier's setjmp/longjmp trap
//! trampoline (`jit` feature) and the embedding API's variadic entry point
//! `wasm_runtime_call_wasm_v` (`embed` feature: stable Rust cannot define a
//! C-variadic function).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
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
        // A cdylib exports only Rust's symbols; add the C-defined one.
        let out = std::env::var("OUT_DIR").expect("OUT_DIR");
        let script = std::path::Path::new(&out).join("embed_exports.ver");
        std::fs::write(&script, "{ global: wasm_runtime_call_wasm_v; };\n")
            .expect("write the version script");
        println!(
            "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
            script.display()
        );
    }
}
