// start: a start function that traps: no instance, the trap and its frames
// are handed back, and the start function's effect stays visible.
#include "common.hh"

using namespace wasm;

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto module = load_module(store.get(), "start.wasm");

  auto type = GlobalType::make(ValType::make(ValKind::I32), Mutability::VAR);
  auto seen = Global::make(store.get(), type.get(), Val::i32(0));
  CHECK(seen);
  auto imports = vec<Extern*>::make(seen.get());

  own<Trap> trap;
  auto instance = Instance::make(store.get(), module.get(), imports, &trap);
  CHECK(!instance);
  CHECK(trap);
  std::printf("start: %s\n", trap_text(trap.get()).c_str());
  CHECK(contains(trap_text(trap.get()), "unreachable"));
  auto trace = trap->trace();
  CHECK(trace.size() == 2);
  CHECK(trace[0]->func_index() == 1);  // $boom
  CHECK(trace[1]->func_index() == 0);  // $start
  CHECK(seen->get().i32() == 1);

  // Without a place for the trap, only the failure is seen.
  CHECK(!Instance::make(store.get(), module.get(), imports));

  // Missing or mistyped imports: a trap naming the import.
  auto wrong = GlobalType::make(ValType::make(ValKind::I64), Mutability::VAR);
  auto seen64 = Global::make(store.get(), wrong.get(), Val::i64(int64_t{0}));
  auto bad = vec<Extern*>::make(seen64.get());
  CHECK(!Instance::make(store.get(), module.get(), bad, &trap));
  CHECK(trap);
  std::printf("mistyped import: %s\n", trap_text(trap.get()).c_str());
  CHECK(contains(trap_text(trap.get()), "\"env\" \"seen\""));
  auto empty = vec<Extern*>::make();
  trap.reset();
  CHECK(!Instance::make(store.get(), module.get(), empty, &trap));
  CHECK(trap);
  auto nulls = vec<Extern*>::make(static_cast<Extern*>(nullptr));
  trap.reset();
  CHECK(!Instance::make(store.get(), module.get(), nulls, &trap));
  CHECK(trap);
  std::printf("Done.\n");
  return 0;
}
