// Helpers shared by the C++ examples: checks, loading NAME.wasm, finding
// exports by name, reading trap messages.
#ifndef EXAMPLES_CPP_COMMON_HH
#define EXAMPLES_CPP_COMMON_HH

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wasm.hh"

#define CHECK(c)                                                                  \
  do {                                                                            \
    if (!(c)) {                                                                   \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
      std::exit(1);                                                               \
    }                                                                             \
  } while (0)

// The bytes of the file at `path`.
inline wasm::vec<byte_t> load_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path);
    std::exit(1);
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto v = wasm::vec<byte_t>::make_uninitialized(bytes.size());
  CHECK(v);
  if (!bytes.empty()) std::memcpy(v.get(), bytes.data(), bytes.size());
  return v;
}

inline wasm::own<wasm::Module> load_module(wasm::Store* store, const char* path) {
  auto binary = load_file(path);
  CHECK(wasm::Module::validate(store, binary));
  auto module = wasm::Module::make(store, binary);
  if (!module) {
    std::fprintf(stderr, "cannot compile %s\n", path);
    std::exit(1);
  }
  return module;
}

inline std::string str(const wasm::Name& n) { return std::string(n.get(), n.size()); }

// The export called `name` (borrowed from `exports`), checked to exist.
inline wasm::Extern* get_export(const wasm::Module* module,
                                const wasm::ownvec<wasm::Extern>& exports, const char* name) {
  auto types = module->exports();
  CHECK(types.size() == exports.size());
  for (size_t i = 0; i < types.size(); ++i) {
    if (str(types[i]->name()) == name) return exports[i].get();
  }
  std::fprintf(stderr, "no export %s\n", name);
  std::exit(1);
}

inline wasm::Func* get_func(const wasm::Module* module, const wasm::ownvec<wasm::Extern>& exports,
                            const char* name) {
  auto* f = get_export(module, exports, name)->func();
  CHECK(f != nullptr);
  return f;
}

// The message of `trap`, checked to be NUL-terminated.
inline std::string trap_text(const wasm::Trap* trap) {
  CHECK(trap != nullptr);
  auto msg = trap->message();
  CHECK(msg && msg.size() >= 1 && msg.get()[msg.size() - 1] == '\0');
  CHECK(std::strlen(msg.get()) == msg.size() - 1);
  return std::string(msg.get());
}

inline bool contains(const std::string& s, const char* part) {
  return s.find(part) != std::string::npos;
}

#endif
