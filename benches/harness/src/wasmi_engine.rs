//! wasmi in process (pinned crate version), the interpreter to beat.

use crate::engine::{Engine, Instance, Loaded};
use std::time::{Duration, Instant};
use wasmi::{CompilationMode, Config, Linker, Module, Store, TypedFunc};

pub const WASMI_VERSION: &str = env!("WASMI_VERSION");

pub struct Wasmi {
    engine: wasmi::Engine,
    lazy: bool,
}

impl Wasmi {
    /// `lazy`: wasmi's default (validate eagerly, translate each function on
    /// first call); otherwise everything is translated at compile time, as
    /// ferrowasm's interpreter does, so that compile times compare.
    pub fn new(lazy: bool) -> Wasmi {
        let mut config = Config::default();
        // The SIMD builds of the vector kernels.
        config.wasm_simd(true);
        config.compilation_mode(if lazy {
            CompilationMode::LazyTranslation
        } else {
            CompilationMode::Eager
        });
        Wasmi {
            engine: wasmi::Engine::new(&config),
            lazy,
        }
    }
}

impl Engine for Wasmi {
    fn version(&self) -> String {
        format!(
            "wasmi {WASMI_VERSION} (crate, in process, {} translation)",
            if self.lazy { "lazy" } else { "eager" }
        )
    }

    fn instantiate(&mut self, wasm: &[u8]) -> Result<Loaded, String> {
        let t0 = Instant::now();
        let module = Module::new(&self.engine, wasm).map_err(|e| format!("compile: {e}"))?;
        let compile = t0.elapsed();
        let t1 = Instant::now();
        let mut store = Store::new(&self.engine, ());
        let mut linker = Linker::<()>::new(&self.engine);
        for imp in module.imports() {
            let Some(ft) = imp.ty().func() else {
                return Err(format!(
                    "import {}.{} is not a function; only function imports are provided",
                    imp.module(),
                    imp.name()
                ));
            };
            if imp.module() == "env" && imp.name() == "host_inc" {
                linker
                    .func_wrap("env", "host_inc", |x: i32| x.wrapping_add(1))
                    .map_err(|e| e.to_string())?;
            } else {
                let what = format!("stub import {}.{} called", imp.module(), imp.name());
                linker
                    .func_new(imp.module(), imp.name(), ft.clone(), move |_, _, _| {
                        Err(wasmi::Error::new(what.clone()))
                    })
                    .map_err(|e| e.to_string())?;
            }
        }
        let instance = linker
            .instantiate_and_start(&mut store, &module)
            .map_err(|e| format!("instantiate: {e}"))?;
        let instantiate = t1.elapsed();
        Ok(Loaded {
            inst: Box::new(WasmiInstance { store, instance }),
            compile,
            instantiate,
        })
    }
}

struct WasmiInstance {
    store: Store<()>,
    instance: wasmi::Instance,
}

impl WasmiInstance {
    fn typed<P: wasmi::WasmParams, R: wasmi::WasmResults>(
        &self,
        name: &str,
    ) -> Result<TypedFunc<P, R>, String> {
        self.instance
            .get_typed_func::<P, R>(&self.store, name)
            .map_err(|e| format!("export `{name}`: {e}"))
    }
}

impl Instance for WasmiInstance {
    fn call_i32(&mut self, name: &str, args: &[i32]) -> Result<Option<i32>, String> {
        let e = |e: wasmi::Error| e.to_string();
        match args {
            [] => {
                if let Ok(f) = self.typed::<(), i32>(name) {
                    return f.call(&mut self.store, ()).map(Some).map_err(e);
                }
                let f = self.typed::<(), ()>(name)?;
                f.call(&mut self.store, ()).map(|_| None).map_err(e)
            }
            [a] => {
                let f = self.typed::<i32, i32>(name)?;
                f.call(&mut self.store, *a).map(Some).map_err(e)
            }
            [a, b] => {
                let f = self.typed::<(i32, i32), i32>(name)?;
                f.call(&mut self.store, (*a, *b)).map(Some).map_err(e)
            }
            _ => Err("at most two arguments".into()),
        }
    }

    fn bench_nop(&mut self, iters: u32) -> Result<Duration, String> {
        let f = self.typed::<(), ()>("nop")?;
        let t = Instant::now();
        for _ in 0..iters {
            f.call(&mut self.store, ()).map_err(|e| e.to_string())?;
        }
        Ok(t.elapsed())
    }

    fn bench_add(&mut self, iters: u32) -> Result<(Duration, u32), String> {
        let f = self.typed::<(i32, i32), i32>("add")?;
        let mut sum = 0u32;
        let t = Instant::now();
        for i in 0..iters {
            let r = f
                .call(&mut self.store, (i as i32, 1))
                .map_err(|e| e.to_string())?;
            sum = sum.wrapping_add(r as u32);
        }
        Ok((t.elapsed(), sum))
    }
}
