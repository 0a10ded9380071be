// wasm.hh: the runtime objects (references, traps, modules, externals,
// instances), each member one call of the C API (see glue.hh), plus the two
// adapters the C API calls back: host functions and finalizers given from
// C++, which must not let an exception unwind into the library.

#include <cstdio>
#include <exception>
#include <mutex>
#include <unordered_set>

#include "glue.hh"

namespace wasm {

using glue::c;
using glue::cpp;
using glue::make_owned;

// ---- references and host info -------------------------------------------------

namespace {

// Host info given with a finalizer from C++. The C API holds a pointer to
// this record and calls `finalize_host_info` (noexcept), which calls the
// embedder's finalizer; `get_host_info` recognises the record through the
// registry (so that info set through the C API on the same object reads
// back as it was set).
struct HostInfo {
  void* info;
  void (*finalizer)(void*);
};

struct HostInfoRegistry {
  std::mutex lock;
  std::unordered_set<const void*> records;
};

HostInfoRegistry& registry() {
  // Never destroyed: finalizers may run from static destructors.
  static HostInfoRegistry* r = new HostInfoRegistry;
  return *r;
}

// Called by the C API; an exception from the embedder's finalizer ends the
// program here (noexcept) instead of unwinding into the library.
void finalize_host_info(void* p) noexcept {
  auto* h = static_cast<HostInfo*>(p);
  {
    std::lock_guard<std::mutex> g(registry().lock);
    registry().records.erase(h);
  }
  h->finalizer(h->info);
  delete h;
}

}  // namespace

void Ref::destroy() { wasm_ref_delete(c(this)); }
auto Ref::copy() const -> own<Ref> { return make_owned(wasm_ref_copy(c(this))); }
auto Ref::same(const Ref* that) const -> bool { return wasm_ref_same(c(this), c(that)); }

auto Ref::get_host_info() const -> void* {
  void* p = wasm_ref_get_host_info(c(this));
  if (p == nullptr) return nullptr;
  std::lock_guard<std::mutex> g(registry().lock);
  if (registry().records.count(p) != 0) return static_cast<HostInfo*>(p)->info;
  return p;
}

void Ref::set_host_info(void* info, void (*finalizer)(void*)) {
  if (finalizer == nullptr) {
    wasm_ref_set_host_info(c(this), info);
    return;
  }
  auto* h = new HostInfo{info, finalizer};
  {
    std::lock_guard<std::mutex> g(registry().lock);
    registry().records.insert(h);
  }
  wasm_ref_set_host_info_with_finalizer(c(this), h, finalize_host_info);
}

// ---- frames and traps --------------------------------------------------------

void Frame::destroy() { wasm_frame_delete(c(this)); }
auto Frame::copy() const -> own<Frame> { return make_owned(wasm_frame_copy(c(this))); }
auto Frame::instance() const -> Instance* { return cpp(wasm_frame_instance(c(this))); }
auto Frame::func_index() const -> uint32_t { return wasm_frame_func_index(c(this)); }
auto Frame::func_offset() const -> size_t { return wasm_frame_func_offset(c(this)); }
auto Frame::module_offset() const -> size_t { return wasm_frame_module_offset(c(this)); }

void Trap::destroy() { wasm_trap_delete(c(this)); }
auto Trap::make(Store* store, const Message& msg) -> own<Trap> {
  wasm_message_t m = glue::view_bytes(msg);
  return make_owned(wasm_trap_new(c(store), &m));
}
auto Trap::copy() const -> own<Trap> { return make_owned(wasm_trap_copy(c(this))); }
auto Trap::message() const -> Message {
  wasm_message_t m;
  wasm_trap_message(c(this), &m);
  return glue::take_bytes(&m);
}
auto Trap::origin() const -> own<Frame> { return make_owned(wasm_trap_origin(c(this))); }
auto Trap::trace() const -> ownvec<Frame> {
  wasm_frame_vec_t v;
  wasm_trap_trace(c(this), &v);
  return glue::take_owned<Frame>(&v, wasm_frame_vec_delete);
}

// ---- modules -------------------------------------------------------------------

void Module::destroy() { wasm_module_delete(c(this)); }
auto Module::validate(Store* store, const vec<byte_t>& binary) -> bool {
  if (!binary) return false;
  wasm_byte_vec_t b = glue::view_bytes(binary);
  return wasm_module_validate(c(store), &b);
}
auto Module::make(Store* store, const vec<byte_t>& binary) -> own<Module> {
  if (!binary) return own<Module>();
  wasm_byte_vec_t b = glue::view_bytes(binary);
  return make_owned(wasm_module_new(c(store), &b));
}
auto Module::copy() const -> own<Module> { return make_owned(wasm_module_copy(c(this))); }
auto Module::imports() const -> ownvec<ImportType> {
  wasm_importtype_vec_t v;
  wasm_module_imports(c(this), &v);
  return glue::take_owned<ImportType>(&v, wasm_importtype_vec_delete);
}
auto Module::exports() const -> ownvec<ExportType> {
  wasm_exporttype_vec_t v;
  wasm_module_exports(c(this), &v);
  return glue::take_owned<ExportType>(&v, wasm_exporttype_vec_delete);
}
auto Module::share() const -> own<Shared<Module>> {
  return make_owned(wasm_module_share(c(this)));
}
auto Module::obtain(Store* store, const Shared<Module>* shared) -> own<Module> {
  return make_owned(wasm_module_obtain(c(store), c(shared)));
}
auto Module::serialize() const -> vec<byte_t> {
  wasm_byte_vec_t b;
  wasm_module_serialize(c(this), &b);
  return glue::take_bytes(&b);
}
auto Module::deserialize(Store* store, const vec<byte_t>& bytes) -> own<Module> {
  if (!bytes) return own<Module>();
  wasm_byte_vec_t b = glue::view_bytes(bytes);
  return make_owned(wasm_module_deserialize(c(store), &b));
}

void Shared<Module>::destroy() { wasm_shared_module_delete(c(this)); }

// ---- foreign objects and externals -----------------------------------------------

void Foreign::destroy() { wasm_foreign_delete(c(this)); }
auto Foreign::make(Store* store) -> own<Foreign> { return make_owned(wasm_foreign_new(c(store))); }
auto Foreign::copy() const -> own<Foreign> { return make_owned(wasm_foreign_copy(c(this))); }

void Extern::destroy() { wasm_extern_delete(c(this)); }
auto Extern::copy() const -> own<Extern> { return make_owned(wasm_extern_copy(c(this))); }
auto Extern::kind() const -> ExternKind {
  return static_cast<ExternKind>(wasm_extern_kind(c(this)));
}
auto Extern::type() const -> own<ExternType> { return make_owned(wasm_extern_type(c(this))); }
auto Extern::func() -> Func* { return cpp(wasm_extern_as_func(c(this))); }
auto Extern::global() -> Global* { return cpp(wasm_extern_as_global(c(this))); }
auto Extern::table() -> Table* { return cpp(wasm_extern_as_table(c(this))); }
auto Extern::memory() -> Memory* { return cpp(wasm_extern_as_memory(c(this))); }
auto Extern::func() const -> const Func* { return cpp(wasm_extern_as_func_const(c(this))); }
auto Extern::global() const -> const Global* {
  return cpp(wasm_extern_as_global_const(c(this)));
}
auto Extern::table() const -> const Table* { return cpp(wasm_extern_as_table_const(c(this))); }
auto Extern::memory() const -> const Memory* {
  return cpp(wasm_extern_as_memory_const(c(this)));
}

// ---- functions -------------------------------------------------------------------

namespace {

// What a host function made from C++ needs when the C API calls it.
struct HostFunc {
  Func::callback plain;
  Func::callback_with_env with_env;
  void* env;
  void (*finalizer)(void*);
};

// A trap with `what` for a host function that misbehaved.
wasm_trap_t* host_trap(const char* what) noexcept {
  wasm_message_t m;
  wasm_name_new_from_string_nt(&m, what);
  wasm_trap_t* t = wasm_trap_new(nullptr, &m);
  wasm_byte_vec_delete(&m);
  return t;
}

// Hands the values of `res` over to the C results (same layout).
void give_results(vec<Val>& res, wasm_val_vec_t* results) noexcept {
  for (size_t i = 0; i < results->size; ++i) {
    Val& v = res[i];
    std::memcpy(static_cast<void*>(&results->data[i]), static_cast<const void*>(&v),
                sizeof(wasm_val_t));
    // The reference (if any) now belongs to the C results.
    if (v.is_ref()) static_cast<void>(v.release_ref().release());
  }
}

// The C API's entry to a C++ host function: the arguments are viewed as a
// borrowed vec<Val>, the results gathered in a vec<Val> of the right size
// and handed over; an exception becomes a trap.
wasm_trap_t* call_host(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) noexcept {
  auto* h = static_cast<HostFunc*>(env);
  // Viewed, never freed: released again before `view` goes away.
  struct View {
    vec<Val> v;
    ~View() { static_cast<void>(v.release()); }
  } view{vec<Val>::adopt(args->size, args->size ? reinterpret_cast<Val*>(args->data) : nullptr)};
  try {
    auto res = vec<Val>::make_uninitialized(results->size);
    if (results->size > 0 && res.get() == nullptr) return host_trap("out of memory");
    own<Trap> trap = h->plain ? h->plain(view.v, res) : h->with_env(h->env, view.v, res);
    if (trap) return c(trap.release());
    if (!res || res.size() != results->size) {
      char msg[120];
      std::snprintf(msg, sizeof msg, "host function gave %zu results instead of %zu",
                    res ? res.size() : size_t{0}, results->size);
      return host_trap(msg);
    }
    give_results(res, results);
    return nullptr;
  } catch (const std::exception& e) {
    char msg[256];
    std::snprintf(msg, sizeof msg, "host function threw a C++ exception: %s", e.what());
    return host_trap(msg);
  } catch (...) {
    return host_trap("host function threw a C++ exception");
  }
}

// Called by the C API when the function goes away; noexcept, so an
// exception from the embedder's finalizer ends the program here.
void finalize_host_func(void* env) noexcept {
  auto* h = static_cast<HostFunc*>(env);
  if (h->finalizer) h->finalizer(h->env);
  delete h;
}

own<Func> make_host_func(Store* store, const FuncType* type, HostFunc* h) {
  wasm_func_t* f = wasm_func_new_with_env(c(store), c(type), call_host, h, finalize_host_func);
  // On failure the C API has already run the finalizer (it owns `h`
  // from the call on), as it does for C hosts.
  return make_owned(f);
}

}  // namespace

void Func::destroy() { wasm_func_delete(c(this)); }
auto Func::make(Store* store, const FuncType* type, callback cb) -> own<Func> {
  if (cb == nullptr) return own<Func>();
  return make_host_func(store, type, new HostFunc{cb, nullptr, nullptr, nullptr});
}
auto Func::make(Store* store, const FuncType* type, callback_with_env cb, void* env,
                void (*finalizer)(void*)) -> own<Func> {
  if (cb == nullptr) return own<Func>();
  return make_host_func(store, type, new HostFunc{nullptr, cb, env, finalizer});
}
auto Func::copy() const -> own<Func> { return make_owned(wasm_func_copy(c(this))); }
auto Func::type() const -> own<FuncType> { return make_owned(wasm_func_type(c(this))); }
auto Func::param_arity() const -> size_t { return wasm_func_param_arity(c(this)); }
auto Func::result_arity() const -> size_t { return wasm_func_result_arity(c(this)); }

auto Func::call(const vec<Val>& args, vec<Val>& results) const -> own<Trap> {
  // The C API writes owned values over the results without reading them:
  // release what they held first.
  if (results) {
    for (size_t i = 0; i < results.size(); ++i) results[i].reset();
  }
  wasm_val_vec_t a = glue::view_vals(args);
  wasm_val_vec_t r = glue::view_vals(results);
  return make_owned(wasm_func_call(c(this), &a, &r));
}

// ---- globals, tables, memories ---------------------------------------------------

void Global::destroy() { wasm_global_delete(c(this)); }
auto Global::make(Store* store, const GlobalType* type, const Val& val) -> own<Global> {
  return make_owned(wasm_global_new(c(store), c(type), reinterpret_cast<const wasm_val_t*>(&val)));
}
auto Global::copy() const -> own<Global> { return make_owned(wasm_global_copy(c(this))); }
auto Global::type() const -> own<GlobalType> { return make_owned(wasm_global_type(c(this))); }
auto Global::get() const -> Val {
  Val v;  // a null reference: nothing to release when overwritten
  wasm_global_get(c(this), reinterpret_cast<wasm_val_t*>(&v));
  return v;
}
void Global::set(const Val& val) {
  wasm_global_set(c(this), reinterpret_cast<const wasm_val_t*>(&val));
}

// The C API takes the (borrowed) initial and stored references as
// non-const pointers; it does not modify them.
static wasm_ref_t* borrowed_ref(const Ref* r) { return const_cast<wasm_ref_t*>(c(r)); }

void Table::destroy() { wasm_table_delete(c(this)); }
auto Table::make(Store* store, const TableType* type, const Ref* init) -> own<Table> {
  return make_owned(wasm_table_new(c(store), c(type), borrowed_ref(init)));
}
auto Table::copy() const -> own<Table> { return make_owned(wasm_table_copy(c(this))); }
auto Table::type() const -> own<TableType> { return make_owned(wasm_table_type(c(this))); }
auto Table::get(size_t index) const -> own<Ref> {
  return make_owned(wasm_table_get(c(this), index));
}
auto Table::set(size_t index, const Ref* r) -> bool {
  return wasm_table_set(c(this), index, borrowed_ref(r));
}
auto Table::size() const -> size_t { return wasm_table_size(c(this)); }
auto Table::grow(size_t delta, const Ref* init) -> bool {
  return wasm_table_grow(c(this), delta, borrowed_ref(init));
}

const size_t Memory::page_size;

void Memory::destroy() { wasm_memory_delete(c(this)); }
auto Memory::make(Store* store, const MemoryType* type) -> own<Memory> {
  return make_owned(wasm_memory_new(c(store), c(type)));
}
auto Memory::copy() const -> own<Memory> { return make_owned(wasm_memory_copy(c(this))); }
auto Memory::type() const -> own<MemoryType> { return make_owned(wasm_memory_type(c(this))); }
auto Memory::data() const -> byte_t* {
  // The C API gives the data of a non-const memory; this call changes
  // nothing.
  return wasm_memory_data(const_cast<wasm_memory_t*>(c(this)));
}
auto Memory::data_size() const -> size_t { return wasm_memory_data_size(c(this)); }
auto Memory::size() const -> pages_t { return wasm_memory_size(c(this)); }
auto Memory::grow(pages_t delta) -> bool { return wasm_memory_grow(c(this), delta); }

// ---- instances -------------------------------------------------------------------

void Instance::destroy() { wasm_instance_delete(c(this)); }
auto Instance::make(Store* store, const Module* module, const vec<Extern*>& imports,
                    own<Trap>* trap) -> own<Instance> {
  // vec<Extern*> is laid out as wasm_extern_vec_t; the C API borrows it.
  wasm_extern_vec_t i = {imports ? imports.size() : 0,
                         imports ? reinterpret_cast<wasm_extern_t**>(
                                       const_cast<Extern**>(imports.get()))
                                 : nullptr};
  wasm_trap_t* t = nullptr;
  wasm_instance_t* inst = wasm_instance_new(c(store), c(module), &i, &t);
  own<Trap> got = make_owned(t);
  if (trap != nullptr) *trap = std::move(got);
  return make_owned(inst);
}
auto Instance::copy() const -> own<Instance> { return make_owned(wasm_instance_copy(c(this))); }
auto Instance::exports() const -> ownvec<Extern> {
  wasm_extern_vec_t v;
  wasm_instance_exports(c(this), &v);
  return glue::take_owned<Extern>(&v, wasm_extern_vec_delete);
}

}  // namespace wasm
