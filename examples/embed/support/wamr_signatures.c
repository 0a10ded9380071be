/* Every function of WAMR 2.4.3's wasm_export.h and lib_export.h, assigned
 * to a pointer of the type WAMR declares it with: compiled (as C and C++,
 * -Werror) against ferrowasm's headers, a signature that drifts from
 * WAMR's fails to build. Run, it prints each name with its address, so
 * that the test can check them all against the library's exports.
 * Written from WAMR's declarations by tests/embed_header.rs's author;
 * regenerate when WAMR's header changes. */
#include <stdio.h>

#include "wasm_export.h"

int main(void) {
  int n = 0;
  {
    bool (*p)(void) = wasm_runtime_init;
    printf("%s %d\n", "wasm_runtime_init", p != NULL);
    n++;
  }
  {
    bool (*p)(RuntimeInitArgs *init_args) = wasm_runtime_full_init;
    printf("%s %d\n", "wasm_runtime_full_init", p != NULL);
    n++;
  }
  {
    void (*p)(log_level_t level) = wasm_runtime_set_log_level;
    printf("%s %d\n", "wasm_runtime_set_log_level", p != NULL);
    n++;
  }
  {
    bool (*p)(RunningMode running_mode) = wasm_runtime_is_running_mode_supported;
    printf("%s %d\n", "wasm_runtime_is_running_mode_supported", p != NULL);
    n++;
  }
  {
    bool (*p)(RunningMode running_mode) = wasm_runtime_set_default_running_mode;
    printf("%s %d\n", "wasm_runtime_set_default_running_mode", p != NULL);
    n++;
  }
  {
    void (*p)(void) = wasm_runtime_destroy;
    printf("%s %d\n", "wasm_runtime_destroy", p != NULL);
    n++;
  }
  {
    void * (*p)(unsigned int size) = wasm_runtime_malloc;
    printf("%s %d\n", "wasm_runtime_malloc", p != NULL);
    n++;
  }
  {
    void * (*p)(void *ptr, unsigned int size) = wasm_runtime_realloc;
    printf("%s %d\n", "wasm_runtime_realloc", p != NULL);
    n++;
  }
  {
    void (*p)(void *ptr) = wasm_runtime_free;
    printf("%s %d\n", "wasm_runtime_free", p != NULL);
    n++;
  }
  {
    bool (*p)(mem_alloc_info_t *mem_alloc_info) = wasm_runtime_get_mem_alloc_info;
    printf("%s %d\n", "wasm_runtime_get_mem_alloc_info", p != NULL);
    n++;
  }
  {
    package_type_t (*p)(const uint8_t *buf, uint32_t size) = get_package_type;
    printf("%s %d\n", "get_package_type", p != NULL);
    n++;
  }
  {
    package_type_t (*p)(const uint8_t *buf, uint32_t size) = wasm_runtime_get_file_package_type;
    printf("%s %d\n", "wasm_runtime_get_file_package_type", p != NULL);
    n++;
  }
  {
    package_type_t (*p)(const wasm_module_t module) = wasm_runtime_get_module_package_type;
    printf("%s %d\n", "wasm_runtime_get_module_package_type", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const uint8_t *buf, uint32_t size) = wasm_runtime_get_file_package_version;
    printf("%s %d\n", "wasm_runtime_get_file_package_version", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const wasm_module_t module) = wasm_runtime_get_module_package_version;
    printf("%s %d\n", "wasm_runtime_get_module_package_version", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(package_type_t package_type) = wasm_runtime_get_current_package_version;
    printf("%s %d\n", "wasm_runtime_get_current_package_version", p != NULL);
    n++;
  }
  {
    bool (*p)(const uint8_t *buf, uint32_t size) = wasm_runtime_is_xip_file;
    printf("%s %d\n", "wasm_runtime_is_xip_file", p != NULL);
    n++;
  }
  {
    void (*p)(const module_reader reader, const module_destroyer destroyer) = wasm_runtime_set_module_reader;
    printf("%s %d\n", "wasm_runtime_set_module_reader", p != NULL);
    n++;
  }
  {
    bool (*p)(const char *module_name, wasm_module_t module, char *error_buf, uint32_t error_buf_size) = wasm_runtime_register_module;
    printf("%s %d\n", "wasm_runtime_register_module", p != NULL);
    n++;
  }
  {
    wasm_module_t (*p)(const char *module_name) = wasm_runtime_find_module_registered;
    printf("%s %d\n", "wasm_runtime_find_module_registered", p != NULL);
    n++;
  }
  {
    wasm_module_t (*p)(uint8_t *buf, uint32_t size, char *error_buf, uint32_t error_buf_size) = wasm_runtime_load;
    printf("%s %d\n", "wasm_runtime_load", p != NULL);
    n++;
  }
  {
    wasm_module_t (*p)(uint8_t *buf, uint32_t size, const LoadArgs *args, char *error_buf, uint32_t error_buf_size) = wasm_runtime_load_ex;
    printf("%s %d\n", "wasm_runtime_load_ex", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_t module) = wasm_runtime_resolve_symbols;
    printf("%s %d\n", "wasm_runtime_resolve_symbols", p != NULL);
    n++;
  }
  {
    wasm_module_t (*p)(wasm_section_list_t section_list, bool is_aot, char *error_buf, uint32_t error_buf_size) = wasm_runtime_load_from_sections;
    printf("%s %d\n", "wasm_runtime_load_from_sections", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_t module) = wasm_runtime_unload;
    printf("%s %d\n", "wasm_runtime_unload", p != NULL);
    n++;
  }
  {
    char * (*p)(wasm_module_t module) = wasm_runtime_get_module_hash;
    printf("%s %d\n", "wasm_runtime_get_module_hash", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_t module, const char *dir_list[], uint32_t dir_count, const char *map_dir_list[], uint32_t map_dir_count, const char *env[], uint32_t env_count, char *argv[], int argc, int64_t stdinfd, int64_t stdoutfd, int64_t stderrfd) = wasm_runtime_set_wasi_args_ex;
    printf("%s %d\n", "wasm_runtime_set_wasi_args_ex", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_t module, const char *dir_list[], uint32_t dir_count, const char *map_dir_list[], uint32_t map_dir_count, const char *env[], uint32_t env_count, char *argv[], int argc) = wasm_runtime_set_wasi_args;
    printf("%s %d\n", "wasm_runtime_set_wasi_args", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_t module, const char *addr_pool[], uint32_t addr_pool_size) = wasm_runtime_set_wasi_addr_pool;
    printf("%s %d\n", "wasm_runtime_set_wasi_addr_pool", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_t module, const char *ns_lookup_pool[], uint32_t ns_lookup_pool_size) = wasm_runtime_set_wasi_ns_lookup_pool;
    printf("%s %d\n", "wasm_runtime_set_wasi_ns_lookup_pool", p != NULL);
    n++;
  }
  {
    wasm_module_inst_t (*p)(const wasm_module_t module, uint32_t default_stack_size, uint32_t host_managed_heap_size, char *error_buf, uint32_t error_buf_size) = wasm_runtime_instantiate;
    printf("%s %d\n", "wasm_runtime_instantiate", p != NULL);
    n++;
  }
  {
    wasm_module_inst_t (*p)(const wasm_module_t module, const InstantiationArgs *args, char *error_buf, uint32_t error_buf_size) = wasm_runtime_instantiate_ex;
    printf("%s %d\n", "wasm_runtime_instantiate_ex", p != NULL);
    n++;
  }
  {
    bool (*p)(struct InstantiationArgs2 **p) = wasm_runtime_instantiation_args_create;
    printf("%s %d\n", "wasm_runtime_instantiation_args_create", p != NULL);
    n++;
  }
  {
    void (*p)(struct InstantiationArgs2 *p) = wasm_runtime_instantiation_args_destroy;
    printf("%s %d\n", "wasm_runtime_instantiation_args_destroy", p != NULL);
    n++;
  }
  {
    void (*p)( struct InstantiationArgs2 *p, uint32_t v) = wasm_runtime_instantiation_args_set_default_stack_size;
    printf("%s %d\n", "wasm_runtime_instantiation_args_set_default_stack_size", p != NULL);
    n++;
  }
  {
    void (*p)( struct InstantiationArgs2 *p, uint32_t v) = wasm_runtime_instantiation_args_set_host_managed_heap_size;
    printf("%s %d\n", "wasm_runtime_instantiation_args_set_host_managed_heap_size", p != NULL);
    n++;
  }
  {
    void (*p)( struct InstantiationArgs2 *p, uint32_t v) = wasm_runtime_instantiation_args_set_max_memory_pages;
    printf("%s %d\n", "wasm_runtime_instantiation_args_set_max_memory_pages", p != NULL);
    n++;
  }
  {
    wasm_module_inst_t (*p)(const wasm_module_t module, const struct InstantiationArgs2 *args, char *error_buf, uint32_t error_buf_size) = wasm_runtime_instantiate_ex2;
    printf("%s %d\n", "wasm_runtime_instantiate_ex2", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, RunningMode running_mode) = wasm_runtime_set_running_mode;
    printf("%s %d\n", "wasm_runtime_set_running_mode", p != NULL);
    n++;
  }
  {
    RunningMode (*p)(wasm_module_inst_t module_inst) = wasm_runtime_get_running_mode;
    printf("%s %d\n", "wasm_runtime_get_running_mode", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t module_inst) = wasm_runtime_deinstantiate;
    printf("%s %d\n", "wasm_runtime_deinstantiate", p != NULL);
    n++;
  }
  {
    wasm_module_t (*p)(wasm_module_inst_t module_inst) = wasm_runtime_get_module;
    printf("%s %d\n", "wasm_runtime_get_module", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst) = wasm_runtime_is_wasi_mode;
    printf("%s %d\n", "wasm_runtime_is_wasi_mode", p != NULL);
    n++;
  }
  {
    wasm_function_inst_t (*p)(wasm_module_inst_t module_inst) = wasm_runtime_lookup_wasi_start_function;
    printf("%s %d\n", "wasm_runtime_lookup_wasi_start_function", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(wasm_module_inst_t module_inst) = wasm_runtime_get_wasi_exit_code;
    printf("%s %d\n", "wasm_runtime_get_wasi_exit_code", p != NULL);
    n++;
  }
  {
    wasm_function_inst_t (*p)(const wasm_module_inst_t module_inst, const char *name) = wasm_runtime_lookup_function;
    printf("%s %d\n", "wasm_runtime_lookup_function", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const wasm_function_inst_t func_inst, const wasm_module_inst_t module_inst) = wasm_func_get_param_count;
    printf("%s %d\n", "wasm_func_get_param_count", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const wasm_function_inst_t func_inst, const wasm_module_inst_t module_inst) = wasm_func_get_result_count;
    printf("%s %d\n", "wasm_func_get_result_count", p != NULL);
    n++;
  }
  {
    void (*p)(const wasm_function_inst_t func_inst, const wasm_module_inst_t module_inst, wasm_valkind_t *param_types) = wasm_func_get_param_types;
    printf("%s %d\n", "wasm_func_get_param_types", p != NULL);
    n++;
  }
  {
    void (*p)(const wasm_function_inst_t func_inst, const wasm_module_inst_t module_inst, wasm_valkind_t *result_types) = wasm_func_get_result_types;
    printf("%s %d\n", "wasm_func_get_result_types", p != NULL);
    n++;
  }
  {
    wasm_exec_env_t (*p)(wasm_module_inst_t module_inst, uint32_t stack_size) = wasm_runtime_create_exec_env;
    printf("%s %d\n", "wasm_runtime_create_exec_env", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_exec_env_t exec_env) = wasm_runtime_destroy_exec_env;
    printf("%s %d\n", "wasm_runtime_destroy_exec_env", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const wasm_exec_env_t exec_env, WASMCApiFrame *buffer, const uint32_t length, const uint32_t skip_n, char *error_buf, uint32_t error_buf_size) = wasm_copy_callstack;
    printf("%s %d\n", "wasm_copy_callstack", p != NULL);
    n++;
  }
  {
    wasm_exec_env_t (*p)(wasm_module_inst_t module_inst) = wasm_runtime_get_exec_env_singleton;
    printf("%s %d\n", "wasm_runtime_get_exec_env_singleton", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(wasm_exec_env_t exec_env, int32_t port) = wasm_runtime_start_debug_instance_with_port;
    printf("%s %d\n", "wasm_runtime_start_debug_instance_with_port", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(wasm_exec_env_t exec_env) = wasm_runtime_start_debug_instance;
    printf("%s %d\n", "wasm_runtime_start_debug_instance", p != NULL);
    n++;
  }
  {
    bool (*p)(void) = wasm_runtime_init_thread_env;
    printf("%s %d\n", "wasm_runtime_init_thread_env", p != NULL);
    n++;
  }
  {
    void (*p)(void) = wasm_runtime_destroy_thread_env;
    printf("%s %d\n", "wasm_runtime_destroy_thread_env", p != NULL);
    n++;
  }
  {
    bool (*p)(void) = wasm_runtime_thread_env_inited;
    printf("%s %d\n", "wasm_runtime_thread_env_inited", p != NULL);
    n++;
  }
  {
    wasm_module_inst_t (*p)(wasm_exec_env_t exec_env) = wasm_runtime_get_module_inst;
    printf("%s %d\n", "wasm_runtime_get_module_inst", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_exec_env_t exec_env, const wasm_module_inst_t module_inst) = wasm_runtime_set_module_inst;
    printf("%s %d\n", "wasm_runtime_set_module_inst", p != NULL);
    n++;
  }
  {
    wasm_memory_inst_t (*p)(const wasm_module_inst_t module_inst, const char *name) = wasm_runtime_lookup_memory;
    printf("%s %d\n", "wasm_runtime_lookup_memory", p != NULL);
    n++;
  }
  {
    wasm_memory_inst_t (*p)(const wasm_module_inst_t module_inst) = wasm_runtime_get_default_memory;
    printf("%s %d\n", "wasm_runtime_get_default_memory", p != NULL);
    n++;
  }
  {
    wasm_memory_inst_t (*p)(const wasm_module_inst_t module_inst, uint32_t index) = wasm_runtime_get_memory;
    printf("%s %d\n", "wasm_runtime_get_memory", p != NULL);
    n++;
  }
  {
    uint64_t (*p)(const wasm_memory_inst_t memory_inst) = wasm_memory_get_cur_page_count;
    printf("%s %d\n", "wasm_memory_get_cur_page_count", p != NULL);
    n++;
  }
  {
    uint64_t (*p)(const wasm_memory_inst_t memory_inst) = wasm_memory_get_max_page_count;
    printf("%s %d\n", "wasm_memory_get_max_page_count", p != NULL);
    n++;
  }
  {
    uint64_t (*p)(const wasm_memory_inst_t memory_inst) = wasm_memory_get_bytes_per_page;
    printf("%s %d\n", "wasm_memory_get_bytes_per_page", p != NULL);
    n++;
  }
  {
    bool (*p)(const wasm_memory_inst_t memory_inst) = wasm_memory_get_shared;
    printf("%s %d\n", "wasm_memory_get_shared", p != NULL);
    n++;
  }
  {
    void * (*p)(const wasm_memory_inst_t memory_inst) = wasm_memory_get_base_address;
    printf("%s %d\n", "wasm_memory_get_base_address", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_memory_inst_t memory_inst, uint64_t inc_page_count) = wasm_memory_enlarge;
    printf("%s %d\n", "wasm_memory_enlarge", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t argc, uint32_t argv[]) = wasm_runtime_call_wasm;
    printf("%s %d\n", "wasm_runtime_call_wasm", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t num_results, wasm_val_t results[], uint32_t num_args, wasm_val_t *args) = wasm_runtime_call_wasm_a;
    printf("%s %d\n", "wasm_runtime_call_wasm_a", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t num_results, wasm_val_t results[], uint32_t num_args, ...) = wasm_runtime_call_wasm_v;
    printf("%s %d\n", "wasm_runtime_call_wasm_v", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_exec_env_t exec_env, uint32_t element_index, uint32_t argc, uint32_t argv[]) = wasm_runtime_call_indirect;
    printf("%s %d\n", "wasm_runtime_call_indirect", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, int32_t argc, char *argv[]) = wasm_application_execute_main;
    printf("%s %d\n", "wasm_application_execute_main", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, const char *name, int32_t argc, char *argv[]) = wasm_application_execute_func;
    printf("%s %d\n", "wasm_application_execute_func", p != NULL);
    n++;
  }
  {
    const char * (*p)(wasm_module_inst_t module_inst) = wasm_runtime_get_exception;
    printf("%s %d\n", "wasm_runtime_get_exception", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t module_inst, const char *exception) = wasm_runtime_set_exception;
    printf("%s %d\n", "wasm_runtime_set_exception", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t module_inst) = wasm_runtime_clear_exception;
    printf("%s %d\n", "wasm_runtime_clear_exception", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t module_inst) = wasm_runtime_terminate;
    printf("%s %d\n", "wasm_runtime_terminate", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t module_inst, void *custom_data) = wasm_runtime_set_custom_data;
    printf("%s %d\n", "wasm_runtime_set_custom_data", p != NULL);
    n++;
  }
  {
    void * (*p)(wasm_module_inst_t module_inst) = wasm_runtime_get_custom_data;
    printf("%s %d\n", "wasm_runtime_get_custom_data", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t module_inst, bool enable) = wasm_runtime_set_bounds_checks;
    printf("%s %d\n", "wasm_runtime_set_bounds_checks", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst) = wasm_runtime_is_bounds_checks_enabled;
    printf("%s %d\n", "wasm_runtime_is_bounds_checks_enabled", p != NULL);
    n++;
  }
  {
    uint64_t (*p)(wasm_module_inst_t module_inst, uint64_t size, void **p_native_addr) = wasm_runtime_module_malloc;
    printf("%s %d\n", "wasm_runtime_module_malloc", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t module_inst, uint64_t ptr) = wasm_runtime_module_free;
    printf("%s %d\n", "wasm_runtime_module_free", p != NULL);
    n++;
  }
  {
    uint64_t (*p)(wasm_module_inst_t module_inst, const char *src, uint64_t size) = wasm_runtime_module_dup_data;
    printf("%s %d\n", "wasm_runtime_module_dup_data", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, uint64_t app_offset, uint64_t size) = wasm_runtime_validate_app_addr;
    printf("%s %d\n", "wasm_runtime_validate_app_addr", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, uint64_t app_str_offset) = wasm_runtime_validate_app_str_addr;
    printf("%s %d\n", "wasm_runtime_validate_app_str_addr", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, void *native_ptr, uint64_t size) = wasm_runtime_validate_native_addr;
    printf("%s %d\n", "wasm_runtime_validate_native_addr", p != NULL);
    n++;
  }
  {
    void * (*p)(wasm_module_inst_t module_inst, uint64_t app_offset) = wasm_runtime_addr_app_to_native;
    printf("%s %d\n", "wasm_runtime_addr_app_to_native", p != NULL);
    n++;
  }
  {
    uint64_t (*p)(wasm_module_inst_t module_inst, void *native_ptr) = wasm_runtime_addr_native_to_app;
    printf("%s %d\n", "wasm_runtime_addr_native_to_app", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, uint64_t app_offset, uint64_t *p_app_start_offset, uint64_t *p_app_end_offset) = wasm_runtime_get_app_addr_range;
    printf("%s %d\n", "wasm_runtime_get_app_addr_range", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, uint8_t *native_ptr, uint8_t **p_native_start_addr, uint8_t **p_native_end_addr) = wasm_runtime_get_native_addr_range;
    printf("%s %d\n", "wasm_runtime_get_native_addr_range", p != NULL);
    n++;
  }
  {
    int32_t (*p)(const wasm_module_t module) = wasm_runtime_get_import_count;
    printf("%s %d\n", "wasm_runtime_get_import_count", p != NULL);
    n++;
  }
  {
    void (*p)(const wasm_module_t module, int32_t import_index, wasm_import_t *import_type) = wasm_runtime_get_import_type;
    printf("%s %d\n", "wasm_runtime_get_import_type", p != NULL);
    n++;
  }
  {
    int32_t (*p)(const wasm_module_t module) = wasm_runtime_get_export_count;
    printf("%s %d\n", "wasm_runtime_get_export_count", p != NULL);
    n++;
  }
  {
    void (*p)(const wasm_module_t module, int32_t export_index, wasm_export_t *export_type) = wasm_runtime_get_export_type;
    printf("%s %d\n", "wasm_runtime_get_export_type", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const wasm_func_type_t func_type) = wasm_func_type_get_param_count;
    printf("%s %d\n", "wasm_func_type_get_param_count", p != NULL);
    n++;
  }
  {
    wasm_valkind_t (*p)(const wasm_func_type_t func_type, uint32_t param_index) = wasm_func_type_get_param_valkind;
    printf("%s %d\n", "wasm_func_type_get_param_valkind", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const wasm_func_type_t func_type) = wasm_func_type_get_result_count;
    printf("%s %d\n", "wasm_func_type_get_result_count", p != NULL);
    n++;
  }
  {
    wasm_valkind_t (*p)(const wasm_func_type_t func_type, uint32_t result_index) = wasm_func_type_get_result_valkind;
    printf("%s %d\n", "wasm_func_type_get_result_valkind", p != NULL);
    n++;
  }
  {
    wasm_valkind_t (*p)(const wasm_global_type_t global_type) = wasm_global_type_get_valkind;
    printf("%s %d\n", "wasm_global_type_get_valkind", p != NULL);
    n++;
  }
  {
    bool (*p)(const wasm_global_type_t global_type) = wasm_global_type_get_mutable;
    printf("%s %d\n", "wasm_global_type_get_mutable", p != NULL);
    n++;
  }
  {
    bool (*p)(const wasm_memory_type_t memory_type) = wasm_memory_type_get_shared;
    printf("%s %d\n", "wasm_memory_type_get_shared", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const wasm_memory_type_t memory_type) = wasm_memory_type_get_init_page_count;
    printf("%s %d\n", "wasm_memory_type_get_init_page_count", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const wasm_memory_type_t memory_type) = wasm_memory_type_get_max_page_count;
    printf("%s %d\n", "wasm_memory_type_get_max_page_count", p != NULL);
    n++;
  }
  {
    wasm_valkind_t (*p)(const wasm_table_type_t table_type) = wasm_table_type_get_elem_kind;
    printf("%s %d\n", "wasm_table_type_get_elem_kind", p != NULL);
    n++;
  }
  {
    bool (*p)(const wasm_table_type_t table_type) = wasm_table_type_get_shared;
    printf("%s %d\n", "wasm_table_type_get_shared", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const wasm_table_type_t table_type) = wasm_table_type_get_init_size;
    printf("%s %d\n", "wasm_table_type_get_init_size", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(const wasm_table_type_t table_type) = wasm_table_type_get_max_size;
    printf("%s %d\n", "wasm_table_type_get_max_size", p != NULL);
    n++;
  }
  {
    bool (*p)(const char *module_name, NativeSymbol *native_symbols, uint32_t n_native_symbols) = wasm_runtime_register_natives;
    printf("%s %d\n", "wasm_runtime_register_natives", p != NULL);
    n++;
  }
  {
    bool (*p)(const char *module_name, NativeSymbol *native_symbols, uint32_t n_native_symbols) = wasm_runtime_register_natives_raw;
    printf("%s %d\n", "wasm_runtime_register_natives_raw", p != NULL);
    n++;
  }
  {
    bool (*p)(const char *module_name, NativeSymbol *native_symbols) = wasm_runtime_unregister_natives;
    printf("%s %d\n", "wasm_runtime_unregister_natives", p != NULL);
    n++;
  }
  {
    bool (*p)(const wasm_module_inst_t module_inst, const char *name, wasm_global_inst_t *global_inst) = wasm_runtime_get_export_global_inst;
    printf("%s %d\n", "wasm_runtime_get_export_global_inst", p != NULL);
    n++;
  }
  {
    bool (*p)(const wasm_module_inst_t module_inst, const char *name, wasm_table_inst_t *table_inst) = wasm_runtime_get_export_table_inst;
    printf("%s %d\n", "wasm_runtime_get_export_table_inst", p != NULL);
    n++;
  }
  {
    wasm_function_inst_t (*p)(const wasm_module_inst_t module_inst, const wasm_table_inst_t *table_inst, uint32_t idx) = wasm_table_get_func_inst;
    printf("%s %d\n", "wasm_table_get_func_inst", p != NULL);
    n++;
  }
  {
    void * (*p)(wasm_exec_env_t exec_env) = wasm_runtime_get_function_attachment;
    printf("%s %d\n", "wasm_runtime_get_function_attachment", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_exec_env_t exec_env, void *user_data) = wasm_runtime_set_user_data;
    printf("%s %d\n", "wasm_runtime_set_user_data", p != NULL);
    n++;
  }
  {
    void * (*p)(wasm_exec_env_t exec_env) = wasm_runtime_get_user_data;
    printf("%s %d\n", "wasm_runtime_get_user_data", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_exec_env_t exec_env, uint8_t *native_stack_boundary) = wasm_runtime_set_native_stack_boundary;
    printf("%s %d\n", "wasm_runtime_set_native_stack_boundary", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_exec_env_t exec_env, int instruction_count) = wasm_runtime_set_instruction_count_limit;
    printf("%s %d\n", "wasm_runtime_set_instruction_count_limit", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_exec_env_t exec_env) = wasm_runtime_dump_mem_consumption;
    printf("%s %d\n", "wasm_runtime_dump_mem_consumption", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t module_inst) = wasm_runtime_dump_perf_profiling;
    printf("%s %d\n", "wasm_runtime_dump_perf_profiling", p != NULL);
    n++;
  }
  {
    double (*p)(wasm_module_inst_t module_inst) = wasm_runtime_sum_wasm_exec_time;
    printf("%s %d\n", "wasm_runtime_sum_wasm_exec_time", p != NULL);
    n++;
  }
  {
    double (*p)(wasm_module_inst_t inst, const char *func_name) = wasm_runtime_get_wasm_func_exec_time;
    printf("%s %d\n", "wasm_runtime_get_wasm_func_exec_time", p != NULL);
    n++;
  }
  {
    void (*p)(uint32_t num) = wasm_runtime_set_max_thread_num;
    printf("%s %d\n", "wasm_runtime_set_max_thread_num", p != NULL);
    n++;
  }
  {
    wasm_exec_env_t (*p)(wasm_exec_env_t exec_env) = wasm_runtime_spawn_exec_env;
    printf("%s %d\n", "wasm_runtime_spawn_exec_env", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_exec_env_t exec_env) = wasm_runtime_destroy_spawned_exec_env;
    printf("%s %d\n", "wasm_runtime_destroy_spawned_exec_env", p != NULL);
    n++;
  }
  {
    int32_t (*p)(wasm_exec_env_t exec_env, wasm_thread_t *tid, wasm_thread_callback_t callback, void *arg) = wasm_runtime_spawn_thread;
    printf("%s %d\n", "wasm_runtime_spawn_thread", p != NULL);
    n++;
  }
  {
    int32_t (*p)(wasm_thread_t tid, void **retval) = wasm_runtime_join_thread;
    printf("%s %d\n", "wasm_runtime_join_thread", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, void *extern_obj, uint32_t *p_externref_idx) = wasm_externref_obj2ref;
    printf("%s %d\n", "wasm_externref_obj2ref", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, void *extern_obj) = wasm_externref_objdel;
    printf("%s %d\n", "wasm_externref_objdel", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, void *extern_obj, void (*extern_obj_cleanup)(void *)) = wasm_externref_set_cleanup;
    printf("%s %d\n", "wasm_externref_set_cleanup", p != NULL);
    n++;
  }
  {
    bool (*p)(uint32_t externref_idx, void **p_extern_obj) = wasm_externref_ref2obj;
    printf("%s %d\n", "wasm_externref_ref2obj", p != NULL);
    n++;
  }
  {
    bool (*p)(uint32_t externref_idx) = wasm_externref_retain;
    printf("%s %d\n", "wasm_externref_retain", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_exec_env_t exec_env) = wasm_runtime_dump_call_stack;
    printf("%s %d\n", "wasm_runtime_dump_call_stack", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(wasm_exec_env_t exec_env) = wasm_runtime_get_call_stack_buf_size;
    printf("%s %d\n", "wasm_runtime_get_call_stack_buf_size", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(wasm_exec_env_t exec_env, char *buf, uint32_t len) = wasm_runtime_dump_call_stack_to_buf;
    printf("%s %d\n", "wasm_runtime_dump_call_stack_to_buf", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(wasm_module_inst_t module_inst) = wasm_runtime_get_pgo_prof_data_size;
    printf("%s %d\n", "wasm_runtime_get_pgo_prof_data_size", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(wasm_module_inst_t module_inst, char *buf, uint32_t len) = wasm_runtime_dump_pgo_prof_data_to_buf;
    printf("%s %d\n", "wasm_runtime_dump_pgo_prof_data_to_buf", p != NULL);
    n++;
  }
  {
    const uint8_t * (*p)(const wasm_module_t module_comm, const char *name, uint32_t *len) = wasm_runtime_get_custom_section;
    printf("%s %d\n", "wasm_runtime_get_custom_section", p != NULL);
    n++;
  }
  {
    void (*p)(uint32_t *major, uint32_t *minor, uint32_t *patch) = wasm_runtime_get_version;
    printf("%s %d\n", "wasm_runtime_get_version", p != NULL);
    n++;
  }
  {
    bool (*p)(const char *module_name, const char *func_name) = wasm_runtime_is_import_func_linked;
    printf("%s %d\n", "wasm_runtime_is_import_func_linked", p != NULL);
    n++;
  }
  {
    bool (*p)(const char *module_name, const char *global_name) = wasm_runtime_is_import_global_linked;
    printf("%s %d\n", "wasm_runtime_is_import_global_linked", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, uint64_t inc_page_count) = wasm_runtime_enlarge_memory;
    printf("%s %d\n", "wasm_runtime_enlarge_memory", p != NULL);
    n++;
  }
  {
    void (*p)( const enlarge_memory_error_callback_t callback, void *user_data) = wasm_runtime_set_enlarge_mem_error_callback;
    printf("%s %d\n", "wasm_runtime_set_enlarge_mem_error_callback", p != NULL);
    n++;
  }
  {
    void * (*p)(void (*dtor)(wasm_module_inst_t inst, void *ctx)) = wasm_runtime_create_context_key;
    printf("%s %d\n", "wasm_runtime_create_context_key", p != NULL);
    n++;
  }
  {
    void (*p)(void *key) = wasm_runtime_destroy_context_key;
    printf("%s %d\n", "wasm_runtime_destroy_context_key", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t inst, void *key, void *ctx) = wasm_runtime_set_context;
    printf("%s %d\n", "wasm_runtime_set_context", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t inst, void *key, void *ctx) = wasm_runtime_set_context_spread;
    printf("%s %d\n", "wasm_runtime_set_context_spread", p != NULL);
    n++;
  }
  {
    void * (*p)(wasm_module_inst_t inst, void *key) = wasm_runtime_get_context;
    printf("%s %d\n", "wasm_runtime_get_context", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_exec_env_t exec_env) = wasm_runtime_begin_blocking_op;
    printf("%s %d\n", "wasm_runtime_begin_blocking_op", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_exec_env_t exec_env) = wasm_runtime_end_blocking_op;
    printf("%s %d\n", "wasm_runtime_end_blocking_op", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_t module, const char *name, char *error_buf, uint32_t error_buf_size) = wasm_runtime_set_module_name;
    printf("%s %d\n", "wasm_runtime_set_module_name", p != NULL);
    n++;
  }
  {
    const char * (*p)(wasm_module_t module) = wasm_runtime_get_module_name;
    printf("%s %d\n", "wasm_runtime_get_module_name", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_exec_env_t exec_env) = wasm_runtime_detect_native_stack_overflow;
    printf("%s %d\n", "wasm_runtime_detect_native_stack_overflow", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_exec_env_t exec_env, uint32_t required_size) = wasm_runtime_detect_native_stack_overflow_size;
    printf("%s %d\n", "wasm_runtime_detect_native_stack_overflow_size", p != NULL);
    n++;
  }
  {
    bool (*p)(const wasm_module_t module) = wasm_runtime_is_underlying_binary_freeable;
    printf("%s %d\n", "wasm_runtime_is_underlying_binary_freeable", p != NULL);
    n++;
  }
  {
    wasm_shared_heap_t (*p)(SharedHeapInitArgs *init_args) = wasm_runtime_create_shared_heap;
    printf("%s %d\n", "wasm_runtime_create_shared_heap", p != NULL);
    n++;
  }
  {
    wasm_shared_heap_t (*p)(wasm_shared_heap_t head, wasm_shared_heap_t body) = wasm_runtime_chain_shared_heaps;
    printf("%s %d\n", "wasm_runtime_chain_shared_heaps", p != NULL);
    n++;
  }
  {
    wasm_shared_heap_t (*p)(wasm_shared_heap_t head, bool entire_chain) = wasm_runtime_unchain_shared_heaps;
    printf("%s %d\n", "wasm_runtime_unchain_shared_heaps", p != NULL);
    n++;
  }
  {
    bool (*p)(wasm_module_inst_t module_inst, wasm_shared_heap_t shared_heap) = wasm_runtime_attach_shared_heap;
    printf("%s %d\n", "wasm_runtime_attach_shared_heap", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t module_inst) = wasm_runtime_detach_shared_heap;
    printf("%s %d\n", "wasm_runtime_detach_shared_heap", p != NULL);
    n++;
  }
  {
    uint64_t (*p)(wasm_module_inst_t module_inst, uint64_t size, void **p_native_addr) = wasm_runtime_shared_heap_malloc;
    printf("%s %d\n", "wasm_runtime_shared_heap_malloc", p != NULL);
    n++;
  }
  {
    void (*p)(wasm_module_inst_t module_inst, uint64_t ptr) = wasm_runtime_shared_heap_free;
    printf("%s %d\n", "wasm_runtime_shared_heap_free", p != NULL);
    n++;
  }
  {
    uint32_t (*p)(NativeSymbol **p_base_lib_apis) = get_base_lib_export_apis;
    printf("%s %d\n", "get_base_lib_export_apis", p != NULL);
    n++;
  }
  printf("%d functions\n", n);
  return 0;
}
