//! The native row: the same C compiled with clang -O3 into a shared object
//! per workload (benches/build.sh --native), whose `run(n)` is called
//! directly.

use libloading::Library;

pub struct NativeWorkload {
    run: unsafe extern "C" fn(u32) -> u32,
    _lib: Library,
}

impl NativeWorkload {
    pub fn load(path: &std::path::Path) -> Result<NativeWorkload, String> {
        // SAFETY: our own workload objects, with no initialisers of note.
        let lib = unsafe { Library::new(path) }
            .map_err(|e| format!("cannot load {}: {e}", path.display()))?;
        // SAFETY: every workload defines `uint32_t run(uint32_t)`.
        let run = unsafe { lib.get::<unsafe extern "C" fn(u32) -> u32>(b"run\0") }
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let run = *run;
        Ok(NativeWorkload { run, _lib: lib })
    }

    pub fn run(&self, n: u32) -> u32 {
        // SAFETY: see load.
        unsafe { (self.run)(n) }
    }
}
