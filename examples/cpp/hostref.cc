// hostref: foreign objects as externref values, through a global, a
// table, parameters and results, and a host function; host info and its
// finalizer.
#include "common.hh"
// ferrowasm: a wasm::Foreign* is the C API's wasm_foreign_t* (wasm.hh).
#include "wasm.h"
#undef own

using namespace wasm;

static int finalized = 0;
static void count_finalize(void* info) {
  CHECK(info != nullptr);
  ++finalized;
}

static int echoes = 0;
static auto echo(const vec<Val>& args, vec<Val>& results) -> own<Trap> {
  ++echoes;
  results[0] = args[0].copy();
  return nullptr;
}

// f(args) with one result, checked not to trap.
static auto call1(const Func* f, vec<Val> args) -> Val {
  auto results = vec<Val>::make_uninitialized(1);
  CHECK(!f->call(args, results));
  return std::move(results[0]);
}

static auto ref_of(const Ref* r) -> Val { return Val::ref(r ? r->copy() : own<Ref>()); }

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto module = load_module(store.get(), "hostref.wasm");
  auto type = FuncType::make(ownvec<ValType>::make(ValType::make(ValKind::EXTERNREF)),
                             ownvec<ValType>::make(ValType::make(ValKind::EXTERNREF)));
  auto echo_f = Func::make(store.get(), type.get(), echo);
  auto instance = Instance::make(store.get(), module.get(), vec<Extern*>::make(echo_f.get()));
  CHECK(instance);
  auto exports = instance->exports();
  auto* m = module.get();

  static int tag_a = 1, tag_b = 2;
  auto a = Foreign::make(store.get());
  auto b = Foreign::make(store.get());
  CHECK(a && b && !a->same(b.get()));
  a->set_host_info(&tag_a, count_finalize);
  b->set_host_info(&tag_b, count_finalize);
  CHECK(a->get_host_info() == &tag_a && a->copy()->get_host_info() == &tag_a);

  // Through a global.
  auto none = vec<Val>::make();
  auto no_results = vec<Val>::make();
  CHECK(!get_func(m, exports, "set_slot")->call(vec<Val>::make(ref_of(a.get())), no_results));
  Val got = call1(get_func(m, exports, "get_slot"), vec<Val>::make());
  CHECK(got.kind() == ValKind::EXTERNREF && got.ref() && got.ref()->same(a.get()));
  CHECK(got.ref()->get_host_info() == &tag_a);
  Global* slot = get_export(m, exports, "slot")->global();
  CHECK(slot->get().ref()->same(a.get()));
  slot->set(ref_of(b.get()));
  CHECK(call1(get_func(m, exports, "get_slot"), vec<Val>::make()).ref()->same(b.get()));

  // Through a table, from wasm and from the host.
  auto* put = get_func(m, exports, "put");
  auto* take = get_func(m, exports, "take");
  CHECK(!put->call(vec<Val>::make(Val::i32(3), ref_of(a.get())), no_results));
  Table* refs = get_export(m, exports, "refs")->table();
  CHECK(refs->get(3)->same(a.get()) && !refs->get(0));
  CHECK(refs->set(0, b.get()));
  CHECK(call1(take, vec<Val>::make(Val::i32(0))).ref()->same(b.get()));

  // Through a host function, and null references.
  CHECK(call1(get_func(m, exports, "via_host"), vec<Val>::make(ref_of(a.get()))).ref()->same(a.get()));
  CHECK(echoes == 1);
  auto* is_null = get_func(m, exports, "is_null");
  CHECK(call1(is_null, vec<Val>::make(Val::ref(own<Ref>()))).i32() == 1);
  CHECK(call1(is_null, vec<Val>::make(ref_of(b.get()))).i32() == 0);
  CHECK(!call1(get_func(m, exports, "via_host"), vec<Val>::make(Val())).ref());

  // Replacing host info runs the old finalizer at once; info set without
  // a finalizer reads back too.
  static int tag_c = 3;
  auto c = Foreign::make(store.get());
  c->set_host_info(&tag_c, count_finalize);
  c->set_host_info(&tag_a);
  CHECK(finalized == 1 && c->get_host_info() == &tag_a);
  // Both APIs on one object: info set through one reads back through the
  // other, finalizers included.
  auto* c_foreign = reinterpret_cast<wasm_foreign_t*>(c.get());
  CHECK(wasm_foreign_get_host_info(c_foreign) == &tag_a);
  wasm_foreign_set_host_info(c_foreign, &tag_b);
  CHECK(c->get_host_info() == &tag_b);
  c->set_host_info(&tag_c, count_finalize);
  CHECK(wasm_foreign_get_host_info(c_foreign) != nullptr && c->get_host_info() == &tag_c);
  wasm_foreign_set_host_info(c_foreign, nullptr);  // replaces: the finalizer runs
  CHECK(finalized == 2 && c->get_host_info() == nullptr);
  c.reset();

  // The other finalizers run once, when the last reference (here the
  // store's slots) goes away.
  got.reset();
  a.reset();
  b.reset();
  CHECK(finalized == 2);
  exports = ownvec<Extern>::make();
  instance.reset();
  store.reset();
  CHECK(finalized == 4);
  std::printf("Done.\n");
  return 0;
}
