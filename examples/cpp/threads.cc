// threads: one engine and one shared module; every thread has its own
// store, obtains the module, and runs it with its own imports.
#include <mutex>
#include <thread>

#include "common.hh"

using namespace wasm;

static const int THREADS = 8;
static const int ROUNDS = 5;
static std::mutex lock;
static int reported[THREADS];
static int64_t sums[THREADS];

static auto report(const vec<Val>& args, vec<Val>&) -> own<Trap> {
  int id = args[0].i32();
  CHECK(id >= 0 && id < THREADS);
  std::lock_guard<std::mutex> g(lock);
  reported[id]++;
  sums[id] += args[1].i32();
  return nullptr;
}

static void run(Engine* engine, const Shared<Module>* shared, int id) {
  auto store = Store::make(engine);
  auto module = Module::obtain(store.get(), shared);
  CHECK(module);
  auto type = FuncType::make(ownvec<ValType>::make(ValType::make(ValKind::I32), ValType::make(ValKind::I32)));
  auto report_f = Func::make(store.get(), type.get(), report);
  auto gtype = GlobalType::make(ValType::make(ValKind::I32), Mutability::CONST);
  auto id_g = Global::make(store.get(), gtype.get(), Val::i32(id));
  for (int round = 0; round < ROUNDS; ++round) {
    auto instance = Instance::make(store.get(), module.get(), vec<Extern*>::make(report_f.get(), id_g.get()));
    CHECK(instance);
    auto exports = instance->exports();
    int32_t n = 1000 * (id + 1) + round;
    auto args = vec<Val>::make(Val::i32(n));
    auto results = vec<Val>::make_uninitialized(1);
    CHECK(!get_func(module.get(), exports, "run")->call(args, results));
    CHECK(results[0].i32() == static_cast<int32_t>(static_cast<int64_t>(n) * (n - 1) / 2));
  }
}

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto module = load_module(store.get(), "threads.wasm");
  auto shared = module->share();
  CHECK(shared);
  module.reset();

  std::thread threads[THREADS];
  for (int i = 0; i < THREADS; ++i) threads[i] = std::thread(run, engine.get(), shared.get(), i);
  for (auto& t : threads) t.join();

  for (int i = 0; i < THREADS; ++i) {
    int64_t expected = 0;
    for (int round = 0; round < ROUNDS; ++round) {
      int64_t n = 1000 * (i + 1) + round;
      expected += n * (n - 1) / 2;
    }
    CHECK(reported[i] == ROUNDS && sums[i] == expected);
  }
  std::printf("%d threads, %d instances each: all sums right\n", THREADS, ROUNDS);
  std::printf("Done.\n");
  return 0;
}
