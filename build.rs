//! Builds the JIT tier's small C helper (setjmp/longjmp trap trampoline)
//! when the `jit` feature is on; nothing otherwise.

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
}
