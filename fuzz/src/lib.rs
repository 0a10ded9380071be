//! Fuzz targets for ferrowasm that run on stable Rust, without coverage
//! guidance: inputs come from seeds (see `main.rs`, the driver, and
//! ci/fuzz.sh). Each target takes a byte string, so that a finding saved
//! as a file replays exactly (`ferrowasm-fuzz --replay FILE`, and
//! tests/replay.rs replays every file under fuzz/crashes/).

pub mod decode;
pub mod exec;
pub mod rng;
pub mod smith;
pub mod wasi;

use std::panic::{catch_unwind, AssertUnwindSafe};

/// The targets, by name.
pub const TARGETS: &[&str] = &["exec", "decode", "wasi"];

/// The state of one target (engines are made once and reused).
pub enum Target {
    Exec(exec::Exec),
    Decode(decode::Decode),
    Wasi(wasi::Wasi),
}

impl Target {
    pub fn new(name: &str) -> Option<Target> {
        match name {
            "exec" => Some(Target::Exec(exec::Exec::new())),
            "decode" => Some(Target::Decode(decode::Decode::new())),
            "wasi" => Some(Target::Wasi(wasi::Wasi::new())),
            _ => None,
        }
    }

    /// The input of case `seed`.
    pub fn input(&self, rng: &mut rng::Rng) -> Vec<u8> {
        match self {
            Target::Exec(_) => {
                let len = 64 + rng.below(8192);
                rng.bytes(len)
            }
            Target::Decode(_) => decode::input(rng),
            Target::Wasi(_) => {
                let len = 16 + rng.below(2048);
                rng.bytes(len)
            }
        }
    }

    /// What the cases so far exercised, for the driver's report.
    pub fn stats(&self) -> String {
        match self {
            Target::Exec(t) => {
                let [m, c, tr, eh] = t.stats.get();
                format!(
                    "{m} modules instantiated, {c} calls compared ({tr} trapped), \
                     {eh} modules with exceptions (tiers only)"
                )
            }
            Target::Decode(t) => {
                let [v, i] = t.stats.get();
                format!("{v} valid, {i} invalid inputs")
            }
            Target::Wasi(t) => {
                let [c, ok] = t.stats.get();
                format!("{c} WASI calls ({ok} succeeded), nothing outside the sandbox changed")
            }
        }
    }

    /// Run one input: `Err` is a finding (a disagreement, or a panic).
    pub fn run(&self, input: &[u8]) -> Result<(), String> {
        let r = catch_unwind(AssertUnwindSafe(|| match self {
            Target::Exec(t) => t.run(input),
            Target::Decode(t) => t.run(input),
            Target::Wasi(t) => t.run(input),
        }));
        match r {
            Ok(r) => r,
            Err(p) => Err(format!("panic: {}", panic_text(&p))),
        }
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".into()
    }
}

/// FNV-1a of `data`, naming saved inputs.
pub fn name_hash(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}
