// hello: compile a module, give it a host function, call its export.
#include "common.hh"

static int greet_calls = 0;

// Receives n + 1 from wasm and answers twice that.
static auto greet(const wasm::vec<wasm::Val>& args, wasm::vec<wasm::Val>& results)
    -> wasm::own<wasm::Trap> {
  std::printf("Hello from the host, wasm says %d\n", args[0].i32());
  ++greet_calls;
  results[0] = wasm::Val::i32(args[0].i32() * 2);
  return nullptr;
}

int main() {
  auto engine = wasm::Engine::make();
  auto store = wasm::Store::make(engine.get());
  CHECK(engine && store);
  auto module = load_module(store.get(), "hello.wasm");

  auto type = wasm::FuncType::make(wasm::ownvec<wasm::ValType>::make(wasm::ValType::make(wasm::ValKind::I32)),
                                   wasm::ownvec<wasm::ValType>::make(wasm::ValType::make(wasm::ValKind::I32)));
  CHECK(type && type->params().size() == 1 && type->results().size() == 1);
  auto host = wasm::Func::make(store.get(), type.get(), greet);
  CHECK(host);
  CHECK(host->param_arity() == 1 && host->result_arity() == 1);

  auto imports = wasm::vec<wasm::Extern*>::make(host.get());
  wasm::own<wasm::Trap> trap;
  auto instance = wasm::Instance::make(store.get(), module.get(), imports, &trap);
  CHECK(instance && !trap);

  auto exports = instance->exports();
  CHECK(exports.size() == 1);
  CHECK(exports[0]->kind() == wasm::ExternKind::FUNC);
  auto* run = exports[0]->func();
  CHECK(run && exports[0]->global() == nullptr);

  auto args = wasm::vec<wasm::Val>::make(wasm::Val::i32(20));
  auto results = wasm::vec<wasm::Val>::make_uninitialized(1);
  CHECK(!run->call(args, results));
  CHECK(results[0].kind() == wasm::ValKind::I32);
  std::printf("run(20) = %d\n", results[0].i32());
  CHECK(results[0].i32() == 42);
  CHECK(greet_calls == 1);

  // A second call into the same results vector.
  args[0] = wasm::Val::i32(-1);
  CHECK(!run->call(args, results));
  CHECK(results[0].i32() == 0 && greet_calls == 2);
  std::printf("Done.\n");
  return 0;
}
