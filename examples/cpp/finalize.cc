// finalize: host info with finalizers on many instances, on functions and
// on a module; each finalizer runs exactly once.
#include "common.hh"

using namespace wasm;

static const int N = 300;
static int instance_finalized[N];
static int env_finalized = 0;
static int module_finalized = 0;

static void finalize_instance(void* info) { instance_finalized[static_cast<int*>(info) - instance_finalized]++; }
static void finalize_env(void*) { ++env_finalized; }
static void finalize_module(void*) { ++module_finalized; }

static auto nop(void*, const vec<Val>&, vec<Val>&) -> own<Trap> { return nullptr; }

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto module = load_module(store.get(), "finalize.wasm");
  module->set_host_info(&module_finalized, finalize_module);

  auto type = FuncType::make();
  for (int i = 0; i < N; ++i) {
    auto instance = Instance::make(store.get(), module.get(), vec<Extern*>::make());
    CHECK(instance);
    instance->set_host_info(&instance_finalized[i], finalize_instance);
    CHECK(instance->get_host_info() == &instance_finalized[i]);
    if (i % 2 == 0) {
      // Run it, keeping an export a little longer than the instance.
      auto exports = instance->exports();
      auto none = vec<Val>::make();
      auto one = vec<Val>::make_uninitialized(1);
      CHECK(!get_func(module.get(), exports, "f")->call(none, one) && one[0].i32() == 0);
      instance.reset();
      CHECK(!exports[1]->func()->call(none, none));
    }
    auto f = Func::make(store.get(), type.get(), nop, nullptr, finalize_env);
    CHECK(f);
  }
  // Nothing has run twice; whatever ran early ran once.
  for (int i = 0; i < N; ++i) CHECK(instance_finalized[i] <= 1);
  CHECK(env_finalized <= N && module_finalized == 0);

  store.reset();
  for (int i = 0; i < N; ++i) CHECK(instance_finalized[i] == 1);
  CHECK(env_finalized == N);
  CHECK(module_finalized == 0);  // the module outlives the store
  module.reset();
  CHECK(module_finalized == 1);
  std::printf("%d instances and %d functions finalized once each\n", N, N);
  std::printf("Done.\n");
  return 0;
}
