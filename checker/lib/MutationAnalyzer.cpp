//===--- MutationAnalyzer.cpp - is an expression written? -----------------===//

#include "fearless/checker/MutationAnalyzer.h"
#include "fearless/checker/Parents.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::fearless {
namespace {

/// True when \p S declares a variable through which a later statement could
/// reach an object named in \p S: a reference, a pointer, structured
/// bindings. Declarations in nested blocks do not count: their own
/// statements are scopes of their own.
bool declaresAlias(const Stmt &S) {
  llvm::SmallVector<const Stmt *, 16> Worklist{&S};
  while (!Worklist.empty()) {
    const Stmt *Current = Worklist.pop_back_val();
    if (!Current)
      continue;
    if (const auto *Declaration = dyn_cast<DeclStmt>(Current))
      for (const Decl *D : Declaration->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (isa<DecompositionDecl>(Var) || Var->getType()->isReferenceType() ||
              Var->getType()->isPointerType() ||
              Var->getType()->isMemberPointerType())
            return true;
    if (isa<CompoundStmt>(Current) && Current != &S)
      continue;
    for (const Stmt *Child : Current->children())
      Worklist.push_back(Child);
  }
  return false;
}

} // namespace

const Stmt &MutationAnalyzer::scopeOf(const Expr &E) const {
  const Stmt *Child = &E;
  DynTypedNodeList Parents = parentsOf(Context, E);
  while (!Parents.empty()) {
    const DynTypedNode Parent = Parents[0];
    if (Parent.get<CompoundStmt>()) {
      if (Child == &Body)
        return Body;
      // One answer per statement: a long statement names many objects.
      auto [It, New] = DeclaresAlias.try_emplace(Child, false);
      if (New)
        It->second = declaresAlias(*Child);
      return It->second ? Body : *Child;
    }
    if (const auto *Statement = Parent.get<Stmt>()) {
      if (Statement == &Body)
        return Body;
      Child = Statement;
    } else if (!Parent.get<VarDecl>()) {
      // A default argument, a member initializer, a captured variable's
      // declaration: no statement of a block holds it.
      return Body;
    }
    Parents = parentsOf(Context, Parent);
  }
  return Body;
}

const Stmt *MutationAnalyzer::findMutation(const Expr &E) {
  return ExprMutationAnalyzer::Analyzer(scopeOf(E), Context, Memo)
      .findMutation(&E);
}

const Stmt *MutationAnalyzer::findPointeeMutation(const Expr &E) {
  return ExprMutationAnalyzer::Analyzer(scopeOf(E), Context, Memo)
      .findPointeeMutation(&E);
}

} // namespace clang::tidy::fearless
