// reflect: the imports and exports of a module, of every kind, with their
// types; making import and export types by hand.
#include "common.hh"

using namespace wasm;

static void check_kinds(const ownvec<ValType>& v, std::initializer_list<ValKind> kinds) {
  CHECK(v.size() == kinds.size());
  size_t i = 0;
  for (ValKind k : kinds) CHECK(v[i++]->kind() == k);
}

int main() {
  auto engine = Engine::make();
  auto store = Store::make(engine.get());
  auto module = load_module(store.get(), "reflect.wasm");
  const uint32_t no_max = std::numeric_limits<uint32_t>::max();

  auto imports = module->imports();
  CHECK(imports.size() == 4);
  for (size_t i = 0; i < imports.size(); ++i) {
    std::printf("import %s %s, kind %d\n", str(imports[i]->module()).c_str(),
                str(imports[i]->name()).c_str(), static_cast<int>(imports[i]->type()->kind()));
    CHECK(str(imports[i]->module()) == "env");
  }
  CHECK(str(imports[0]->name()) == "callback");
  const FuncType* ft = imports[0]->type()->func();
  CHECK(ft && !imports[0]->type()->global());
  check_kinds(ft->params(), {ValKind::I32, ValKind::I64});
  check_kinds(ft->results(), {ValKind::F32});

  CHECK(str(imports[1]->name()) == "counter");
  const GlobalType* gt = imports[1]->type()->global();
  CHECK(gt && gt->content()->kind() == ValKind::F64 && gt->mutability() == Mutability::VAR);

  CHECK(str(imports[2]->name()) == "slots");
  const TableType* tt = imports[2]->type()->table();
  CHECK(tt && tt->element()->kind() == ValKind::FUNCREF && tt->element()->is_ref());
  CHECK(tt->limits().min == 2 && tt->limits().max == 10);

  CHECK(str(imports[3]->name()) == "heap");
  const MemoryType* mt = imports[3]->type()->memory();
  CHECK(mt && mt->limits().min == 1 && mt->limits().max == 2);

  auto exports = module->exports();
  CHECK(exports.size() == 4);
  CHECK(str(exports[0]->name()) == "compute");
  CHECK(exports[0]->type()->kind() == ExternKind::FUNC);
  check_kinds(exports[0]->type()->func()->params(), {ValKind::I32, ValKind::F64, ValKind::EXTERNREF});
  check_kinds(exports[0]->type()->func()->results(), {ValKind::I64, ValKind::I32});
  CHECK(str(exports[1]->name()) == "limit");
  CHECK(exports[1]->type()->global()->mutability() == Mutability::CONST);
  CHECK(exports[1]->type()->global()->content()->kind() == ValKind::I64);
  CHECK(str(exports[2]->name()) == "refs");
  CHECK(exports[2]->type()->table()->element()->kind() == ValKind::EXTERNREF);
  CHECK(exports[2]->type()->table()->limits().min == 3);
  CHECK(exports[2]->type()->table()->limits().max == no_max);
  CHECK(str(exports[3]->name()) == "scratch");
  CHECK(exports[3]->type()->memory()->limits().min == 1);

  // Copies are deep and independent of the original.
  auto copies = exports.deep_copy();
  exports = ownvec<ExportType>::make();
  CHECK(copies.size() == 4 && str(copies[3]->name()) == "scratch");
  auto et = copies[2]->type()->copy();
  CHECK(et->kind() == ExternKind::TABLE && et->table()->limits().min == 3);
  CHECK(et->func() == nullptr && et->memory() == nullptr);

  // Types made by hand.
  auto mem = MemoryType::make(Limits(1));
  CHECK(mem->limits().min == 1 && mem->limits().max == no_max);
  auto imp = ImportType::make(vec<byte_t>::make(std::string("env")),
                              vec<byte_t>::make(std::string("heap")), std::move(mem));
  CHECK(imp && str(imp->module()) == "env" && str(imp->name()) == "heap");
  CHECK(imp->type()->memory()->limits().min == 1);
  auto imp2 = imp->copy();
  imp.reset();
  CHECK(str(imp2->name()) == "heap");

  auto fty = FuncType::make(ownvec<ValType>::make(ValType::make(ValKind::FUNCREF)));
  auto exp = ExportType::make(vec<byte_t>::make(std::string("f")), std::move(fty));
  CHECK(exp && str(exp->name()) == "f");
  check_kinds(exp->type()->func()->params(), {ValKind::FUNCREF});
  check_kinds(exp->type()->func()->results(), {});

  auto table = TableType::make(ValType::make(ValKind::EXTERNREF), Limits(0, 5));
  CHECK(table->limits().max == 5 && table->copy()->element()->kind() == ValKind::EXTERNREF);
  auto glob = GlobalType::make(ValType::make(ValKind::F32), Mutability::CONST);
  CHECK(glob->copy()->content()->kind() == ValKind::F32);
  CHECK(ValType::make(ValKind::I64)->is_num());

  // An invalid name is refused.
  CHECK(!ExportType::make(vec<byte_t>::invalid(), TableType::make(ValType::make(ValKind::FUNCREF), Limits(0))));
  std::printf("Done.\n");
  return 0;
}
