// global: imported and exported globals, constant and mutable, of all four
// number types, read and written from both sides.
#include "common.hh"

using namespace wasm;

static auto make_global(Store* store, ValKind kind, Mutability mut, Val init) -> own<Global> {
  auto type = GlobalType::make(ValType::make(kind), mut);
  auto g = Global::make(store, type.get(), init);
  CHECK(g);
  CHECK(g->type()->content()->kind() == kind && g->type()->mutability() == mut);
  return g;
}

static auto call0(const Func* f) -> Val {
  auto none = vec<Val>::make();
  auto results = vec<Val>::make_uninitialized(1);
  CHECK(!f->call(none, results));
  return std::move(results[0]);
}

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto module = load_module(store.get(), "global.wasm");
  Store* s = store.get();

  auto ci32 = make_global(s, ValKind::I32, Mutability::CONST, Val::i32(1));
  auto ci64 = make_global(s, ValKind::I64, Mutability::CONST, Val::i64(int64_t{2}));
  auto cf32 = make_global(s, ValKind::F32, Mutability::CONST, Val::f32(3.5f));
  auto cf64 = make_global(s, ValKind::F64, Mutability::CONST, Val::f64(4.25));
  auto vi32 = make_global(s, ValKind::I32, Mutability::VAR, Val::i32(10));
  auto vi64 = make_global(s, ValKind::I64, Mutability::VAR, Val::i64(int64_t{20}));
  auto vf32 = make_global(s, ValKind::F32, Mutability::VAR, Val::f32(30.5f));
  auto vf64 = make_global(s, ValKind::F64, Mutability::VAR, Val::f64(40.25));
  // A global made with a value of the wrong kind is refused.
  auto i32_type = GlobalType::make(ValType::make(ValKind::I32), Mutability::VAR);
  CHECK(!Global::make(s, i32_type.get(), Val::f64(1.0)));

  auto imports = vec<Extern*>::make(ci32.get(), ci64.get(), cf32.get(), cf64.get(), vi32.get(),
                                    vi64.get(), vf32.get(), vf64.get());
  auto instance = Instance::make(s, module.get(), imports);
  CHECK(instance);
  auto exports = instance->exports();
  auto* m = module.get();

  // The module's own globals, read from the host.
  CHECK(get_export(m, exports, "const_i32")->global()->get().i32() == 7);
  CHECK(get_export(m, exports, "const_i64")->global()->get().i64() == 8);
  CHECK(get_export(m, exports, "const_f32")->global()->get().f32() == 9.5f);
  CHECK(get_export(m, exports, "const_f64")->global()->get().f64() == 10.25);
  Global* mi32 = get_export(m, exports, "var_i32")->global();
  Global* mi64 = get_export(m, exports, "var_i64")->global();
  Global* mf32 = get_export(m, exports, "var_f32")->global();
  Global* mf64 = get_export(m, exports, "var_f64")->global();
  CHECK(mi32->get().i32() == 11 && mi64->get().i64() == 12);
  CHECK(mf32->get().f32() == 13.0f && mf64->get().f64() == 14.0);

  // The imports, read from wasm: 11 + 22 + 34 + 44.5.
  auto* sum = get_func(m, exports, "sum_imports");
  double total = call0(sum).f64();
  std::printf("sum_imports() = %g\n", total);
  CHECK(total == 111.5);

  // Written by the host, seen by wasm.
  vi32->set(Val::i32(100));
  vf64->set(Val::f64(0.5));
  CHECK(call0(sum).f64() == 1 + 100 + 22 + 34 + 4.25 + 0.5);

  // Written by wasm, seen by the host, on both sides of the boundary.
  auto none = vec<Val>::make();
  auto no_results = vec<Val>::make();
  CHECK(!get_func(m, exports, "bump")->call(none, no_results));
  CHECK(vi32->get().i32() == 101 && vi64->get().i64() == 21);
  CHECK(vf32->get().f32() == 31.5f && vf64->get().f64() == 1.5);
  CHECK(mi32->get().i32() == 12 && mi64->get().i64() == 13);
  CHECK(call0(get_func(m, exports, "get_var_i64")).i64() == 13);
  mf32->set(Val::f32(-2.0f));
  CHECK(call0(get_func(m, exports, "get_var_f32")).f32() == -2.0f);

  // A copy of an exported global is the same global.
  auto copy = mi64->copy();
  CHECK(copy->same(mi64));
  copy->set(Val::i64(int64_t{-5}));
  CHECK(mi64->get().i64() == -5);
  CHECK(get_export(m, exports, "var_i64")->type()->global()->mutability() == Mutability::VAR);
  std::printf("Done.\n");
  return 0;
}
