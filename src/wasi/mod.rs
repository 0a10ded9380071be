//! WASI preview1 host functions (`wasi_snapshot_preview1`, and the legacy
//! `wasi_unstable` with its few layout differences).
//!
//! A [`WasiCtxBuilder`] describes what a program may see (arguments,
//! environment, standard streams, preopened directories);
//! [`WasiCtx::imports`] turns a module's WASI imports into host functions
//! bound to that context. The program reaches the host file system only
//! beneath its preopened directories (see `sandbox`), and every pointer it
//! passes is checked against its memory (see `mem`): a bad one is `EFAULT`,
//! never a host fault. `proc_exit` unwinds with [`crate::Trap::exit`].
//!
//! ```no_run
//! use ferrowasm::wasi::WasiCtxBuilder;
//! use ferrowasm::{Engine, Instance, Module, Store};
//! # fn main() -> Result<(), ferrowasm::Error> {
//! let engine = Engine::default();
//! let module = Module::new(&engine, &std::fs::read("hello.wasm").unwrap())?;
//! let wasi = WasiCtxBuilder::new().arg("hello").preopen_dir("/tmp/data", "/data").build()?;
//! let mut store = Store::new(&engine);
//! let imports: Vec<_> = wasi.imports(&mut store, &module)?.into_iter().map(Option::unwrap).collect();
//! let instance = Instance::new(&mut store, &module, &imports)?;
//! let start = instance.get_func(&store, "_start").unwrap();
//! match start.call(&mut store, &[], &mut []) {
//!     Ok(()) => println!("exit 0"),
//!     Err(e) => match e.as_trap().and_then(|t| t.exit_status()) {
//!         Some(status) => println!("exit {status}"),
//!         None => return Err(e),
//!     },
//! }
//! # Ok(())
//! # }
//! ```

mod abi;
mod ctx;
mod fs;
mod link;
mod mem;
mod misc;
mod path;
mod poll;
mod sandbox;

pub use abi::{MODULE_PREVIEW1, MODULE_UNSTABLE};
pub use ctx::{WasiBuffer, WasiCtx, WasiCtxBuilder, WasiInput, WasiOutput};
pub use link::{function_names, is_wasi_module};
