/* A C host built against an installed ferrowasm (ci/install_test.sh):
 * compiles a small module with wasm.h, calls add(2, 3) and prints
 * "add(2, 3) = 5". Exit status 0 only when everything worked. */
#include <stdio.h>
#include <wasm.h>

/* (module (func (export "add") (param i32 i32) (result i32)
 *   (i32.add (local.get 0) (local.get 1)))) */
static const unsigned char ADD[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,             /* header */
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,       /* type */
    0x03, 0x02, 0x01, 0x00,                                     /* func */
    0x07, 0x07, 0x01, 0x03, 'a', 'd', 'd', 0x00, 0x00,          /* export */
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, /* code */
};

int main(void) {
    int status = 1;
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t bytes;
    wasm_byte_vec_new(&bytes, sizeof ADD, (const wasm_byte_t *)ADD);
    wasm_module_t *module = wasm_module_new(store, &bytes);
    wasm_byte_vec_delete(&bytes);
    if (!module) {
        fprintf(stderr, "host: the module does not compile\n");
        goto out;
    }
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) {
        fprintf(stderr, "host: cannot instantiate\n");
        goto out_module;
    }
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t *add = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
    if (add) {
        wasm_val_t args_v[2] = {WASM_I32_VAL(2), WASM_I32_VAL(3)};
        wasm_val_t results_v[1] = {WASM_INIT_VAL};
        wasm_val_vec_t args = WASM_ARRAY_VEC(args_v);
        wasm_val_vec_t results = WASM_ARRAY_VEC(results_v);
        wasm_trap_t *trap = wasm_func_call(add, &args, &results);
        if (trap) {
            fprintf(stderr, "host: add trapped\n");
            wasm_trap_delete(trap);
        } else if (results_v[0].of.i32 == 5) {
            printf("add(2, 3) = %d\n", results_v[0].of.i32);
            status = 0;
        }
    }
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
out_module:
    wasm_module_delete(module);
out:
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return status;
}
