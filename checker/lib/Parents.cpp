//===--- Parents.cpp - the parents of a node, cheaply ---------------------===//

#include "fearless/checker/Parents.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

#include <deque>
#include <memory>
#include <vector>

namespace clang::tidy::fearless {
namespace {

/// What parentsOf changed in one live ASTContext.
struct NarrowedContext {
  /// The traversal scope the context had, restored at the end.
  std::vector<Decl *> FullScope;
  /// clang's map of the whole scope, built only if a node outside the user
  /// code is asked about.
  std::unique_ptr<ParentMapContext> Full;
  /// Copies of the lists of several parents handed out: those point into a
  /// map, and building the whole map resets the narrow one (a caller may
  /// still hold a list). One parent is held by value in the list itself.
  std::deque<std::vector<DynTypedNode>> Copies;
};

/// \p Parents, in storage that lives until the end of the translation unit.
DynTypedNodeList stable(NarrowedContext &State, const DynTypedNodeList &Parents) {
  if (Parents.size() <= 1)
    return Parents;
  State.Copies.emplace_back(Parents.begin(), Parents.end());
  return DynTypedNodeList(llvm::ArrayRef<DynTypedNode>(State.Copies.back()));
}

llvm::DenseMap<ASTContext *, NarrowedContext> &narrowed() {
  static llvm::DenseMap<ASTContext *, NarrowedContext> Contexts;
  return Contexts;
}

bool NarrowingAllowed = true;

/// A context destroyed before restoreTraversalScopes (a crash recovery, a
/// tool that stops early): forget it, a later one may reuse its address.
void forgetContext(void *Context) {
  narrowed().erase(static_cast<ASTContext *>(Context));
}

/// The top-level declarations of \p Scope that are not in system headers.
std::vector<Decl *> userCode(const std::vector<Decl *> &Scope,
                             const SourceManager &Sources) {
  std::vector<Decl *> Result;
  for (Decl *Top : Scope) {
    auto *Unit = dyn_cast<TranslationUnitDecl>(Top);
    if (!Unit) {
      Result.push_back(Top);
      continue;
    }
    for (Decl *D : Unit->decls()) {
      const SourceLocation Where = Sources.getExpansionLoc(D->getLocation());
      if (Where.isInvalid() || !Sources.isInSystemHeader(Where))
        Result.push_back(D);
    }
  }
  return Result;
}

} // namespace

void allowNarrowingToUserCode(bool Allowed) { NarrowingAllowed = Allowed; }

DynTypedNodeList parentsOf(ASTContext &Context, const DynTypedNode &Node) {
  // The root has no parent; asking clang would build its whole map.
  if (Node.get<TranslationUnitDecl>())
    return DynTypedNodeList(llvm::ArrayRef<DynTypedNode>());
  if (!NarrowingAllowed)
    return Context.getParents(Node);
  auto [It, Inserted] = narrowed().try_emplace(&Context);
  NarrowedContext &State = It->second;
  if (Inserted) {
    State.FullScope = Context.getTraversalScope();
    Context.setTraversalScope(
        userCode(State.FullScope, Context.getSourceManager()));
    Context.AddDeallocation(forgetContext, &Context);
  }
  DynTypedNodeList Parents = Context.getParents(Node);
  if (!Parents.empty())
    return stable(State, Parents);
  // A node outside the user code (a standard function's body read as a
  // callee): clang's map of everything, built once, beside the narrow one.
  if (!State.Full) {
    const std::vector<Decl *> Narrow = Context.getTraversalScope();
    Context.setTraversalScope(State.FullScope);
    State.Full = std::make_unique<ParentMapContext>(Context);
    // Building is lazy: ask once while the whole scope is in place.
    (void)State.Full->getParents(
        DynTypedNode::create(*Context.getTranslationUnitDecl()));
    Context.setTraversalScope(Narrow);
  }
  return stable(State, State.Full->getParents(Node));
}

void restoreTraversalScopes() {
  for (auto &[Context, State] : narrowed())
    Context->setTraversalScope(State.FullScope);
  narrowed().clear();
}

} // namespace clang::tidy::fearless
