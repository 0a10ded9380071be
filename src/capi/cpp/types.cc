// wasm.hh: the runtime environment (Config, Engine, Store) and the type
// representations, each member one call of the C API (see glue.hh).

#include "glue.hh"

namespace wasm {

using glue::c;
using glue::cpp;
using glue::make_owned;

// ---- runtime environment ---------------------------------------------------

void Config::destroy() { wasm_config_delete(c(this)); }
auto Config::make() -> own<Config> { return make_owned(wasm_config_new()); }

void Engine::destroy() { wasm_engine_delete(c(this)); }
auto Engine::make(own<Config>&& config) -> own<Engine> {
  return make_owned(wasm_engine_new_with_config(c(config.release())));
}

void Store::destroy() { wasm_store_delete(c(this)); }
auto Store::make(Engine* engine) -> own<Store> { return make_owned(wasm_store_new(c(engine))); }

// ---- value types -------------------------------------------------------------

void ValType::destroy() { wasm_valtype_delete(c(this)); }
auto ValType::make(ValKind kind) -> own<ValType> {
  return make_owned(wasm_valtype_new(static_cast<wasm_valkind_t>(kind)));
}
auto ValType::copy() const -> own<ValType> { return make_owned(wasm_valtype_copy(c(this))); }
auto ValType::kind() const -> ValKind { return static_cast<ValKind>(wasm_valtype_kind(c(this))); }

// ---- external types ------------------------------------------------------------

void ExternType::destroy() { wasm_externtype_delete(c(this)); }
auto ExternType::copy() const -> own<ExternType> {
  return make_owned(wasm_externtype_copy(c(this)));
}
auto ExternType::kind() const -> ExternKind {
  return static_cast<ExternKind>(wasm_externtype_kind(c(this)));
}
auto ExternType::func() -> FuncType* { return cpp(wasm_externtype_as_functype(c(this))); }
auto ExternType::global() -> GlobalType* { return cpp(wasm_externtype_as_globaltype(c(this))); }
auto ExternType::table() -> TableType* { return cpp(wasm_externtype_as_tabletype(c(this))); }
auto ExternType::memory() -> MemoryType* { return cpp(wasm_externtype_as_memorytype(c(this))); }
auto ExternType::func() const -> const FuncType* {
  return cpp(wasm_externtype_as_functype_const(c(this)));
}
auto ExternType::global() const -> const GlobalType* {
  return cpp(wasm_externtype_as_globaltype_const(c(this)));
}
auto ExternType::table() const -> const TableType* {
  return cpp(wasm_externtype_as_tabletype_const(c(this)));
}
auto ExternType::memory() const -> const MemoryType* {
  return cpp(wasm_externtype_as_memorytype_const(c(this)));
}

// ---- function types ------------------------------------------------------------

namespace {

// Moves the types out of `v` into a new C vector; false if `v` is invalid
// or holds a null type (`v` is consumed either way).
bool take_valtypes(ownvec<ValType>& v, wasm_valtype_vec_t* out) {
  if (!v) return false;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i]) {
      v.reset();
      return false;
    }
  }
  wasm_valtype_vec_new_uninitialized(out, v.size());
  for (size_t i = 0; i < v.size(); ++i) out->data[i] = c(v[i].release());
  v.reset();
  return true;
}

// A C++ vector viewed as the C vector it is laid out as (glue.hh asserts
// the layout); the C API keeps the vector, the caller only reads it.
const ownvec<ValType>& as_cpp(const wasm_valtype_vec_t* v) {
  return *reinterpret_cast<const ownvec<ValType>*>(v);
}

}  // namespace

void FuncType::destroy() { wasm_functype_delete(c(this)); }
auto FuncType::make(ownvec<ValType>&& params, ownvec<ValType>&& results) -> own<FuncType> {
  wasm_valtype_vec_t p, r;
  if (!take_valtypes(params, &p)) {
    results.reset();
    return own<FuncType>();
  }
  if (!take_valtypes(results, &r)) {
    wasm_valtype_vec_delete(&p);
    return own<FuncType>();
  }
  return make_owned(wasm_functype_new(&p, &r));
}
auto FuncType::copy() const -> own<FuncType> { return make_owned(wasm_functype_copy(c(this))); }
auto FuncType::params() const -> const ownvec<ValType>& {
  return as_cpp(wasm_functype_params(c(this)));
}
auto FuncType::results() const -> const ownvec<ValType>& {
  return as_cpp(wasm_functype_results(c(this)));
}

// ---- global, table and memory types -------------------------------------------

void GlobalType::destroy() { wasm_globaltype_delete(c(this)); }
auto GlobalType::make(own<ValType>&& content, Mutability mut) -> own<GlobalType> {
  return make_owned(
      wasm_globaltype_new(c(content.release()), static_cast<wasm_mutability_t>(mut)));
}
auto GlobalType::copy() const -> own<GlobalType> {
  return make_owned(wasm_globaltype_copy(c(this)));
}
auto GlobalType::content() const -> const ValType* {
  return cpp(wasm_globaltype_content(c(this)));
}
auto GlobalType::mutability() const -> Mutability {
  return static_cast<Mutability>(wasm_globaltype_mutability(c(this)));
}

void TableType::destroy() { wasm_tabletype_delete(c(this)); }
auto TableType::make(own<ValType>&& element, Limits limits) -> own<TableType> {
  wasm_limits_t l = {limits.min, limits.max};
  return make_owned(wasm_tabletype_new(c(element.release()), &l));
}
auto TableType::copy() const -> own<TableType> { return make_owned(wasm_tabletype_copy(c(this))); }
auto TableType::element() const -> const ValType* {
  return cpp(wasm_tabletype_element(c(this)));
}
auto TableType::limits() const -> const Limits& {
  // wasm_limits_t is laid out as Limits (glue.hh); the type keeps it.
  return *reinterpret_cast<const Limits*>(wasm_tabletype_limits(c(this)));
}

void MemoryType::destroy() { wasm_memorytype_delete(c(this)); }
auto MemoryType::make(Limits limits) -> own<MemoryType> {
  wasm_limits_t l = {limits.min, limits.max};
  return make_owned(wasm_memorytype_new(&l));
}
auto MemoryType::copy() const -> own<MemoryType> {
  return make_owned(wasm_memorytype_copy(c(this)));
}
auto MemoryType::limits() const -> const Limits& {
  return *reinterpret_cast<const Limits*>(wasm_memorytype_limits(c(this)));
}

// ---- import and export types ---------------------------------------------------

namespace {

// A name viewed as the C name it is laid out as; the type keeps it.
const Name& as_cpp(const wasm_name_t* n) { return *reinterpret_cast<const Name*>(n); }

}  // namespace

void ImportType::destroy() { wasm_importtype_delete(c(this)); }
auto ImportType::make(Name&& module, Name&& name, own<ExternType>&& type) -> own<ImportType> {
  wasm_name_t m, n;
  if (!type || !glue::copy_name(module, &m)) return own<ImportType>();
  if (!glue::copy_name(name, &n)) {
    wasm_name_delete(&m);
    return own<ImportType>();
  }
  module.reset();
  name.reset();
  return make_owned(wasm_importtype_new(&m, &n, c(type.release())));
}
auto ImportType::copy() const -> own<ImportType> {
  return make_owned(wasm_importtype_copy(c(this)));
}
auto ImportType::module() const -> const Name& { return as_cpp(wasm_importtype_module(c(this))); }
auto ImportType::name() const -> const Name& { return as_cpp(wasm_importtype_name(c(this))); }
auto ImportType::type() const -> const ExternType* { return cpp(wasm_importtype_type(c(this))); }

void ExportType::destroy() { wasm_exporttype_delete(c(this)); }
auto ExportType::make(Name&& name, own<ExternType>&& type) -> own<ExportType> {
  wasm_name_t n;
  if (!type || !glue::copy_name(name, &n)) return own<ExportType>();
  name.reset();
  return make_owned(wasm_exporttype_new(&n, c(type.release())));
}
auto ExportType::copy() const -> own<ExportType> {
  return make_owned(wasm_exporttype_copy(c(this)));
}
auto ExportType::name() const -> const Name& { return as_cpp(wasm_exporttype_name(c(this))); }
auto ExportType::type() const -> const ExternType* { return cpp(wasm_exporttype_type(c(this))); }

}  // namespace wasm
