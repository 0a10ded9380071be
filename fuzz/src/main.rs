//! The fuzz driver: runs each target for a number of seconds from random
//! seeds, in a child process per target so that a crash (a signal) or a
//! hang is caught and its input saved, and prints cases per second and
//! findings. A finding is saved as fuzz/crashes/TARGET-KIND-HASH.bin (the
//! target's input; for `exec` also the generated module as .wasm).
//!
//!   ferrowasm-fuzz [--seconds N] [--seed S] [TARGET...]   (default: all)
//!   ferrowasm-fuzz --replay FILE...

use ferrowasm_fuzz::{name_hash, rng::Rng, smith, Target, TARGETS};
use std::path::{Path, PathBuf};
use std::process::{exit, Command};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// A case running longer than this is a hang.
const HANG: Duration = Duration::from_secs(20);

fn crashes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crashes")
}

fn save(target: &str, kind: &str, input: &[u8]) -> PathBuf {
    let dir = crashes_dir();
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{target}-{kind}-{:016x}.bin", name_hash(input)));
    if let Err(e) = std::fs::write(&path, input) {
        eprintln!("cannot save {}: {e}", path.display());
    }
    if target == "exec" {
        if let Some((wasm, _)) = smith::module(input) {
            let _ = std::fs::write(path.with_extension("wasm"), wasm);
        }
    }
    path
}

fn usage() -> ! {
    eprintln!("usage: ferrowasm-fuzz [--seconds N] [--seed S] [TARGET...] | --replay FILE...");
    eprintln!("targets: {}", TARGETS.join(", "));
    exit(1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        return child(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("--replay") {
        return replay(&args[1..]);
    }
    let mut seconds = 60u64;
    let mut seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => {
                seconds = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--seed" => {
                seed = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            t if TARGETS.contains(&t) => targets.push(t.to_string()),
            _ => usage(),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    let mut total_findings = 0;
    for t in &targets {
        total_findings += parent(t, seconds, seed);
    }
    println!("fuzz: {total_findings} findings in total");
    exit(if total_findings > 0 { 1 } else { 0 });
}

/// Run `target` in children until `seconds` have passed; restart after a
/// crash or hang. Returns the number of findings.
fn parent(target: &str, seconds: u64, seed: u64) -> u32 {
    let exe = std::env::current_exe().expect("own path");
    let start = Instant::now();
    let (mut cases, mut findings, mut round) = (0u64, 0u32, 0u64);
    let current =
        std::env::temp_dir().join(format!("ferrowasm-fuzz-{}-{target}", std::process::id()));
    println!("{target}: {seconds} s from seed {seed}");
    while start.elapsed().as_secs() < seconds {
        let left = seconds - start.elapsed().as_secs();
        let child_seed = seed.wrapping_add(round.wrapping_mul(0x1000_0000_0000));
        round += 1;
        let out = Command::new(&exe)
            .args([
                "--child",
                target,
                &left.to_string(),
                &child_seed.to_string(),
            ])
            .arg(&current)
            .output()
            .expect("run the fuzz child");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            if let Some(n) = line
                .strip_prefix("cases ")
                .and_then(|s| s.split(' ').next())
            {
                cases += n.parse::<u64>().unwrap_or(0);
            }
            if line.starts_with("FINDING") {
                findings += 1;
            }
        }
        match out.status.code() {
            Some(0) => {}
            Some(3) => {} // a hang, reported (FINDING) and saved by the child
            _ => {
                let input = std::fs::read(&current).unwrap_or_default();
                let path = save(target, "crash", &input);
                let tail: String = String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .rev()
                    .take(5)
                    .collect::<Vec<_>>()
                    .join(" | ");
                println!(
                    "FINDING {target}: child died ({}): {tail}; input saved as {}",
                    out.status,
                    path.display()
                );
                findings += 1;
            }
        }
    }
    let _ = std::fs::remove_file(&current);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{target}: {cases} cases in {secs:.0} s ({:.0} cases/s), {findings} findings",
        cases as f64 / secs
    );
    findings
}

/// `--child TARGET SECONDS SEED CURRENT`: run cases, writing each input to
/// CURRENT first (the parent saves it if this process dies).
fn child(args: &[String]) {
    let [target, seconds, seed, current] = args else {
        usage()
    };
    let (Ok(seconds), Ok(seed)) = (seconds.parse::<u64>(), seed.parse::<u64>()) else {
        usage()
    };
    let t = Target::new(target).unwrap_or_else(|| usage());
    // Panics are findings, reported below; not the default hook's text.
    std::panic::set_hook(Box::new(|_| {}));
    let started = Arc::new(AtomicU64::new(u64::MAX));
    let epoch = Instant::now();
    {
        let (started, current, target) = (started.clone(), current.clone(), target.clone());
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            let s = started.load(Ordering::Relaxed);
            if s != u64::MAX && epoch.elapsed().as_millis() as u64 - s > HANG.as_millis() as u64 {
                let input = std::fs::read(&current).unwrap_or_default();
                let path = save(&target, "hang", &input);
                println!(
                    "FINDING {target}: a case ran over {} s; input saved as {}",
                    HANG.as_secs(),
                    path.display()
                );
                exit(3);
            }
        });
    }
    let mut rng = Rng::new(seed);
    let mut cases = 0u64;
    let deadline = Duration::from_secs(seconds);
    while epoch.elapsed() < deadline {
        let input = t.input(&mut rng);
        let _ = std::fs::write(current, &input);
        started.store(epoch.elapsed().as_millis() as u64, Ordering::Relaxed);
        let r = t.run(&input);
        started.store(u64::MAX, Ordering::Relaxed);
        cases += 1;
        if let Err(e) = r {
            let kind = if e.starts_with("panic") {
                "panic"
            } else {
                "mismatch"
            };
            let path = save(target, kind, &input);
            println!("FINDING {target}: {e}; input saved as {}", path.display());
        }
    }
    println!("cases {cases} (child, seed {seed}): {}", t.stats());
}

fn replay(files: &[String]) {
    if files.is_empty() {
        usage();
    }
    let mut bad = 0;
    for f in files {
        let name = Path::new(f)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(t) = TARGETS.iter().find(|t| name.starts_with(&format!("{t}-"))) else {
            eprintln!("{f}: the file name does not start with a target name");
            exit(1);
        };
        let input = std::fs::read(f).unwrap_or_else(|e| {
            eprintln!("{f}: {e}");
            exit(1)
        });
        match Target::new(t).unwrap().run(&input) {
            Ok(()) => println!("{f}: ok"),
            Err(e) => {
                println!("{f}: {e}");
                bad += 1;
            }
        }
    }
    exit(if bad > 0 { 1 } else { 0 });
}
