// table: a funcref table filled by an element segment, by the host and by
// wasm; call_indirect through it, to wasm and host functions; a table the
// host makes, grown up to its maximum.
#include "common.hh"

using namespace wasm;

static auto negate(const vec<Val>& args, vec<Val>& results) -> own<Trap> {
  results[0] = Val::i32(-args[0].i32());
  return nullptr;
}

static auto call_via(const Func* call, int32_t arg, int32_t index, own<Trap>* trap = nullptr)
    -> int32_t {
  auto args = vec<Val>::make(Val::i32(arg), Val::i32(index));
  auto results = vec<Val>::make_uninitialized(1);
  auto t = call->call(args, results);
  if (trap != nullptr) {
    *trap = std::move(t);
    return 0;
  }
  CHECK(!t);
  return results[0].i32();
}

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto module = load_module(store.get(), "table.wasm");
  auto instance = Instance::make(store.get(), module.get(), vec<Extern*>::make());
  CHECK(instance);
  auto exports = instance->exports();
  auto* m = module.get();
  Table* table = get_export(m, exports, "table")->table();
  auto* call = get_func(m, exports, "call");
  auto* inc = get_func(m, exports, "inc");
  auto* pair = get_func(m, exports, "pair");

  CHECK(table->size() == 2);
  CHECK(table->type()->limits().min == 2 && table->type()->limits().max == 10);
  CHECK(table->type()->element()->kind() == ValKind::FUNCREF);
  CHECK(!table->get(0));  // null
  auto slot1 = table->get(1);
  CHECK(slot1 && slot1->same(inc));
  CHECK(call_via(call, 5, 1) == 6);

  // Null entries, wrong signatures and indices past the end trap.
  own<Trap> trap;
  call_via(call, 5, 0, &trap);
  CHECK(trap);
  std::printf("call(5, 0): %s\n", trap_text(trap.get()).c_str());
  CHECK(table->set(0, pair));
  call_via(call, 5, 0, &trap);
  CHECK(trap && contains(trap_text(trap.get()), "indirect call type mismatch"));
  call_via(call, 5, 2, &trap);
  CHECK(trap);

  // A host function in the table, called by wasm.
  auto unary = FuncType::make(ownvec<ValType>::make(ValType::make(ValKind::I32)),
                              ownvec<ValType>::make(ValType::make(ValKind::I32)));
  auto host = Func::make(store.get(), unary.get(), negate);
  CHECK(table->set(0, host.get()));
  CHECK(call_via(call, 5, 0) == -5);
  CHECK(table->get(0)->same(host.get()));
  CHECK(table->set(0, nullptr) && !table->get(0));
  CHECK(!table->set(2, inc));  // past the end

  // Growth: by the host (filled with the given function), then by wasm.
  CHECK(table->grow(3, inc));
  CHECK(table->size() == 5 && call_via(call, 1, 4) == 2);
  auto none = vec<Val>::make();
  auto one = vec<Val>::make_uninitialized(1);
  auto grow_args = vec<Val>::make(Val::i32(5));
  CHECK(!get_func(m, exports, "grow")->call(grow_args, one) && one[0].i32() == 5);
  CHECK(table->size() == 10 && !table->get(9));
  CHECK(!get_func(m, exports, "size")->call(none, one) && one[0].i32() == 10);
  CHECK(!table->grow(1));

  // A table the host makes.
  auto type = TableType::make(ValType::make(ValKind::FUNCREF), Limits(1, 3));
  auto own_table = Table::make(store.get(), type.get(), host.get());
  CHECK(own_table && own_table->size() == 1 && own_table->get(0)->same(host.get()));
  CHECK(own_table->grow(2) && own_table->size() == 3 && !own_table->get(2));
  CHECK(!own_table->grow(1, nullptr));
  CHECK(own_table->copy()->same(own_table.get()));
  std::printf("Done.\n");
  return 0;
}
