// serialize: a module serialized, deserialized (in another store, too) and
// run; damaged or foreign data is rejected, never trusted.
#include "common.h"
#include "ferrowasm.h"

static int32_t run(wasm_store_t* store, wasm_module_t* module, int32_t x) {
  wasm_globaltype_t* gty = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t base = WASM_I32_VAL(1000);
  wasm_global_t* g = wasm_global_new(store, gty, &base);
  wasm_globaltype_delete(gty);
  wasm_extern_t* imps[] = { wasm_global_as_extern(g) };
  wasm_extern_vec_t iv = WASM_ARRAY_VEC(imps);
  wasm_instance_t* instance = wasm_instance_new(store, module, &iv, NULL);
  CHECK(instance);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t a[1] = { WASM_I32_VAL(x) };
  wasm_val_t r[1] = { WASM_INIT_VAL };
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(wasm_extern_as_func(exports.data[0]), &av, &rv) == NULL);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(g);
  return r[0].of.i32;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "serialize.wasm");

  wasm_byte_vec_t blob;
  wasm_module_serialize(module, &blob);
  printf("serialized: %zu bytes\n", blob.size);
  CHECK(blob.size > 8);
  wasm_module_delete(module);

  wasm_module_t* back = wasm_module_deserialize(store, &blob);
  CHECK(back);
  wasm_importtype_vec_t imports;
  wasm_module_imports(back, &imports);
  CHECK(imports.size == 1);
  wasm_importtype_vec_delete(&imports);
  CHECK(run(store, back, 23) == 1023);

  // In a second store of the same engine.
  wasm_store_t* other = wasm_store_new(engine);
  wasm_module_t* back2 = wasm_module_deserialize(other, &blob);
  CHECK(back2 && run(other, back2, 1) == 1001);
  wasm_module_delete(back2);
  wasm_store_delete(other);

  // Serializing the deserialized module gives the same bytes.
  wasm_byte_vec_t blob2;
  wasm_module_serialize(back, &blob2);
  CHECK(blob2.size == blob.size && memcmp(blob2.data, blob.data, blob.size) == 0);
  wasm_byte_vec_delete(&blob2);
  wasm_module_delete(back);

  // Garbage, a plain wasm binary, a flipped bit, a cut end, and a version
  // bump are all rejected.
  wasm_byte_vec_t bad;
  wasm_byte_vec_new(&bad, 7, "garbage");
  CHECK(wasm_module_deserialize(store, &bad) == NULL);
  printf("garbage: %s\n", ferrowasm_last_error_message());
  wasm_byte_vec_delete(&bad);
  wasm_byte_vec_t wasm;
  load_file("serialize.wasm", &wasm);
  CHECK(wasm_module_deserialize(store, &wasm) == NULL);
  wasm_byte_vec_delete(&wasm);
  for (size_t i = 0; i < blob.size; i += 7) {
    wasm_byte_vec_copy(&bad, &blob);
    bad.data[i] ^= 0x10;
    CHECK(wasm_module_deserialize(store, &bad) == NULL);
    wasm_byte_vec_delete(&bad);
  }
  wasm_byte_vec_copy(&bad, &blob);
  bad.size--;  // the library allocated `size` bytes; restore before deleting
  CHECK(wasm_module_deserialize(store, &bad) == NULL);
  bad.size++;
  bad.data[8]++;  // format version
  CHECK(wasm_module_deserialize(store, &bad) == NULL);
  printf("other version: %s\n", ferrowasm_last_error_message());
  wasm_byte_vec_delete(&bad);
  CHECK(wasm_module_deserialize(store, NULL) == NULL);

  wasm_byte_vec_delete(&blob);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
