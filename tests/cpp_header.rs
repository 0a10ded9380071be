//! include/wasm.hh: every function it declares (and does not define inline)
//! is defined in libferrowasm.so and libferrowasm.a, and the header
//! compiles alone, after wasm.h, and under strict warnings.
//!
//! The declarations come from clang's own reading of the header (its JSON
//! AST dump gives each function's mangled name), so the list cannot drift
//! from the header; the library's symbols come from `nm`.

#![cfg(feature = "cpp")]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn include_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("include")
}

fn lib_dir() -> PathBuf {
    // This test is <target>/<profile>/deps/cpp_header-HASH; cargo builds the
    // cdylib and staticlib into the same deps/ directory.
    let exe = std::env::current_exe().expect("current_exe");
    exe.parent().expect("deps dir").to_path_buf()
}

/// A JSON value, as much of one as this test needs.
enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    Str(String),
    Other,
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Json::Str(s)) => Some(s),
            _ => None,
        }
    }
    fn children(&self) -> &[Json] {
        match self.get("inner") {
            Some(Json::Array(v)) => v,
            _ => &[],
        }
    }
}

/// A small JSON reader for clang's dump (well-formed by construction).
struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn value(&mut self) -> Json {
        self.ws();
        match self.s[self.i] {
            b'{' => {
                self.i += 1;
                let mut m = Vec::new();
                loop {
                    self.ws();
                    if self.s[self.i] == b'}' {
                        self.i += 1;
                        return Json::Object(m);
                    }
                    let Json::Str(k) = self.value() else {
                        panic!("object key expected at {}", self.i)
                    };
                    self.ws();
                    assert_eq!(self.s[self.i], b':', "':' expected at {}", self.i);
                    self.i += 1;
                    let v = self.value();
                    m.push((k, v));
                    self.ws();
                    if self.s[self.i] == b',' {
                        self.i += 1;
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut v = Vec::new();
                loop {
                    self.ws();
                    if self.s[self.i] == b']' {
                        self.i += 1;
                        return Json::Array(v);
                    }
                    v.push(self.value());
                    self.ws();
                    if self.s[self.i] == b',' {
                        self.i += 1;
                    }
                }
            }
            b'"' => {
                self.i += 1;
                let mut out = Vec::new();
                while self.s[self.i] != b'"' {
                    if self.s[self.i] == b'\\' {
                        self.i += 1;
                    }
                    out.push(self.s[self.i]);
                    self.i += 1;
                }
                self.i += 1;
                Json::Str(String::from_utf8_lossy(&out).into_owned())
            }
            _ => {
                while self.i < self.s.len() && !b",}] \n\r\t".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                Json::Other
            }
        }
    }
}

const FUNCTION_KINDS: [&str; 4] = [
    "FunctionDecl",
    "CXXMethodDecl",
    "CXXConstructorDecl",
    "CXXDestructorDecl",
];

/// The mangled names of the functions in `node` that are declared and not
/// defined in the header (no body, not inline, not defaulted), outside
/// templates (whose members are all inline).
fn collect(node: &Json, out: &mut BTreeSet<String>) {
    let kind = node.str("kind").unwrap_or("");
    if kind == "ClassTemplateDecl" || kind == "FunctionTemplateDecl" {
        return;
    }
    if FUNCTION_KINDS.contains(&kind) {
        let has_body = node
            .children()
            .iter()
            .any(|c| c.str("kind") == Some("CompoundStmt"));
        let inline = node.get("inline").is_some();
        let defaulted = node.get("explicitlyDefaulted").is_some();
        let implicit = node.get("isImplicit").is_some();
        if !has_body && !inline && !defaulted && !implicit {
            if let Some(m) = node.str("mangledName") {
                out.insert(m.to_string());
            }
        }
    }
    for c in node.children() {
        collect(c, out);
    }
}

/// Every function wasm.hh declares without defining, by mangled name.
fn declared_functions() -> BTreeSet<String> {
    let dir = std::env::temp_dir().join(format!("cpp_header_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let src = dir.join("decls.cc");
    std::fs::write(&src, "#include \"wasm.hh\"\n").expect("write source");
    let out = Command::new("clang++")
        .args(["-std=c++17", "-fsyntax-only", "-Xclang", "-ast-dump=json"])
        .args(["-Xclang", "-ast-dump-filter=wasm", "-I"])
        .arg(include_dir())
        .arg(&src)
        .output()
        .expect("clang++ runs (ci/test.sh installs clang)");
    assert!(
        out.status.success(),
        "clang++ cannot read wasm.hh:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    // The filter prints one JSON document per matching top-level decl.
    let mut r = Reader {
        s: &out.stdout,
        i: 0,
    };
    let mut names = BTreeSet::new();
    loop {
        r.ws();
        if r.i >= r.s.len() {
            break;
        }
        if r.s[r.i] != b'{' {
            // "Dumping wasm:" separator lines between documents.
            while r.i < r.s.len() && r.s[r.i] != b'\n' {
                r.i += 1;
            }
            continue;
        }
        collect(&r.value(), &mut names);
    }
    names
}

/// The global symbols `nm` finds defined in `args`.
fn defined_symbols(args: &[&str], file: &std::path::Path) -> BTreeSet<String> {
    let out = Command::new("nm")
        .args(args)
        .arg(file)
        .output()
        .expect("nm (binutils) runs");
    assert!(out.status.success(), "nm {}", file.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .map(str::to_string)
        .collect()
}

fn demangle(names: &[&String]) -> String {
    let out = Command::new("c++filt")
        .args(names.iter().map(|s| s.as_str()))
        .output();
    match out {
        Ok(o) => String::from_utf8_lossy(&o.stdout).into_owned(),
        Err(_) => format!("{names:?}"),
    }
}

#[test]
fn every_declared_function_is_defined_in_the_library() {
    let names = declared_functions();
    assert!(
        names.len() >= 120,
        "only {} functions found in wasm.hh",
        names.len()
    );
    let so = lib_dir().join("libferrowasm.so");
    let exported = defined_symbols(&["-D", "--defined-only"], &so);
    let missing: Vec<&String> = names.iter().filter(|n| !exported.contains(*n)).collect();
    assert!(
        missing.is_empty(),
        "{} of {} declared functions not exported by {}:\n{}",
        missing.len(),
        names.len(),
        so.display(),
        demangle(&missing)
    );
    let a = lib_dir().join("libferrowasm.a");
    let defined = defined_symbols(&["-g", "--defined-only"], &a);
    let missing: Vec<&String> = names.iter().filter(|n| !defined.contains(*n)).collect();
    assert!(
        missing.is_empty(),
        "not defined in {}:\n{}",
        a.display(),
        demangle(&missing)
    );
    println!(
        "wasm.hh: {} declared functions, all defined in libferrowasm.so and .a",
        names.len()
    );
}

/// The demangled names of the exports include some that only a faithful
/// signature gives (const members, rvalue references, the Shared
/// specialization, Table's own size_t).
#[test]
fn exported_names_demangle_to_the_headers_signatures() {
    let so = lib_dir().join("libferrowasm.so");
    let out = Command::new("nm")
        .args(["-DC", "--defined-only"])
        .arg(&so)
        .output()
        .expect("nm runs");
    let text = String::from_utf8_lossy(&out.stdout);
    for sig in [
        "wasm::Func::call(wasm::vec<wasm::Val> const&, wasm::vec<wasm::Val>&) const",
        "wasm::Shared<wasm::Module>::destroy()",
        "wasm::Table::get(unsigned int) const",
        "wasm::Engine::make(std::unique_ptr<wasm::Config, wasm::destroyer>&&)",
        "wasm::Ref::set_host_info(void*, void (*)(void*))",
        "wasm::Memory::page_size",
    ] {
        assert!(text.lines().any(|l| l.ends_with(sig)), "{sig} not exported");
    }
}

#[test]
fn header_compiles_alone_and_with_wasm_h() {
    let inc = include_dir();
    let dir = std::env::temp_dir().join(format!("cpp_headers_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let body = "int main() { wasm::Val v = wasm::Val::i32(1); \
                auto l = wasm::Limits(1); \
                return v.i32() == 1 && l.max == 0xffffffffu && sizeof(wasm::Val) == 16 ? 0 : 1; }\n";
    let cases = [
        ("alone.cc", "#include \"wasm.hh\"\n", "c++17"),
        (
            "after_wasm_h.cc",
            "#include \"wasm.h\"\n#undef own\n#include \"wasm.hh\"\n#include \"wasm.hh\"\n",
            "c++17",
        ),
        ("cxx20.cc", "#include \"wasm.hh\"\n", "c++20"),
    ];
    for (file, head, std) in cases {
        let path = dir.join(file);
        std::fs::write(&path, format!("{head}{body}")).expect("write source");
        for cxx in ["c++", "clang++"] {
            let out = Command::new(cxx)
                .arg(format!("-std={std}"))
                .args(["-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I"])
                .arg(&inc)
                .arg(&path)
                .output()
                .unwrap_or_else(|e| panic!("cannot run {cxx}: {e}"));
            assert!(
                out.status.success(),
                "{file} does not compile with {cxx}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
