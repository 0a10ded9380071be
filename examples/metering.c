// metering: fuel and interruption (include/ferrowasm.h). Fuel bounds the
// instructions a store runs, deterministically (the same amount on every
// tier); an interrupt handle stops a runaway loop from another thread.
// Either way the call traps and the store stays usable.
#include <pthread.h>
#include <time.h>
#include "common.h"
#include "ferrowasm.h"

static wasm_trap_t* call_i32(wasm_func_t* f, int32_t arg, int32_t* result) {
  wasm_val_t a[1] = { WASM_I32_VAL(arg) };
  wasm_val_t r[1] = { WASM_INIT_VAL };
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  wasm_trap_t* t = wasm_func_call(f, &args, &results);
  if (!t) *result = r[0].of.i32;
  return t;
}

static uint64_t fuel_of(wasm_store_t* store) {
  uint64_t left = 12345;
  CHECK(ferrowasm_store_get_fuel(store, &left));
  return left;
}

static void* interrupt_later(void* arg) {
  struct timespec ms100 = { 0, 100 * 1000 * 1000 };
  nanosleep(&ms100, NULL);
  ferrowasm_interrupt_handle_interrupt(arg);
  return NULL;
}

int main(void) {
  char buf[256];
  int32_t n = 0;
  wasm_val_vec_t none = WASM_EMPTY_VEC;

  // ---- fuel ----
  wasm_config_t* config = wasm_config_new();
  ferrowasm_config_set_consume_fuel(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "metering.wasm");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* fib = get_func(module, &exports, "fib");
  wasm_func_t* spin = get_func(module, &exports, "spin");

  // A store starts without fuel: the first call traps.
  CHECK(fuel_of(store) == 0);
  wasm_trap_t* t = call_i32(fib, 10, &n);
  CHECK(t);
  printf("no fuel: %s\n", trap_text(t, buf, sizeof buf));
  CHECK(strcmp(buf, "all fuel consumed") == 0);
  wasm_trap_delete(t);

  // With fuel, fib(15) runs and costs the same every time.
  CHECK(ferrowasm_store_set_fuel(store, 1000000));
  CHECK(call_i32(fib, 15, &n) == NULL && n == 610);
  uint64_t cost = 1000000 - fuel_of(store);
  CHECK(call_i32(fib, 15, &n) == NULL && n == 610);
  CHECK(1000000 - fuel_of(store) == 2 * cost);
  printf("fib(15) = %d cost %llu units\n", n, (unsigned long long)cost);
  CHECK(cost > 1000);

  // Exactly enough fuel runs it; one unit less traps and leaves none.
  CHECK(ferrowasm_store_set_fuel(store, cost));
  CHECK(call_i32(fib, 15, &n) == NULL && n == 610);
  CHECK(fuel_of(store) == 0);
  CHECK(ferrowasm_store_set_fuel(store, cost - 1));
  t = call_i32(fib, 15, &n);
  CHECK(t);
  CHECK(strcmp(trap_text(t, buf, sizeof buf), "all fuel consumed") == 0);
  wasm_trap_delete(t);
  CHECK(fuel_of(store) == 0);

  // An endless loop ends when the fuel does.
  CHECK(ferrowasm_store_set_fuel(store, 50000));
  t = wasm_func_call(spin, &none, &none);
  CHECK(t);
  CHECK(strcmp(trap_text(t, buf, sizeof buf), "all fuel consumed") == 0);
  wasm_trap_delete(t);
  printf("spin: stopped by fuel\n");

  // Bad arguments are refused, never a crash.
  CHECK(!ferrowasm_store_set_fuel(NULL, 1));
  CHECK(!ferrowasm_store_get_fuel(NULL, &cost));
  CHECK(!ferrowasm_store_get_fuel(store, NULL));
  ferrowasm_config_set_consume_fuel(NULL, true);
  CHECK(ferrowasm_interrupt_handle_new(NULL) == NULL);
  ferrowasm_interrupt_handle_interrupt(NULL);
  ferrowasm_interrupt_handle_delete(NULL);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  // ---- interruption (fuel off, the default) ----
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  CHECK(!ferrowasm_store_set_fuel(store, 1));
  CHECK(strstr(ferrowasm_last_error_message(), "consume_fuel"));
  uint64_t left;
  CHECK(!ferrowasm_store_get_fuel(store, &left));
  module = load_module(store, "metering.wasm");
  instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance);
  wasm_instance_exports(instance, &exports);
  fib = get_func(module, &exports, "fib");
  spin = get_func(module, &exports, "spin");

  // Another thread stops the endless loop.
  ferrowasm_interrupt_handle_t* handle = ferrowasm_interrupt_handle_new(store);
  CHECK(handle);
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, interrupt_later, handle) == 0);
  t = wasm_func_call(spin, &none, &none);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK(t);
  printf("spin: %s\n", trap_text(t, buf, sizeof buf));
  CHECK(strcmp(buf, "interrupted") == 0);
  wasm_trap_delete(t);

  // The store runs again; an interrupt raised between calls stops the
  // next call at once, and only that one.
  CHECK(call_i32(fib, 10, &n) == NULL && n == 55);
  ferrowasm_interrupt_handle_interrupt(handle);
  t = call_i32(fib, 10, &n);
  CHECK(t);
  CHECK(strcmp(trap_text(t, buf, sizeof buf), "interrupted") == 0);
  wasm_trap_delete(t);
  CHECK(call_i32(fib, 10, &n) == NULL && n == 55);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  // The handle outlives its store harmlessly.
  ferrowasm_interrupt_handle_interrupt(handle);
  ferrowasm_interrupt_handle_delete(handle);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
