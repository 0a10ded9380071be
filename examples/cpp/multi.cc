// multi: several parameters and results through host and wasm functions.
#include "common.hh"

using namespace wasm;

static int rotations = 0;

// (a i32, b i64, c i64, d i32) -> (b, c, d, a)
static auto rotate(const vec<Val>& args, vec<Val>& results) -> own<Trap> {
  CHECK(args.size() == 4 && results.size() == 4);
  results[0] = args[1].copy();
  results[1] = args[2].copy();
  results[2] = args[3].copy();
  results[3] = args[0].copy();
  ++rotations;
  return nullptr;
}

static auto kinds(std::initializer_list<ValKind> ks) -> ownvec<ValType> {
  auto v = ownvec<ValType>::make_uninitialized(ks.size());
  size_t i = 0;
  for (auto k : ks) v[i++] = ValType::make(k);
  return v;
}

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto module = load_module(store.get(), "multi.wasm");
  auto type = FuncType::make(kinds({ValKind::I32, ValKind::I64, ValKind::I64, ValKind::I32}),
                             kinds({ValKind::I64, ValKind::I64, ValKind::I32, ValKind::I32}));
  auto host = Func::make(store.get(), type.get(), rotate);
  CHECK(host && host->param_arity() == 4 && host->result_arity() == 4);
  auto instance = Instance::make(store.get(), module.get(), vec<Extern*>::make(host.get()));
  CHECK(instance);
  auto exports = instance->exports();
  auto* m = module.get();

  auto args = vec<Val>::make(Val::i32(1), Val::i64(int64_t{2}), Val::i64(int64_t{3}), Val::i32(4));
  auto results = vec<Val>::make_uninitialized(4);
  CHECK(!get_func(m, exports, "roundtrip")->call(args, results));
  std::printf("roundtrip(1, 2, 3, 4) = %lld %lld %d %d\n", (long long)results[0].i64(),
              (long long)results[1].i64(), results[2].i32(), results[3].i32());
  CHECK(results[0].i64() == 2 && results[1].i64() == 3);
  CHECK(results[2].i32() == 4 && results[3].i32() == 1);
  CHECK(rotations == 1);

  auto x = vec<Val>::make(Val::f64(2.75));
  CHECK(!get_func(m, exports, "split")->call(x, results));
  CHECK(results[0].kind() == ValKind::I32 && results[0].i32() == 2);
  CHECK(results[1].kind() == ValKind::F32 && results[1].f32() == 2.75f);
  CHECK(results[2].kind() == ValKind::F64 && results[2].f64() == -2.75);
  CHECK(results[3].kind() == ValKind::I64 && results[3].i64() == 5);

  auto ten = vec<Val>::make_uninitialized(10);
  for (int i = 0; i < 10; ++i) ten[i] = Val::i32(i + 1);
  auto sum = vec<Val>::make_uninitialized(1);
  CHECK(!get_func(m, exports, "sum10")->call(ten, sum));
  std::printf("sum10(1..10) = %d\n", sum[0].i32());
  CHECK(sum[0].i32() == 45 + 10 * 100);

  // The host function called directly, and with a wrong argument kind.
  CHECK(!host->call(args, results) && results[3].i32() == 1 && rotations == 2);
  args[0] = Val::f32(1.0f);
  CHECK(host->call(args, results));
  std::printf("Done.\n");
  return 0;
}
