//! Target `decode`: random bytes, and valid modules with random mutations
//! (bit flips, byte overwrites, insertions, deletions, truncation, LEB
//! stretching), go to ferrowasm's decoder and validator (`Module::new` on
//! the interpreter; accepted modules are compiled by the JIT too). No input
//! may crash or hang it, and its verdict (accept or reject) must equal
//! wasmparser's with the engine's feature set.

use crate::rng::Rng;
use crate::smith;
use ferrowasm as fw;
use wasmparser::{Validator, WasmFeatures};

pub struct Decode {
    interp: fw::Engine,
    jit: fw::Engine,
    /// Valid and invalid inputs seen.
    pub stats: std::cell::Cell<[u64; 2]>,
}

/// The features ferrowasm validates with by default (src/runtime/module.rs).
pub(crate) fn features() -> WasmFeatures {
    WasmFeatures::WASM2
        .union(WasmFeatures::RELAXED_SIMD)
        .union(WasmFeatures::MULTI_MEMORY)
        .union(WasmFeatures::TAIL_CALL)
        .union(WasmFeatures::EXTENDED_CONST)
        .union(WasmFeatures::WIDE_ARITHMETIC)
        .union(WasmFeatures::MEMORY64)
        .union(WasmFeatures::CUSTOM_PAGE_SIZES)
        .union(WasmFeatures::EXCEPTIONS)
        .union(WasmFeatures::LEGACY_EXCEPTIONS)
}

impl Default for Decode {
    fn default() -> Self {
        Self::new()
    }
}

impl Decode {
    pub fn new() -> Decode {
        let tier = |tier| {
            fw::Engine::new(fw::Config {
                tier,
                ..fw::Config::default()
            })
        };
        Decode {
            interp: tier(fw::Tier::Interp),
            jit: tier(fw::Tier::Jit),
            stats: Default::default(),
        }
    }

    pub fn run(&self, bytes: &[u8]) -> Result<(), String> {
        let want = Validator::new_with_features(features()).validate_all(bytes);
        let mut st = self.stats.get();
        st[want.is_err() as usize] += 1;
        self.stats.set(st);
        let got = fw::Module::new(&self.interp, bytes);
        match (&want, &got) {
            (Ok(_), Err(e)) if known_gap(e) => {}
            (Ok(_), Err(e)) => return Err(format!("valid per wasmparser, rejected: {e}")),
            (Err(e), Ok(_)) => return Err(format!("invalid per wasmparser ({e}), accepted")),
            _ => {}
        }
        if got.is_ok() {
            if let Err(e) = fw::Module::new(&self.jit, bytes) {
                return Err(format!("valid, accepted by interp, rejected by jit: {e}"));
            }
        }
        Ok(())
    }
}

/// Valid modules the engine refuses with a clear "unsupported" error, on
/// purpose until the issue named here lands; remove the entry then.
/// - `nullexnref` ((ref null noexn)) as a declared type (local, parameter,
///   global, table): the engine's value types have no bottom reference
///   types until typed function references and GC (issue 15) give
///   reference types their heap types; `ref.null noexn` as an `exnref`
///   value runs.
fn known_gap(e: &fw::Error) -> bool {
    matches!(e, fw::Error::Unsupported { message, .. } if message.contains("nullexnref"))
}

/// An input for `decode` from the seed: random bytes (often behind a wasm
/// header), or a generated module mutated a few times.
pub fn input(rng: &mut Rng) -> Vec<u8> {
    match rng.below(4) {
        0 => {
            let len = rng.below(256);
            rng.bytes(len)
        }
        1 => {
            let mut v = b"\0asm\x01\0\0\0".to_vec();
            let len = rng.below(512);
            v.extend(rng.bytes(len));
            v
        }
        _ => {
            let len = 64 + rng.below(4096);
            let seed = rng.bytes(len);
            let Some((mut wasm, _)) = smith::module(&seed) else {
                return seed;
            };
            for _ in 0..1 + rng.below(4) {
                mutate(rng, &mut wasm);
            }
            wasm
        }
    }
}

fn mutate(rng: &mut Rng, v: &mut Vec<u8>) {
    if v.is_empty() {
        v.push(0);
    }
    let at = rng.below(v.len());
    match rng.below(6) {
        0 => v[at] ^= 1 << rng.below(8),
        1 => v[at] = rng.next_u64() as u8,
        2 => v.insert(at, rng.next_u64() as u8),
        3 => {
            v.remove(at);
        }
        4 => v.truncate(at),
        // A LEB128 byte with its continuation bit set: lengths and counts
        // that run past their section.
        _ => v[at] |= 0x80,
    }
}
