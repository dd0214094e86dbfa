//===--- ThreadOrigin.cpp - where a thread handle's thread started --------===//

#include "fearless/checker/ThreadOrigin.h"

#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/TemplateBase.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::fearless {

//===----------------------------------------------------------------------===//
// What a statement does to a tracked handle
//===----------------------------------------------------------------------===//

namespace {

/// The effect of one statement on the variable whose thread we look for.
struct Effect {
  enum Kind {
    None,       ///< The statement does not write the variable.
    Launch,     ///< The variable receives a new thread started by Origin.
    Redirect,   ///< The variable receives whatever handle Source holds.
    Opaque,     ///< Written in a way we cannot follow: stop, say nothing.
  } What = None;
  const Expr *Origin = nullptr;
  const VarDecl *Source = nullptr;

  static Effect launch(const Expr *E) { return {Launch, E, nullptr}; }
  static Effect redirect(const VarDecl *V) { return {Redirect, nullptr, V}; }
  static Effect opaque() { return {Opaque, nullptr, nullptr}; }
};

const VarDecl *localVariable(const Expr *E) {
  if (!E)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref)
    return nullptr;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  return Var && Var->hasLocalStorage() ? Var : nullptr;
}

bool refersTo(const Expr *E, const VarDecl &Var) {
  return E && localVariable(stripValuePreservingWrappers(E)) == &Var;
}

bool isAddressOf(const Expr *E, const VarDecl &Var) {
  const auto *Unary = E ? dyn_cast<UnaryOperator>(E->IgnoreParenImpCasts())
                        : nullptr;
  return Unary && Unary->getOpcode() == UO_AddrOf &&
         refersTo(Unary->getSubExpr(), Var);
}

bool isCallTo(const CallExpr &Call, StringRef QualifiedName) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && Callee->getQualifiedNameAsString() == QualifiedName;
}

/// `std::make_unique<std::thread>(f)` and `std::make_shared<std::thread>(f)`.
bool isMakeSmartPointerToThread(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->isInStdNamespace() || !Callee->getIdentifier() ||
      Call.getNumArgs() == 0)
    return false;
  if (Callee->getName() != "make_unique" && Callee->getName() != "make_shared")
    return false;
  const TemplateArgumentList *Args = Callee->getTemplateSpecializationArgs();
  return Args && Args->size() > 0 &&
         Args->get(0).getKind() == TemplateArgument::Type &&
         isStdThreadType(Args->get(0).getAsType());
}

/// What assigning or initialising with \p Value gives the variable.
Effect classifyValue(const Expr *Value) {
  const Expr *E = stripValuePreservingWrappers(Value);
  if (!E)
    return Effect::opaque();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (isThreadLaunchingConstruction(*Construct))
      return Effect::launch(Construct);
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor && Ctor->isCopyOrMoveConstructor() && Construct->getNumArgs() >= 1)
      return classifyValue(Construct->getArg(0));
    return Effect::opaque();
  }
  if (const auto *New = dyn_cast<CXXNewExpr>(E)) {
    const CXXConstructExpr *Construct = New->getConstructExpr();
    if (Construct && isThreadLaunchingConstruction(*Construct))
      return Effect::launch(New);
    return Effect::opaque();
  }
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && isMakeSmartPointerToThread(*Call))
    return Effect::launch(Call);
  if (const VarDecl *Source = localVariable(E))
    return Effect::redirect(Source);
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    if (const VarDecl *Source = localVariable(Unary->getSubExpr()))
      return Effect::redirect(Source);
  return Effect::opaque();
}

/// True when \p Arg, passed for a parameter of type \p Param, lets the callee
/// change \p Var: its address, or \p Var bound to a non-const reference.
bool argumentMayWrite(const Expr *Arg, QualType Param, const VarDecl &Var) {
  if (isAddressOf(Arg, Var))
    return true;
  if (!refersTo(Arg, Var))
    return false;
  // Without a prototype (variadic tail) a reference cannot be formed.
  return !Param.isNull() && Param->isReferenceType() &&
         !Param.getNonReferenceType().isConstQualified();
}

Effect classifyStatement(const Stmt &S, const VarDecl &Var) {
  if (const auto *Decls = dyn_cast<DeclStmt>(&S)) {
    for (const Decl *D : Decls->decls())
      if (D == &Var)
        return Var.hasInit() ? classifyValue(Var.getInit()) : Effect::opaque();
    return {};
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(&S)) {
    if (Binary->isAssignmentOp() && refersTo(Binary->getLHS(), Var))
      return Binary->getOpcode() == BO_Assign ? classifyValue(Binary->getRHS())
                                              : Effect::opaque();
    return {};
  }
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(&S);
      Operator && Operator->getOperator() == OO_Equal &&
      Operator->getNumArgs() == 2 && refersTo(Operator->getArg(0), Var))
    return classifyValue(Operator->getArg(1));

  if (const auto *Call = dyn_cast<CallExpr>(&S)) {
    if (isCallTo(*Call, "pthread_create") && Call->getNumArgs() >= 1 &&
        isAddressOf(Call->getArg(0), Var))
      return Effect::launch(Call);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      if (Method && Method->getIdentifier() && Method->getName() == "swap" &&
          refersTo(Member->getImplicitObjectArgument(), Var))
        return Effect::opaque();
    }
    const FunctionDecl *Callee = Call->getDirectCallee();
    // For operator calls on members the first argument is the object.
    const unsigned Skip =
        isa<CXXOperatorCallExpr>(Call) && isa_and_nonnull<CXXMethodDecl>(Callee)
            ? 1
            : 0;
    for (unsigned I = Skip; I < Call->getNumArgs(); ++I) {
      QualType Param;
      if (Callee && I - Skip < Callee->getNumParams())
        Param = Callee->getParamDecl(I - Skip)->getType();
      else if (!Callee)
        // An indirect call: assume the worst only for addresses.
        Param = QualType();
      if (argumentMayWrite(Call->getArg(I), Param, Var))
        return Effect::opaque();
    }
    return {};
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&S)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I) {
      QualType Param;
      if (Ctor && I < Ctor->getNumParams())
        Param = Ctor->getParamDecl(I)->getType();
      if (argumentMayWrite(Construct->getArg(I), Param, Var))
        return Effect::opaque();
    }
  }
  return {};
}

//===----------------------------------------------------------------------===//
// The backward search
//===----------------------------------------------------------------------===//

/// How many times the search may follow a handle into another handle
/// (`t2 = std::move(t1)`, `p = &t`). Real code needs two or three.
constexpr unsigned MaxRedirects = 8;

class OriginSearch {
public:
  /// Collects the launches that reach \p Reader, evaluated at \p From,
  /// through writes of \p Var. The parts of \p Reader itself are not writes
  /// that come before it: `std::move(t1)` in `t2 = std::move(t1)` reads t1.
  void search(const VarDecl &Var, const Stmt &Reader,
              FunctionCFG::Position From, unsigned Redirects) {
    llvm::DenseSet<const Stmt *> ReaderParts;
    collectParts(Reader, ReaderParts);
    llvm::DenseSet<const CFGBlock *> Visited;
    llvm::SmallVector<FunctionCFG::Position, 8> Worklist{From};
    while (!Worklist.empty()) {
      const FunctionCFG::Position Here = Worklist.pop_back_val();
      if (scanBackwards(Var, Here, ReaderParts, Redirects))
        continue; // This path ended at a write.
      for (const CFGBlock::AdjacentBlock &Pred : Here.Block->preds()) {
        const CFGBlock *Block = Pred.getReachableBlock();
        if (Block && Visited.insert(Block).second)
          Worklist.push_back({Block, static_cast<unsigned>(Block->size())});
      }
    }
  }

  llvm::SmallVector<const Expr *, 2> takeOrigins() { return std::move(Origins); }

private:
  /// Scans the elements before \p Here.Index in its block, last first.
  /// Returns true when a write of \p Var ended the path.
  bool scanBackwards(const VarDecl &Var, FunctionCFG::Position Here,
                     const llvm::DenseSet<const Stmt *> &ReaderParts,
                     unsigned Redirects) {
    for (unsigned I = Here.Index; I-- > 0;) {
      std::optional<CFGStmt> Element = (*Here.Block)[I].getAs<CFGStmt>();
      if (!Element || ReaderParts.contains(Element->getStmt()))
        continue;
      const Stmt &S = *Element->getStmt();
      const Effect E = classifyStatement(S, Var);
      switch (E.What) {
      case Effect::None:
        continue;
      case Effect::Launch:
        addOrigin(E.Origin);
        return true;
      case Effect::Redirect:
        if (Redirects < MaxRedirects && E.Source != &Var)
          search(*E.Source, S, {Here.Block, I}, Redirects + 1);
        return true;
      case Effect::Opaque:
        return true;
      }
    }
    return false;
  }

  /// \p S and every statement inside it, including a declaration's
  /// initializer.
  static void collectParts(const Stmt &S, llvm::DenseSet<const Stmt *> &Parts) {
    if (!Parts.insert(&S).second)
      return;
    if (const auto *Decls = dyn_cast<DeclStmt>(&S))
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit())
          collectParts(*Var->getInit(), Parts);
    for (const Stmt *Child : S.children())
      if (Child)
        collectParts(*Child, Parts);
  }

  void addOrigin(const Expr *Origin) {
    if (!llvm::is_contained(Origins, Origin))
      Origins.push_back(Origin);
  }

  llvm::SmallVector<const Expr *, 2> Origins;
};

/// The variable whose value decides which thread \p Handle denotes: `t` for
/// `t`, `p->`, `*p`, `*up` and `up->`.
const VarDecl *handleVariable(const Expr &Handle) {
  const Expr *E = stripValuePreservingWrappers(&Handle);
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref)
    E = stripValuePreservingWrappers(Unary->getSubExpr());
  else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
           Operator && Operator->getNumArgs() == 1 &&
           (Operator->getOperator() == OO_Arrow ||
            Operator->getOperator() == OO_Star))
    E = stripValuePreservingWrappers(Operator->getArg(0));
  return localVariable(E);
}

} // namespace

llvm::SmallVector<const Expr *, 2> findThreadOrigins(const Expr &Handle,
                                                     const Stmt &At,
                                                     const FunctionCFG *Body) {
  // A temporary thread: it was started right here.
  const Expr *Direct = stripValuePreservingWrappers(&Handle);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Direct);
      Construct && isThreadLaunchingConstruction(*Construct))
    return {Construct};

  const VarDecl *Var = handleVariable(Handle);
  if (!Body || !Var)
    return {};
  std::optional<FunctionCFG::Position> From = Body->positionOf(At);
  if (!From)
    return {};
  OriginSearch Search;
  Search.search(*Var, At, *From, /*Redirects=*/0);
  llvm::SmallVector<const Expr *, 2> Origins = Search.takeOrigins();
  const SourceManager &SM = Body->context().getSourceManager();
  llvm::sort(Origins, [&SM](const Expr *A, const Expr *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  return Origins;
}

} // namespace clang::tidy::fearless
