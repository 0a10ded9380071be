//! ferrowasm in process, through its Rust API (`ferrowasm::runtime`).

use crate::engine::{Engine, Instance, Loaded};
use ferrowasm::{Config, Extern, ExternType, Func, Module, Store, Tier, Trap, Val};
use std::time::{Duration, Instant};

pub struct Ferro {
    tier: Tier,
    /// Fuel metering on (each store gets u64::MAX units).
    fuel: bool,
    engine: ferrowasm::Engine,
}

impl Ferro {
    pub fn new(tier: Tier, fuel: bool) -> Ferro {
        let engine = ferrowasm::Engine::new(Config {
            tier,
            // The SIMD builds of the vector kernels.
            wasm_simd: true,
            consume_fuel: fuel,
            ..Config::default()
        });
        Ferro { tier, fuel, engine }
    }
}

pub fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::Interp => "interp",
        Tier::Jit => "jit",
        Tier::Auto => "auto",
    }
}

impl Engine for Ferro {
    fn version(&self) -> String {
        format!(
            "ferrowasm {} (Rust API, in process, tier {}{})",
            env!("FERROWASM_VERSION"),
            tier_name(self.tier),
            if self.fuel { ", fuel metering" } else { "" }
        )
    }

    fn instantiate(&mut self, wasm: &[u8]) -> Result<Loaded, String> {
        let t0 = Instant::now();
        let module = Module::new(&self.engine, wasm).map_err(|e| format!("compile: {e}"))?;
        let compile = t0.elapsed();
        let t1 = Instant::now();
        let mut store = Store::new(&self.engine);
        if self.fuel {
            store
                .set_fuel(u64::MAX)
                .map_err(|e| format!("set_fuel: {e}"))?;
        }
        let mut imports = Vec::new();
        for imp in module.imports() {
            let ExternType::Func(ft) = &imp.ty else {
                return Err(format!(
                    "import {}.{} is a {}; only function imports are provided",
                    imp.module,
                    imp.name,
                    imp.ty.kind_name()
                ));
            };
            let f = if imp.module == "env" && imp.name == "host_inc" {
                Func::new(&mut store, ft.clone(), |_, args, results| {
                    results[0] = Val::I32(args[0].unwrap_i32().wrapping_add(1));
                    Ok(())
                })
            } else {
                let what = format!("stub import {}.{} called", imp.module, imp.name);
                Func::new(&mut store, ft.clone(), move |_, _, _| {
                    Err(Trap::host(what.clone()))
                })
            };
            imports.push(Extern::Func(f));
        }
        let instance = ferrowasm::Instance::new(&mut store, &module, &imports)
            .map_err(|e| format!("instantiate: {e}"))?;
        let instantiate = t1.elapsed();
        Ok(Loaded {
            inst: Box::new(FerroInstance { store, instance }),
            compile,
            instantiate,
        })
    }
}

struct FerroInstance {
    store: Store,
    instance: ferrowasm::Instance,
}

impl FerroInstance {
    fn func(&self, name: &str) -> Result<Func, String> {
        self.instance
            .get_func(&self.store, name)
            .ok_or_else(|| format!("no exported function `{name}`"))
    }
}

impl Instance for FerroInstance {
    fn call_i32(&mut self, name: &str, args: &[i32]) -> Result<Option<i32>, String> {
        let f = self.func(name)?;
        let nres = f.ty(&self.store).results().len();
        let args: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
        let mut results = vec![Val::I32(0); nres];
        f.call(&mut self.store, &args, &mut results)
            .map_err(|e| e.to_string())?;
        Ok(results.first().map(|v| v.unwrap_i32()))
    }

    fn bench_nop(&mut self, iters: u32) -> Result<Duration, String> {
        let f = self.func("nop")?;
        let t = Instant::now();
        for _ in 0..iters {
            f.call(&mut self.store, &[], &mut [])
                .map_err(|e| e.to_string())?;
        }
        Ok(t.elapsed())
    }

    fn bench_add(&mut self, iters: u32) -> Result<(Duration, u32), String> {
        let f = self.func("add")?;
        let mut sum = 0u32;
        let mut res = [Val::I32(0)];
        let t = Instant::now();
        for i in 0..iters {
            f.call(
                &mut self.store,
                &[Val::I32(i as i32), Val::I32(1)],
                &mut res,
            )
            .map_err(|e| e.to_string())?;
            sum = sum.wrapping_add(res[0].unwrap_i32() as u32);
        }
        Ok((t.elapsed(), sum))
    }
}
