// memory: an exported memory read and written from both sides, grown from
// both sides up to its maximum; out-of-bounds access traps; a memory the
// host makes.
#include "common.hh"

using namespace wasm;

static auto call(const Func* f, vec<Val> args, size_t nresults, own<Trap>* trap = nullptr)
    -> vec<Val> {
  auto results = vec<Val>::make_uninitialized(nresults);
  auto t = f->call(args, results);
  if (trap != nullptr) {
    *trap = std::move(t);
  } else {
    CHECK(!t);
  }
  return results;
}

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto module = load_module(store.get(), "memory.wasm");
  auto instance = Instance::make(store.get(), module.get(), vec<Extern*>::make());
  CHECK(instance);
  auto exports = instance->exports();
  auto* m = module.get();
  Memory* memory = get_export(m, exports, "memory")->memory();
  auto* size = get_func(m, exports, "size");
  auto* load = get_func(m, exports, "load");
  auto* store_f = get_func(m, exports, "store");
  auto* grow = get_func(m, exports, "grow");

  CHECK(memory->size() == 2);
  CHECK(memory->data_size() == 2 * Memory::page_size);
  CHECK(memory->type()->limits().min == 2 && memory->type()->limits().max == 3);
  CHECK(memory->data()[0x1000] == 1 && memory->data()[0x1003] == 4);
  CHECK(call(size, vec<Val>::make(), 1)[0].i32() == 2);
  CHECK(call(load, vec<Val>::make(Val::i32(0x1002)), 1)[0].i32() == 3);

  // Host writes, wasm reads; wasm writes, host reads.
  memory->data()[0x2000] = 42;
  CHECK(call(load, vec<Val>::make(Val::i32(0x2000)), 1)[0].i32() == 42);
  call(store_f, vec<Val>::make(Val::i32(0x2001), Val::i32(-7)), 0);
  CHECK(memory->data()[0x2001] == -7);

  // Out of bounds: a trap, not a crash.
  own<Trap> trap;
  call(load, vec<Val>::make(Val::i32(0x20000)), 1, &trap);
  CHECK(trap);
  std::printf("load(0x20000): %s\n", trap_text(trap.get()).c_str());
  CHECK(contains(trap_text(trap.get()), "out of bounds"));

  // Growth: by wasm, then by the host, never past the maximum.
  CHECK(call(grow, vec<Val>::make(Val::i32(1)), 1)[0].i32() == 2);
  CHECK(memory->size() == 3 && memory->data_size() == 3 * Memory::page_size);
  CHECK(call(load, vec<Val>::make(Val::i32(0x20000)), 1)[0].i32() == 0);
  CHECK(!memory->grow(1));
  CHECK(call(grow, vec<Val>::make(Val::i32(1)), 1)[0].i32() == -1);
  CHECK(memory->grow(0) && memory->size() == 3);

  // A memory made by the host.
  auto type = MemoryType::make(Limits(1, 2));
  auto own_memory = Memory::make(store.get(), type.get());
  CHECK(own_memory && own_memory->size() == 1);
  CHECK(own_memory->data()[0] == 0 && own_memory->data()[Memory::page_size - 1] == 0);
  own_memory->data()[100] = 5;
  CHECK(own_memory->grow(1) && own_memory->size() == 2 && own_memory->data()[100] == 5);
  CHECK(!own_memory->grow(1));
  auto copy = own_memory->copy();
  CHECK(copy->same(own_memory.get()) && !copy->same(memory));
  std::printf("Done.\n");
  return 0;
}
