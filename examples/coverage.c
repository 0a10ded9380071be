// coverage: every function of wasm.h that the other examples do not call,
// through the generic parts of the API: for each reference kind copy,
// same, host info (finalizers counted), views to and from wasm_ref_t and
// wasm_extern_t (const and not); for each type copy and every vector
// operation; configs. Run under AddressSanitizer and valgrind it shows that
// ownership is right everywhere.
#include "common.h"
#include "ferrowasm.h"

static int finalized = 0;
static void fin(void* p) { (void)p; finalized++; }

// The reference functions of kind X on object `o` (which stays owned by
// the caller): copy, same, host info, views.
#define CHECK_REF(X, o) do { \
  wasm_##X##_t* c = wasm_##X##_copy(o); \
  CHECK(c && wasm_##X##_same(c, o)); \
  wasm_##X##_set_host_info(c, (void*)7); \
  CHECK(wasm_##X##_get_host_info(o) == (void*)7); \
  wasm_##X##_set_host_info_with_finalizer(o, (void*)8, fin); \
  CHECK(wasm_##X##_get_host_info(c) == (void*)8); \
  wasm_ref_t* r = wasm_##X##_as_ref(c); \
  CHECK(wasm_ref_as_##X(r) == c && wasm_ref_as_##X##_const(r) == c); \
  CHECK(wasm_##X##_as_ref_const(c) == r); \
  CHECK(wasm_ref_get_host_info(r) == (void*)8); \
  wasm_ref_t* rc = wasm_ref_copy(r); \
  CHECK(wasm_ref_same(rc, r)); \
  wasm_ref_set_host_info(rc, (void*)9); \
  CHECK(wasm_##X##_get_host_info(o) == (void*)9); \
  wasm_ref_delete(rc); \
  wasm_##X##_delete(c); \
} while (0)

// The extern views of kind X on object `o`.
#define CHECK_EXTERN(X, o, kind) do { \
  wasm_extern_t* e = wasm_##X##_as_extern(o); \
  CHECK(wasm_extern_kind(e) == kind); \
  CHECK(wasm_##X##_as_extern_const(o) == e); \
  CHECK(wasm_extern_as_##X(e) == o && wasm_extern_as_##X##_const(e) == o); \
  wasm_extern_t* ec = wasm_extern_copy(e); \
  CHECK(wasm_extern_same(ec, e)); \
  wasm_extern_set_host_info_with_finalizer(ec, (void*)10, fin); \
  CHECK(wasm_extern_get_host_info(e) == (void*)10); \
  wasm_extern_set_host_info(ec, NULL); \
  CHECK(wasm_extern_as_ref(ec) == wasm_extern_as_ref_const(ec)); \
  CHECK(wasm_ref_as_extern(wasm_extern_as_ref(ec)) == ec); \
  CHECK(wasm_ref_as_extern_const(wasm_extern_as_ref(ec)) == ec); \
  wasm_externtype_t* et = wasm_extern_type(ec); \
  CHECK(wasm_externtype_kind(et) == kind); \
  wasm_externtype_delete(et); \
  wasm_extern_delete(ec); \
} while (0)

// The vector functions of element type X (pointers to copyable objects);
// `one` stays the caller's.
#define CHECK_VEC(X, one) do { \
  wasm_##X##_vec_t v, c, e, u; \
  wasm_##X##_t* elems[2] = { wasm_##X##_copy(one), wasm_##X##_copy(one) }; \
  wasm_##X##_vec_new(&v, 2, elems); \
  wasm_##X##_vec_copy(&c, &v); \
  CHECK(c.size == 2 && c.data[1] != NULL && c.data[1] != v.data[1]); \
  wasm_##X##_vec_new_empty(&e); \
  CHECK(e.size == 0); \
  wasm_##X##_vec_new_uninitialized(&u, 3); \
  CHECK(u.size == 3); \
  u.data[0] = wasm_##X##_copy(one); \
  wasm_##X##_vec_delete(&v); \
  wasm_##X##_vec_delete(&c); \
  wasm_##X##_vec_delete(&e); \
  wasm_##X##_vec_delete(&u); \
  CHECK(v.size == 0 && v.data == NULL); \
} while (0)

// The extern-type views of type X.
#define CHECK_TYPE_VIEWS(X, t, kind) do { \
  wasm_externtype_t* et = wasm_##X##_as_externtype(t); \
  CHECK(wasm_externtype_kind(et) == kind); \
  CHECK(wasm_##X##_as_externtype_const(t) == et); \
  CHECK(wasm_externtype_as_##X(et) == t && wasm_externtype_as_##X##_const(et) == t); \
} while (0)

int main(void) {
  wasm_config_t* config = wasm_config_new();
  CHECK(config);
  CHECK(ferrowasm_config_set_tier(config, FERROWASM_TIER_JIT));
  CHECK(!ferrowasm_config_set_tier(config, 99));
  CHECK(ferrowasm_config_set_tier(config, FERROWASM_TIER_AUTO));
  CHECK(ferrowasm_config_set_tier(config, FERROWASM_TIER_INTERP));
  ferrowasm_config_set_max_stack_bytes(config, 1 << 20);
  ferrowasm_config_set_max_call_depth(config, 1000);
  ferrowasm_config_set_max_memory_pages(config, 16);
  ferrowasm_config_set_max_table_elements(config, 1000);
  wasm_config_delete(wasm_config_new());
  // Each proposal is on by default; switched off, a module using it does
  // not validate.
  static const char two_memories[] = "\0asm\1\0\0\0\5\5\2\0\0\0\0";
  static const char v128_type[] = "\0asm\1\0\0\0\1\5\1\x60\1\x7b\0";
  static const char tail_call[] = "\0asm\1\0\0\0\1\4\1\x60\0\0\3\2\1\0\n\6\1\4\0\x12\0\x0b";
  // (global i32 (i32.add (i32.const 1) (i32.const 2)))
  static const char ext_const[] = "\0asm\1\0\0\0\6\x09\1\x7f\0\x41\1\x41\2\x6a\x0b";
  // (func (param i64 i64 i64 i64) (result i64 i64) local.get 0..3 i64.add128)
  static const char wide[] = "\0asm\1\0\0\0\1\x0a\1\x60\4\x7e\x7e\x7e\x7e\2\x7e\x7e"
                             "\3\2\1\0\n\x0e\1\x0c\0\x20\0\x20\1\x20\2\x20\3\xfc\x13\x0b";
  // (memory i64 0)
  static const char mem64[] = "\0asm\1\0\0\0\5\3\1\4\0";
  // (memory 0 (pagesize 1))
  static const char page1[] = "\0asm\1\0\0\0\5\4\1\x08\0\0";
  // (tag) of type [] -> []
  static const char tag[] = "\0asm\1\0\0\0\1\4\1\x60\0\0\x0d\3\1\0\0";
  static const struct {
    const char* bytes;
    size_t size;
    void (*set)(wasm_config_t*, bool);
  } features[] = {
    { two_memories, sizeof two_memories - 1, ferrowasm_config_set_multi_memory },
    { v128_type, sizeof v128_type - 1, ferrowasm_config_set_simd },
    { tail_call, sizeof tail_call - 1, ferrowasm_config_set_tail_call },
    { ext_const, sizeof ext_const - 1, ferrowasm_config_set_extended_const },
    { wide, sizeof wide - 1, ferrowasm_config_set_wide_arithmetic },
    { mem64, sizeof mem64 - 1, ferrowasm_config_set_memory64 },
    { page1, sizeof page1 - 1, ferrowasm_config_set_custom_page_sizes },
    { tag, sizeof tag - 1, ferrowasm_config_set_exceptions },
  };
  for (size_t f = 0; f < sizeof features / sizeof features[0]; f++) {
    wasm_byte_vec_t bin = { features[f].size, (wasm_byte_t*)features[f].bytes };
    for (int on = 0; on < 2; on++) {
      wasm_config_t* c = wasm_config_new();
      if (!on) features[f].set(c, false);
      wasm_engine_t* e = wasm_engine_new_with_config(c);
      wasm_store_t* s = wasm_store_new(e);
      CHECK(wasm_module_validate(s, &bin) == (on == 1));
      wasm_store_delete(s);
      wasm_engine_delete(e);
    }
    features[f].set(NULL, false);  // a null config is ignored
  }
  wasm_engine_t* engine = wasm_engine_new_with_config(config);  // takes the config
  CHECK(engine);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "coverage.wasm");
  wasm_instance_t* instance = wasm_instance_new(store, module, NULL, NULL);
  CHECK(instance);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* f = wasm_extern_as_func(exports.data[0]);
  wasm_global_t* g = wasm_extern_as_global(exports.data[1]);
  wasm_table_t* t = wasm_extern_as_table(exports.data[2]);
  wasm_memory_t* m = wasm_extern_as_memory(exports.data[3]);
  CHECK(f && g && t && m);

  // The engine's limits apply: 16 pages at most.
  wasm_limits_t l17 = { 17, wasm_limits_max_default };
  wasm_memorytype_t* mt17 = wasm_memorytype_new(&l17);
  CHECK(wasm_memory_new(store, mt17) == NULL);
  wasm_memorytype_delete(mt17);
  CHECK(!wasm_memory_grow(m, 16) && wasm_memory_grow(m, 15));

  // References of every kind.
  CHECK_REF(func, f);
  CHECK_REF(global, g);
  CHECK_REF(table, t);
  CHECK_REF(memory, m);
  CHECK_REF(instance, instance);
  CHECK_REF(module, module);
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  CHECK_REF(foreign, foreign);
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "x");
  wasm_trap_t* trap = wasm_trap_new(store, &msg);
  wasm_name_delete(&msg);
  CHECK_REF(trap, trap);
  // A view of one kind is not another kind.
  CHECK(wasm_ref_as_func(wasm_global_as_ref(g)) == NULL);
  CHECK(wasm_ref_as_extern(wasm_module_as_ref(module)) == NULL);
  CHECK(wasm_ref_as_trap_const(wasm_foreign_as_ref_const(foreign)) == NULL);
  CHECK(wasm_ref_as_instance_const(wasm_func_as_ref_const(f)) == NULL);
  CHECK(wasm_ref_as_module_const(wasm_table_as_ref_const(t)) == NULL);
  CHECK(wasm_ref_as_global_const(wasm_memory_as_ref_const(m)) == NULL);
  CHECK(wasm_ref_as_table_const(wasm_instance_as_ref_const(instance)) == NULL);
  CHECK(wasm_ref_as_memory_const(wasm_trap_as_ref_const(trap)) == NULL);
  CHECK(wasm_ref_as_foreign_const(wasm_module_as_ref_const(module)) == NULL);
  CHECK(wasm_ref_as_global(wasm_table_as_ref(t)) == NULL);
  CHECK(wasm_ref_as_table(wasm_memory_as_ref(m)) == NULL);
  CHECK(wasm_ref_as_memory(wasm_instance_as_ref(instance)) == NULL);
  CHECK(wasm_ref_as_instance(wasm_trap_as_ref(trap)) == NULL);
  CHECK(wasm_ref_as_module(wasm_foreign_as_ref(foreign)) == NULL);
  CHECK(wasm_ref_as_trap(wasm_module_as_ref(module)) == NULL);
  CHECK(wasm_ref_as_func_const(wasm_memory_as_ref_const(m)) == NULL);
  CHECK(wasm_memory_same(m, wasm_extern_as_memory(exports.data[3])));
  CHECK(wasm_table_same(t, wasm_extern_as_table(exports.data[2])));
  CHECK(!wasm_table_same(t, NULL));

  // Externs of every kind.
  CHECK_EXTERN(func, f, WASM_EXTERN_FUNC);
  CHECK_EXTERN(global, g, WASM_EXTERN_GLOBAL);
  CHECK_EXTERN(table, t, WASM_EXTERN_TABLE);
  CHECK_EXTERN(memory, m, WASM_EXTERN_MEMORY);
  wasm_extern_vec_t ev, ec, ee, eu;
  wasm_extern_t* two[2] = { wasm_extern_copy(exports.data[0]), wasm_extern_copy(exports.data[1]) };
  wasm_extern_vec_new(&ev, 2, two);
  wasm_extern_vec_copy(&ec, &ev);
  CHECK(wasm_extern_same(ec.data[1], exports.data[1]));
  wasm_extern_vec_new_empty(&ee);
  wasm_extern_vec_new_uninitialized(&eu, 2);
  CHECK(eu.size == 2);
  wasm_extern_vec_delete(&ev); wasm_extern_vec_delete(&ec);
  wasm_extern_vec_delete(&ee); wasm_extern_vec_delete(&eu);

  // Types: copies, views, vectors.
  wasm_functype_t* ft = wasm_func_type(f);
  wasm_globaltype_t* gt = wasm_global_type(g);
  wasm_tabletype_t* tt = wasm_table_type(t);
  wasm_memorytype_t* mt = wasm_memory_type(m);
  // The 64-bit views agree with wasm.h's for a 32-bit memory.
  CHECK(ferrowasm_memory_size64(m) == wasm_memory_size(m));
  CHECK(ferrowasm_memory_size64(NULL) == 0);
  CHECK(!ferrowasm_memorytype_is64(mt) && !ferrowasm_tabletype_is64(tt));
  CHECK(ferrowasm_memorytype_page_size_log2(mt) == 16);
  {
    uint64_t lo = 0, hi = 0;
    CHECK(ferrowasm_memorytype_limits64(mt, &lo, &hi));
    CHECK(lo == wasm_memorytype_limits(mt)->min);
    CHECK(hi == (wasm_memorytype_limits(mt)->max == wasm_limits_max_default
                     ? UINT64_MAX : wasm_memorytype_limits(mt)->max));
    CHECK(!ferrowasm_memorytype_limits64(mt, NULL, &hi));
  }
  CHECK(wasm_functype_results(ft)->size == 1);
  CHECK_TYPE_VIEWS(functype, ft, WASM_EXTERN_FUNC);
  CHECK_TYPE_VIEWS(globaltype, gt, WASM_EXTERN_GLOBAL);
  CHECK_TYPE_VIEWS(tabletype, tt, WASM_EXTERN_TABLE);
  CHECK_TYPE_VIEWS(memorytype, mt, WASM_EXTERN_MEMORY);
  CHECK(wasm_externtype_as_memorytype(wasm_functype_as_externtype(ft)) == NULL);
  CHECK(wasm_externtype_as_tabletype(wasm_globaltype_as_externtype(gt)) == NULL);
  CHECK_VEC(functype, ft);
  CHECK_VEC(globaltype, gt);
  CHECK_VEC(tabletype, tt);
  CHECK_VEC(memorytype, mt);
  wasm_valtype_t* f32t = wasm_valtype_new_f32();
  CHECK_VEC(valtype, f32t);
  wasm_valtype_delete(f32t);
  CHECK_VEC(externtype, wasm_functype_as_externtype(ft));
  wasm_exporttype_vec_t exts;
  wasm_module_exports(module, &exts);
  wasm_importtype_vec_t imts;
  wasm_name_t mn, nn, en;
  wasm_name_new_from_string(&mn, "a");
  wasm_name_new_from_string(&nn, "b");
  wasm_name_new_from_string(&en, "e");
  wasm_importtype_t* it = wasm_importtype_new(&mn, &nn, wasm_externtype_copy(wasm_tabletype_as_externtype(tt)));
  wasm_exporttype_t* et = wasm_exporttype_new(&en, wasm_externtype_copy(wasm_memorytype_as_externtype(mt)));
  CHECK(wasm_externtype_kind(wasm_exporttype_type(et)) == WASM_EXTERN_MEMORY);
  CHECK(wasm_importtype_name(it)->size == 1 && wasm_importtype_module(it)->data[0] == 'a');
  CHECK_VEC(importtype, it);
  CHECK_VEC(exporttype, et);
  wasm_importtype_delete(it);
  wasm_exporttype_delete(et);
  wasm_importtype_vec_new_empty(&imts);
  wasm_importtype_vec_delete(&imts);
  wasm_exporttype_delete(wasm_exporttype_copy(exts.data[0]));
  wasm_importtype_delete(NULL);
  wasm_exporttype_vec_delete(&exts);

  // Frames: vectors of frames.
  wasm_val_t arg[1] = { WASM_I32_VAL(1) };
  wasm_val_t res[1] = { WASM_INIT_VAL };
  wasm_val_vec_t av = WASM_ARRAY_VEC(arg), rv = WASM_ARRAY_VEC(res);
  CHECK(wasm_func_call(f, &av, &rv) == NULL && res[0].of.i32 == 1);
  wasm_frame_vec_t fv, fc, fe, fu;
  wasm_frame_vec_new_empty(&fe);
  wasm_frame_vec_new_uninitialized(&fu, 1);
  wasm_frame_vec_new(&fv, 0, NULL);
  wasm_frame_vec_copy(&fc, &fv);
  wasm_frame_vec_delete(&fe); wasm_frame_vec_delete(&fu);
  wasm_frame_vec_delete(&fv); wasm_frame_vec_delete(&fc);

  // Bytes and values.
  wasm_byte_vec_t b;
  wasm_byte_vec_new_empty(&b);
  CHECK(b.size == 0);
  wasm_byte_vec_delete(&b);
  wasm_val_vec_t vv;
  wasm_val_vec_new_empty(&vv);
  wasm_val_vec_delete(&vv);
  wasm_valtype_t* vt = wasm_valtype_new_funcref();
  wasm_valtype_t* vtc = wasm_valtype_copy(vt);
  CHECK(wasm_valtype_kind(vtc) == WASM_FUNCREF && wasm_valtype_is_ref(vtc));
  wasm_valtype_delete(vt); wasm_valtype_delete(vtc);
  wasm_valtype_vec_t vtv;
  wasm_valtype_vec_new_empty(&vtv);
  wasm_valtype_vec_delete(&vtv);
  wasm_val_t pv;
  wasm_val_init_ptr(&pv, &finalized);
  CHECK(wasm_val_ptr(&pv) == &finalized);

  wasm_functype_delete(ft); wasm_globaltype_delete(gt);
  wasm_tabletype_delete(tt); wasm_memorytype_delete(mt);
  wasm_trap_delete(trap);
  wasm_foreign_delete(foreign);
  // Each kind's finalizer ran once, when its info was replaced in the
  // checks above: 8 reference kinds and 4 extern views.
  CHECK(finalized == 12);
  // A module goes with its last handle; an instance with its store.
  wasm_module_set_host_info_with_finalizer(module, NULL, fin);
  wasm_instance_set_host_info_with_finalizer(instance, NULL, fin);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  CHECK(finalized == 13);
  wasm_store_delete(store);
  CHECK(finalized == 14);
  wasm_engine_delete(engine);
  printf("finalizers run: %d\n", finalized);
  printf("Done.\n");
  return 0;
}
