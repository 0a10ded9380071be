// serialize: a module serialized, deserialized and run; validation; bad
// serialized data refused; a module shared and obtained again.
#include "common.hh"

using namespace wasm;

static int32_t add_base(Store* store, const Module* module, int32_t base, int32_t x) {
  auto type = GlobalType::make(ValType::make(ValKind::I32), Mutability::CONST);
  auto g = Global::make(store, type.get(), Val::i32(base));
  auto instance = Instance::make(store, module, vec<Extern*>::make(g.get()));
  CHECK(instance);
  auto exports = instance->exports();
  auto args = vec<Val>::make(Val::i32(x));
  auto results = vec<Val>::make_uninitialized(1);
  CHECK(!get_func(module, exports, "add_base")->call(args, results));
  return results[0].i32();
}

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto binary = load_file("serialize.wasm");
  CHECK(Module::validate(store.get(), binary));
  auto module = Module::make(store.get(), binary);
  CHECK(module);

  auto bytes = module->serialize();
  CHECK(bytes && bytes.size() > 0);
  module.reset();
  auto again = Module::deserialize(store.get(), bytes);
  CHECK(again);
  CHECK(again->imports().size() == 1 && again->exports().size() == 1);
  std::printf("add_base(5) with base 100 = %d\n", add_base(store.get(), again.get(), 100, 5));
  CHECK(add_base(store.get(), again.get(), 100, 5) == 105);

  // Damaged or foreign data is refused.
  auto damaged = bytes.copy();
  damaged[damaged.size() / 2] = static_cast<byte_t>(damaged[damaged.size() / 2] ^ 0x55);
  CHECK(!Module::deserialize(store.get(), damaged));
  CHECK(!Module::deserialize(store.get(), binary));
  CHECK(!Module::deserialize(store.get(), vec<byte_t>::make()));

  // Invalid binaries fail validation and compilation.
  auto garbage = vec<byte_t>::make(std::string("\0asm\2\0\0\0", 8));
  CHECK(!Module::validate(store.get(), garbage) && !Module::make(store.get(), garbage));
  CHECK(!Module::make(store.get(), vec<byte_t>::invalid()));

  // Shared and obtained in another store of the same engine.
  auto shared = again->share();
  CHECK(shared);
  auto store2 = Store::make(engine.get());
  auto obtained = Module::obtain(store2.get(), shared.get());
  CHECK(obtained && add_base(store2.get(), obtained.get(), -1, 1) == 0);
  auto copy = obtained->copy();
  CHECK(copy->same(obtained.get()));
  std::printf("Done.\n");
  return 0;
}
