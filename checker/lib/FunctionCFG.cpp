//===--- FunctionCFG.cpp - one function's CFG, indexed --------------------===//

#include "fearless/checker/FunctionCFG.h"
#include "fearless/checker/Parents.h"

#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::fearless {

FunctionCFG::FunctionCFG(const Decl &Function, std::unique_ptr<CFG> Graph,
                         ASTContext &Context)
    : Function(Function), Graph(std::move(Graph)), Context(Context) {
  for (const CFGBlock *Block : *this->Graph) {
    unsigned Index = 0;
    for (const CFGElement &Element : *Block) {
      if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>())
        Positions.try_emplace(S->getStmt(), Position{Block, Index});
      ++Index;
    }
  }
}

std::unique_ptr<FunctionCFG> FunctionCFG::build(const Decl &Function,
                                                ASTContext &Context) {
  Stmt *Body = Function.getBody();
  if (!Body)
    return nullptr;
  CFG::BuildOptions Options;
  // Every sub-expression becomes an element, so that any statement can be
  // placed in the graph without guessing; destructors and the ends of
  // lifetimes are elements too, for the analyses that ask when objects die.
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddLifetime = true;
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(&Function, Body, &Context, Options);
  if (!Graph)
    return nullptr;
  return std::unique_ptr<FunctionCFG>(
      new FunctionCFG(Function, std::move(Graph), Context));
}

std::optional<FunctionCFG::Position>
FunctionCFG::positionOf(const Stmt &S) const {
  if (auto It = Positions.find(&S); It != Positions.end())
    return It->second;
  // Not an element itself: use the nearest enclosing statement that is,
  // going through a variable's initializer to its declaration statement.
  DynTypedNodeList Parents = parentsOf(Context, S);
  while (!Parents.empty()) {
    const DynTypedNode Parent = Parents[0];
    if (const auto *Statement = Parent.get<Stmt>()) {
      if (auto It = Positions.find(Statement); It != Positions.end())
        return It->second;
    } else if (!Parent.get<VarDecl>()) {
      return std::nullopt; // left the function body
    }
    Parents = parentsOf(Context, Parent);
  }
  return std::nullopt;
}

SourceLocation FunctionCFG::leavingPoint(const CFGBlock &Block, unsigned Index,
                                        const VarDecl *Var) const {
  for (unsigned I = Index; I-- > 0;)
    if (std::optional<CFGStmt> S = Block[I].getAs<CFGStmt>())
      if (const auto *Return = dyn_cast<ReturnStmt>(S->getStmt()))
        return Return->getReturnLoc();
  if (Var) {
    DynTypedNodeList Parents = parentsOf(Context, *Var);
    while (!Parents.empty()) {
      if (const auto *Compound = Parents[0].get<CompoundStmt>())
        return Compound->getRBracLoc();
      Parents = parentsOf(Context, Parents[0]);
    }
  }
  return {};
}

} // namespace clang::tidy::fearless
