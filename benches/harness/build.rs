//! Tells the harness whether the ferrowasm it is built against has a JIT
//! tier. Until it has one, `Tier::Jit`/`Tier::Auto` would silently run the
//! interpreter, and rows labelled jit/auto would be misleading; so the
//! rows appear (are measured) only once `src/lib.rs` declares `mod jit`.
//! `--tiers interp,jit,auto` on the command line forces them either way.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(ferrowasm_has_jit)");
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let lib = std::path::Path::new(&dir).join("../src/lib.rs");
    println!("cargo::rerun-if-changed={}", lib.display());
    let has_jit = std::fs::read_to_string(&lib)
        .map(|s| {
            s.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with("pub mod jit") || l.starts_with("mod jit")
            })
        })
        .unwrap_or(false);
    if has_jit {
        println!("cargo::rustc-cfg=ferrowasm_has_jit");
    }

    // Versions for the report header: ferrowasm's from its Cargo.toml, the
    // pinned wasmi's from our Cargo.lock.
    let root_toml = std::path::Path::new(&dir).join("../Cargo.toml");
    println!("cargo::rerun-if-changed={}", root_toml.display());
    println!("cargo::rerun-if-changed=Cargo.lock");
    let version_after = |text: &str, package_line: &str| -> Option<String> {
        let mut lines = text
            .lines()
            .skip_while(|l| l.trim() != package_line)
            .skip(1);
        lines
            .find(|l| l.trim_start().starts_with("version"))
            .and_then(|l| l.split('"').nth(1).map(str::to_string))
    };
    let ferro = std::fs::read_to_string(&root_toml)
        .ok()
        .and_then(|t| version_after(&t, "name = \"ferrowasm\""))
        .unwrap_or_else(|| "unknown".into());
    let wasmi = std::fs::read_to_string(std::path::Path::new(&dir).join("Cargo.lock"))
        .ok()
        .and_then(|t| version_after(&t, "name = \"wasmi\""))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo::rustc-env=FERROWASM_VERSION={ferro}");
    println!("cargo::rustc-env=WASMI_VERSION={wasmi}");
}
