//! Every saved finding under fuzz/crashes/ (once fixed, it stays there as a
//! regression test), and a few fixed seeds of each target, must pass.

use ferrowasm_fuzz::{rng::Rng, Target, TARGETS};

#[test]
fn saved_findings_replay_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crashes");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "bin"));
    files.sort();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let t = TARGETS
            .iter()
            .find(|t| name.starts_with(&format!("{t}-")))
            .unwrap_or_else(|| panic!("{name}: no target prefix"));
        let input = std::fs::read(&f).unwrap();
        if let Err(e) = Target::new(t).unwrap().run(&input) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn fixed_seeds_pass() {
    for t in TARGETS {
        let target = Target::new(t).unwrap();
        let mut rng = Rng::new(18);
        for case in 0..40 {
            let input = target.input(&mut rng);
            if let Err(e) = target.run(&input) {
                panic!("{t} case {case}: {e}");
            }
        }
    }
}
