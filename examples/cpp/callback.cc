// callback: host functions with and without an environment, numbers of all
// four types, a host function that calls back into wasm, environment
// finalizers, and a host function that throws.
#include <stdexcept>

#include "common.hh"

using namespace wasm;

static auto valtypes(std::initializer_list<ValKind> kinds) -> ownvec<ValType> {
  auto v = ownvec<ValType>::make_uninitialized(kinds.size());
  size_t i = 0;
  for (ValKind k : kinds) v[i++] = ValType::make(k);
  return v;
}

// mix(a, b, c, d) = a + 10 b + 100 c + 1000 d, checking each kind.
static auto mix(const vec<Val>& args, vec<Val>& results) -> own<Trap> {
  CHECK(args.size() == 4 && results.size() == 1);
  CHECK(args[0].kind() == ValKind::I32 && args[1].kind() == ValKind::I64);
  CHECK(args[2].kind() == ValKind::F32 && args[3].kind() == ValKind::F64);
  results[0] = Val::f64(args[0].i32() + 10.0 * args[1].i64() + 100.0 * args[2].f32() +
                        1000.0 * args[3].f64());
  return nullptr;
}

struct Counter {
  int value = 0;
  int finalized = 0;
};

static auto count(void* env, const vec<Val>& args, vec<Val>& results) -> own<Trap> {
  CHECK(args.size() == 0);
  auto* c = static_cast<Counter*>(env);
  results[0] = Val::i32(++c->value);
  return nullptr;
}

static void finalize_counter(void* env) { static_cast<Counter*>(env)->finalized++; }

// The square export, known once the instance exists.
struct Reentry {
  Func* square = nullptr;
};

static auto reenter(void* env, const vec<Val>& args, vec<Val>& results) -> own<Trap> {
  auto* r = static_cast<Reentry*>(env);
  CHECK(r->square != nullptr);
  auto inner_args = vec<Val>::make(args[0].copy());
  auto inner_results = vec<Val>::make_uninitialized(1);
  if (auto trap = r->square->call(inner_args, inner_results)) return trap;
  results[0] = std::move(inner_results[0]);
  return nullptr;
}

static auto throws(const vec<Val>&, vec<Val>&) -> own<Trap> {
  throw std::runtime_error("the disk is on fire");
}

static auto wrong_arity(const vec<Val>&, vec<Val>& results) -> own<Trap> {
  results = vec<Val>::make(Val::i32(1), Val::i32(2));
  return nullptr;
}

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto module = load_module(store.get(), "callback.wasm");

  auto mix_type = FuncType::make(valtypes({ValKind::I32, ValKind::I64, ValKind::F32, ValKind::F64}),
                                 valtypes({ValKind::F64}));
  auto count_type = FuncType::make(valtypes({}), valtypes({ValKind::I32}));
  auto unary = FuncType::make(valtypes({ValKind::I32}), valtypes({ValKind::I32}));
  CHECK(mix_type && count_type && unary);

  Counter counter;
  Reentry reentry;
  auto mix_f = Func::make(store.get(), mix_type.get(), mix);
  auto count_f = Func::make(store.get(), count_type.get(), count, &counter, finalize_counter);
  auto reenter_f = Func::make(store.get(), unary.get(), reenter, &reentry);
  CHECK(mix_f && count_f && reenter_f);

  // The type a function reports is the one it was made with.
  auto t = mix_f->type();
  CHECK(t->params().size() == 4 && t->params()[3]->kind() == ValKind::F64);
  CHECK(t->results().size() == 1 && t->results()[0]->kind() == ValKind::F64);

  auto imports = vec<Extern*>::make(mix_f.get(), count_f.get(), reenter_f.get());
  auto instance = Instance::make(store.get(), module.get(), imports);
  CHECK(instance);
  auto exports = instance->exports();
  reentry.square = get_func(module.get(), exports, "square");

  auto args = vec<Val>::make(Val::i32(1), Val::i64(int64_t{2}), Val::f32(3.5f), Val::f64(4.25));
  auto results = vec<Val>::make_uninitialized(1);
  CHECK(!get_func(module.get(), exports, "run")->call(args, results));
  std::printf("run(1, 2, 3.5, 4.25) = %g\n", results[0].f64());
  CHECK(results[0].kind() == ValKind::F64 && results[0].f64() == 4621.0);

  auto none = vec<Val>::make();
  auto one = vec<Val>::make_uninitialized(1);
  CHECK(!get_func(module.get(), exports, "count_twice")->call(none, one));
  CHECK(one[0].i32() == 12 && counter.value == 2);  // 1 * 10 + 2

  auto seven = vec<Val>::make(Val::i32(7));
  CHECK(!get_func(module.get(), exports, "square_via_host")->call(seven, one));
  std::printf("square_via_host(7) = %d\n", one[0].i32());
  CHECK(one[0].i32() == 50);

  // A host function called directly from C++.
  CHECK(!count_f->call(none, one) && one[0].i32() == 3);

  // An exception thrown by a host function becomes a trap for its caller.
  auto thrower = Func::make(store.get(), count_type.get(), throws);
  auto trap = thrower->call(none, one);
  std::printf("throwing host function: %s\n", trap_text(trap.get()).c_str());
  CHECK(contains(trap_text(trap.get()), "the disk is on fire"));

  // So does a host function that replaces its results vector.
  auto bad = Func::make(store.get(), count_type.get(), wrong_arity);
  trap = bad->call(none, one);
  CHECK(contains(trap_text(trap.get()), "results"));

  // Calls with the wrong number of arguments or results trap, not crash.
  CHECK(get_func(module.get(), exports, "square")->call(none, one));
  auto two = vec<Val>::make_uninitialized(2);
  CHECK(get_func(module.get(), exports, "square")->call(seven, two));

  // A null callback is refused.
  CHECK(!Func::make(store.get(), count_type.get(), static_cast<Func::callback>(nullptr)));

  // The environment's finalizer runs once, when the store goes away.
  CHECK(counter.finalized == 0);
  exports = ownvec<Extern>::make();
  instance.reset();
  count_f.reset();
  store.reset();
  CHECK(counter.finalized == 1);
  std::printf("Done.\n");
  return 0;
}
