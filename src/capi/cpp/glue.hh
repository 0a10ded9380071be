// The C++ API (include/wasm.hh) over the C API (include/wasm.h): the
// conversions both halves of the implementation share.
//
// A `wasm::X*` is the C API's `wasm_x_t*`: the C++ classes are empty, so
// the pointer the library hands out is the C object's, and a C++ upcast
// (Func* to Extern* to Ref*) keeps the pointer, as the C API's `_as_ref`
// and `_as_extern` casts do (src/capi/ref_foreign.rs, types.rs). Nothing
// here dereferences such a pointer; only the C API does.
//
// Vectors and values have the C layouts ({ size_t; T* }, wasm_val_t), so
// borrowed vectors and value arrays are viewed, not copied. Vectors that
// change hands are converted: C++ arrays come from new[], C arrays from the
// C API's allocator, and each is freed only by its own side.
//
// Never throws into the C API: the functions the C API calls back
// (host functions, finalizers) are noexcept and catch everything.

#ifndef FERROWASM_CPP_GLUE_HH
#define FERROWASM_CPP_GLUE_HH

#include "wasm.hh"
// wasm.h's `own` annotation macro would erase wasm.hh's own<T>.
#include "wasm.h"
#undef own

#include <cstring>

namespace wasm {
// Internal linkage: none of this is exported from the library.
namespace glue {
namespace {

static_assert(sizeof(Val) == sizeof(wasm_val_t) && alignof(Val) == alignof(wasm_val_t),
              "wasm::Val must have wasm_val_t's layout");
static_assert(sizeof(Limits) == sizeof(wasm_limits_t), "Limits must be wasm_limits_t");
static_assert(sizeof(Name) == sizeof(wasm_name_t), "vec<T> must be { size_t; T* }");
static_assert(sizeof(ownvec<ValType>) == sizeof(wasm_valtype_vec_t),
              "ownvec<T> must be { size_t; T** }");
static_assert(sizeof(own<ValType>) == sizeof(wasm_valtype_t*), "own<T> must be a pointer");
static_assert(static_cast<int>(ValKind::I32) == WASM_I32 &&
                  static_cast<int>(ValKind::I64) == WASM_I64 &&
                  static_cast<int>(ValKind::F32) == WASM_F32 &&
                  static_cast<int>(ValKind::F64) == WASM_F64 &&
                  static_cast<int>(ValKind::EXTERNREF) == WASM_EXTERNREF &&
                  static_cast<int>(ValKind::FUNCREF) == WASM_FUNCREF,
              "ValKind must be wasm_valkind_t");
static_assert(static_cast<int>(ExternKind::FUNC) == WASM_EXTERN_FUNC &&
                  static_cast<int>(ExternKind::GLOBAL) == WASM_EXTERN_GLOBAL &&
                  static_cast<int>(ExternKind::TABLE) == WASM_EXTERN_TABLE &&
                  static_cast<int>(ExternKind::MEMORY) == WASM_EXTERN_MEMORY,
              "ExternKind must be wasm_externkind_t");
static_assert(static_cast<int>(Mutability::CONST) == WASM_CONST &&
                  static_cast<int>(Mutability::VAR) == WASM_VAR,
              "Mutability must be wasm_mutability_t");

// c(p): the C object of a C++ pointer; cpp(p): the reverse.
#define FERROWASM_GLUE_PAIR(Cpp, C)                                                 \
  inline C* c(Cpp* p) { return reinterpret_cast<C*>(p); }                          \
  inline const C* c(const Cpp* p) { return reinterpret_cast<const C*>(p); }        \
  inline Cpp* cpp(C* p) { return reinterpret_cast<Cpp*>(p); }                      \
  inline const Cpp* cpp(const C* p) { return reinterpret_cast<const Cpp*>(p); }    \
  inline own<Cpp> make_owned(C* p) { return own<Cpp>(reinterpret_cast<Cpp*>(p)); }

FERROWASM_GLUE_PAIR(Config, wasm_config_t)
FERROWASM_GLUE_PAIR(Engine, wasm_engine_t)
FERROWASM_GLUE_PAIR(Store, wasm_store_t)
FERROWASM_GLUE_PAIR(ValType, wasm_valtype_t)
FERROWASM_GLUE_PAIR(ExternType, wasm_externtype_t)
FERROWASM_GLUE_PAIR(FuncType, wasm_functype_t)
FERROWASM_GLUE_PAIR(GlobalType, wasm_globaltype_t)
FERROWASM_GLUE_PAIR(TableType, wasm_tabletype_t)
FERROWASM_GLUE_PAIR(MemoryType, wasm_memorytype_t)
FERROWASM_GLUE_PAIR(ImportType, wasm_importtype_t)
FERROWASM_GLUE_PAIR(ExportType, wasm_exporttype_t)
FERROWASM_GLUE_PAIR(Ref, wasm_ref_t)
FERROWASM_GLUE_PAIR(Frame, wasm_frame_t)
FERROWASM_GLUE_PAIR(Trap, wasm_trap_t)
FERROWASM_GLUE_PAIR(Module, wasm_module_t)
FERROWASM_GLUE_PAIR(Shared<Module>, wasm_shared_module_t)
FERROWASM_GLUE_PAIR(Foreign, wasm_foreign_t)
FERROWASM_GLUE_PAIR(Extern, wasm_extern_t)
FERROWASM_GLUE_PAIR(Func, wasm_func_t)
FERROWASM_GLUE_PAIR(Global, wasm_global_t)
FERROWASM_GLUE_PAIR(Table, wasm_table_t)
FERROWASM_GLUE_PAIR(Memory, wasm_memory_t)
FERROWASM_GLUE_PAIR(Instance, wasm_instance_t)

#undef FERROWASM_GLUE_PAIR

// A borrowed C view of a C++ byte vector (an invalid vector is empty).
inline wasm_byte_vec_t view_bytes(const vec<byte_t>& v) {
  if (!v) return wasm_byte_vec_t{0, nullptr};
  return wasm_byte_vec_t{v.size(), const_cast<byte_t*>(v.get())};
}

// A borrowed C view of a C++ value vector (an invalid vector is empty).
inline wasm_val_vec_t view_vals(const vec<Val>& v) {
  if (!v) return wasm_val_vec_t{0, nullptr};
  return wasm_val_vec_t{v.size(), reinterpret_cast<wasm_val_t*>(const_cast<Val*>(v.get()))};
}

// A C copy of a C++ name (false if the name is invalid).
inline bool copy_name(const Name& n, wasm_name_t* out) {
  if (!n) return false;
  wasm_byte_vec_new(out, n.size(), n.get());
  return true;
}

// A C++ copy of a C byte vector, which is deleted.
inline vec<byte_t> take_bytes(wasm_byte_vec_t* b) {
  auto v = vec<byte_t>::make_uninitialized(b->size);
  if (b->size > 0) {
    if (v.get() == nullptr) {
      v = vec<byte_t>::invalid();
    } else {
      std::memcpy(v.get(), b->data, b->size);
    }
  }
  wasm_byte_vec_delete(b);
  return v;
}

// The elements of a C vector of owned objects, moved into a C++ vector;
// the C vector (then holding NULLs) is deleted.
template <class Cpp, class CVec>
ownvec<Cpp> take_owned(CVec* cv, void (*del)(CVec*)) {
  auto v = ownvec<Cpp>::make_uninitialized(cv->size);
  if (cv->size > 0 && v.get() == nullptr) {
    del(cv);
    return ownvec<Cpp>::invalid();
  }
  for (size_t i = 0; i < cv->size; ++i) {
    v[i] = make_owned(cv->data[i]);
    cv->data[i] = nullptr;
  }
  del(cv);
  return v;
}

}  // namespace
}  // namespace glue
}  // namespace wasm

#endif  // FERROWASM_CPP_GLUE_HH
