//! A module's serialized form, for `wasm_module_serialize`/`deserialize`.
//!
//! The format keeps the module's original binary, not compiled code:
//! deserializing validates and translates it again. That is honest and
//! safe (nothing in the blob is trusted beyond what `Module::new` checks),
//! at the price of compile time on load.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | content |
//! | --- | --- |
//! | 8 | magic `b"FWASMSER"` |
//! | 4 | format version (`FORMAT_VERSION`) |
//! | 2 + n | length and UTF-8 text of the runtime version that wrote it |
//! | 8 + m | length and bytes of the wasm binary |
//! | 8 | FNV-1a 64 hash of everything before it |
//!
//! A blob with another magic, format version or runtime version, a bad
//! length or hash, or trailing bytes is rejected with an error.

use super::engine::Engine;
use super::error::{Error, Result};
use super::module::Module;

const MAGIC: &[u8; 8] = b"FWASMSER";
/// Bumped whenever the layout above changes.
pub const FORMAT_VERSION: u32 = 1;
/// The runtime version written into (and required of) serialized modules.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn bad(msg: impl Into<String>) -> Error {
    Error::Usage(format!("cannot deserialize module: {}", msg.into()))
}

/// Reads fixed-size fields off the front of a byte slice.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(bad("truncated data"));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().unwrap_or_default(),
        ))
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().unwrap_or_default(),
        ))
    }
}

impl Module {
    /// The module in the serialized format described above.
    pub fn serialize(&self) -> Vec<u8> {
        let wasm = self.bytes();
        let mut out = Vec::with_capacity(wasm.len() + 40);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(RUNTIME_VERSION.len() as u16).to_le_bytes());
        out.extend_from_slice(RUNTIME_VERSION.as_bytes());
        out.extend_from_slice(&(wasm.len() as u64).to_le_bytes());
        out.extend_from_slice(wasm);
        let h = fnv1a(&out);
        out.extend_from_slice(&h.to_le_bytes());
        out
    }

    /// A module from `serialize`'s output: checked, then compiled again.
    pub fn deserialize(engine: &Engine, data: &[u8]) -> Result<Module> {
        if data.len() < 8 + 8 || &data[..8] != MAGIC {
            return Err(bad("not a serialized ferrowasm module"));
        }
        let (body, hash) = data.split_at(data.len() - 8);
        if fnv1a(body).to_le_bytes() != hash {
            return Err(bad("checksum mismatch (corrupted data)"));
        }
        let mut r = Reader(&body[8..]);
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(bad(format!(
                "format version {version}, this runtime reads version {FORMAT_VERSION}"
            )));
        }
        let n = r.u16()? as usize;
        let writer = r.take(n)?;
        if writer != RUNTIME_VERSION.as_bytes() {
            return Err(bad(format!(
                "written by ferrowasm {}, this is {RUNTIME_VERSION}",
                String::from_utf8_lossy(writer)
            )));
        }
        let len = r.u64()?;
        let len = usize::try_from(len).map_err(|_| bad("length out of range"))?;
        let wasm = r.take(len)?;
        if !r.0.is_empty() {
            return Err(bad("trailing bytes"));
        }
        Module::new(engine, wasm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejections() {
        let engine = Engine::default();
        let wasm =
            wat::parse_str("(module (func (export \"f\") (result i32) i32.const 7))").expect("wat");
        let m = Module::new(&engine, &wasm).expect("module");
        let blob = m.serialize();
        let m2 = Module::deserialize(&engine, &blob).expect("round trip");
        assert_eq!(m2.bytes(), m.bytes());
        assert!(Module::deserialize(&engine, b"garbage").is_err());
        assert!(Module::deserialize(&engine, &wasm).is_err());
        for i in 0..blob.len() {
            let mut b = blob.clone();
            b[i] ^= 0x40;
            assert!(Module::deserialize(&engine, &b).is_err(), "flip at {i}");
        }
        let mut b = blob.clone();
        b.truncate(blob.len() - 1);
        assert!(Module::deserialize(&engine, &b).is_err());
    }
}
