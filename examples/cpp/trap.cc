// trap: traps raised by the host (made, or from a thrown exception) and by
// wasm, through nested calls, with their frames.
#include <stdexcept>

#include "common.hh"

using namespace wasm;

static Store* the_store = nullptr;
static Func* nested = nullptr;

static auto fail(const vec<Val>&, vec<Val>&) -> own<Trap> {
  return Trap::make(the_store, vec<byte_t>::make_nt(std::string("the host says no")));
}

static auto fail_by_throwing(const vec<Val>&, vec<Val>&) -> own<Trap> {
  throw std::logic_error("thrown by the host");
}

// Calls the wasm function `nested` and hands its trap on.
static auto call_nested(const vec<Val>&, vec<Val>&) -> own<Trap> {
  auto none = vec<Val>::make();
  auto results = vec<Val>::make();
  return nested->call(none, results);
}

static auto instantiate(Store* store, const Module* module, Func::callback failing)
    -> own<Instance> {
  auto type = FuncType::make();
  auto f = Func::make(store, type.get(), failing);
  auto n = Func::make(store, type.get(), call_nested);
  auto imports = vec<Extern*>::make(f.get(), n.get());
  auto instance = Instance::make(store, module, imports);
  CHECK(instance);
  return instance;
}

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  the_store = store.get();
  auto module = load_module(store.get(), "trap.wasm");
  auto instance = instantiate(store.get(), module.get(), fail);
  auto exports = instance->exports();
  nested = get_func(module.get(), exports, "nested");
  auto none = vec<Val>::make();
  auto no_results = vec<Val>::make();

  // A trap the host made, with the frame of the wasm function calling it.
  auto trap = get_func(module.get(), exports, "host_trap")->call(none, no_results);
  CHECK(trap);
  std::printf("host_trap: %s\n", trap_text(trap.get()).c_str());
  CHECK(trap_text(trap.get()) == "the host says no");
  auto origin = trap->origin();
  CHECK(origin && origin->func_index() == 2);  // after two imported functions
  CHECK(origin->instance()->same(instance.get()));

  // Traps of wasm itself.
  auto div = get_func(module.get(), exports, "div");
  auto args = vec<Val>::make(Val::i32(7), Val::i32(0));
  auto result = vec<Val>::make_uninitialized(1);
  trap = div->call(args, result);
  std::printf("div(7, 0): %s\n", trap_text(trap.get()).c_str());
  CHECK(contains(trap_text(trap.get()), "integer divide by zero"));
  args[1] = Val::i32(2);
  CHECK(!div->call(args, result) && result[0].i32() == 3);

  // The trace of nested wasm calls, origin first.
  trap = nested->call(none, no_results);
  CHECK(contains(trap_text(trap.get()), "unreachable"));
  auto trace = trap->trace();
  CHECK(trace.size() == 3);
  CHECK(trace[0]->func_index() == 4 && trace[1]->func_index() == 5 && trace[2]->func_index() == 6);
  CHECK(trace[0]->func_offset() > 0);
  CHECK(trace[0]->module_offset() > trace[0]->func_offset());
  auto frame = trace[1]->copy();
  trace = ownvec<Frame>::make();
  CHECK(frame->func_index() == 5);

  // Through a host function that calls back into wasm: 4 frames.
  trap = get_func(module.get(), exports, "outer")->call(none, no_results);
  CHECK(trap);
  trace = trap->trace();
  CHECK(trace.size() == 4);
  CHECK(trace[0]->func_index() == 4 && trace[3]->func_index() == 7);

  // Copies are the same trap, host info included.
  auto copy = trap->copy();
  CHECK(copy->same(trap.get()));
  trap->set_host_info(reinterpret_cast<void*>(42));
  CHECK(copy->get_host_info() == reinterpret_cast<void*>(42));

  // A trap made by the host outside any call has no frames.
  auto plain = Trap::make(store.get(), vec<byte_t>::make_nt(std::string("plain")));
  CHECK(trap_text(plain.get()) == "plain");
  CHECK(!plain->origin() && plain->trace().size() == 0);

  // A host function that throws: a trap with the exception's message.
  auto instance2 = instantiate(store.get(), module.get(), fail_by_throwing);
  auto exports2 = instance2->exports();
  trap = get_func(module.get(), exports2, "host_trap")->call(none, no_results);
  std::printf("throwing host: %s\n", trap_text(trap.get()).c_str());
  CHECK(contains(trap_text(trap.get()), "thrown by the host"));
  std::printf("Done.\n");
  return 0;
}
