//===--- ThreadOrigin.cpp - where a thread handle's thread started --------===//

#include "fearless/checker/ThreadOrigin.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/LambdaCapture.h"
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
  /// For a Redirect: the variable now *refers to* Source (`p = &t`,
  /// `T &r = t`) rather than holding a copy of its value, so what matters is
  /// Source's value when the handle is used, not when the alias was made.
  bool Alias = false;

  static Effect launch(const Expr *E) { return {Launch, E, nullptr}; }
  static Effect redirect(const VarDecl *V, bool Alias = false) {
    return {Redirect, nullptr, V, Alias};
  }
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

/// `*p` and `*up`: the object behind the pointer or smart pointer \p Var.
bool isDereferenceOf(const Expr *E, const VarDecl &Var) {
  E = E ? E->IgnoreParenImpCasts() : nullptr;
  if (const auto *Unary = dyn_cast_or_null<UnaryOperator>(E))
    return Unary->getOpcode() == UO_Deref && refersTo(Unary->getSubExpr(), Var);
  if (const auto *Operator = dyn_cast_or_null<CXXOperatorCallExpr>(E))
    return Operator->getOperator() == OO_Star && Operator->getNumArgs() == 1 &&
           refersTo(Operator->getArg(0), Var);
  return false;
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
      return Effect::redirect(Source, /*Alias=*/true);
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
      if (D == &Var) {
        if (!Var.hasInit())
          return Effect::opaque();
        Effect E = classifyValue(Var.getInit());
        // A reference binds to the object itself.
        if (E.What == Effect::Redirect && Var.getType()->isReferenceType())
          E.Alias = true;
        return E;
      }
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
      Operator->getNumArgs() == 2) {
    if (refersTo(Operator->getArg(0), Var))
      return classifyValue(Operator->getArg(1));
    // `*p = std::thread(f)` writes the thread that the pointer `p` denotes.
    if (isDereferenceOf(Operator->getArg(0), Var))
      return classifyValue(Operator->getArg(1));
  }

  if (const auto *Call = dyn_cast<CallExpr>(&S)) {
    if (isCallTo(*Call, "pthread_create") && Call->getNumArgs() >= 1 &&
        isAddressOf(Call->getArg(0), Var))
      return Effect::launch(Call);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      // A non-const member call may replace the handle's thread (swap,
      // unique_ptr::reset, operator=...); join and detach do not.
      const CXXMethodDecl *Method = Member->getMethodDecl();
      if (Method && !Method->isConst() &&
          refersTo(Member->getImplicitObjectArgument(), Var) &&
          !(Method->getIdentifier() &&
            (Method->getName() == "join" || Method->getName() == "detach")))
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

/// True when \p E is an argument of a pthread_* call (pthread_create(&tid,
/// ...) takes the address to fill it in, not to keep an alias).
bool isPthreadArgument(const Expr &E, ASTContext &Context) {
  DynTypedNodeList Parents = parentsOf(Context, E);
  for (unsigned Depth = 0; !Parents.empty() && Depth < 3; ++Depth) {
    if (const auto *Call = Parents[0].get<CallExpr>()) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      return Callee && Callee->getIdentifier() &&
             Callee->getName().starts_with("pthread_");
    }
    if (!Parents[0].get<ImplicitCastExpr>() && !Parents[0].get<ParenExpr>())
      return false;
    Parents = parentsOf(Context, Parents[0]);
  }
  return false;
}

/// The places in \p Body that make an alias through which \p Var can be
/// written without naming it: `&Var`, a non-const reference bound to it, a
/// lambda capturing it by reference.
void collectAliases(const Stmt *S, const VarDecl &Var, ASTContext &Context,
                    llvm::SmallVectorImpl<const Stmt *> &Aliases) {
  if (!S)
    return;
  if (const auto *Unary = dyn_cast<UnaryOperator>(S);
      Unary && Unary->getOpcode() == UO_AddrOf &&
      refersTo(Unary->getSubExpr(), Var) && !isPthreadArgument(*Unary, Context))
    Aliases.push_back(Unary);
  if (const auto *Decls = dyn_cast<DeclStmt>(S))
    for (const Decl *D : Decls->decls())
      if (const auto *Ref = dyn_cast<VarDecl>(D);
          Ref && Ref->getType()->isReferenceType() &&
          !Ref->getType().getNonReferenceType().isConstQualified() &&
          refersTo(Ref->getInit(), Var))
        Aliases.push_back(Decls);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCapturedVar() == &Var &&
          Capture.getCaptureKind() == LCK_ByRef)
        Aliases.push_back(Lambda);
  for (const Stmt *Child : S->children())
    collectAliases(Child, Var, Context, Aliases);
}

class OriginSearch {
public:
  OriginSearch(const FunctionCFG &Body, const Stmt &QueryReader,
               FunctionCFG::Position QueryFrom)
      : Body(Body), QueryReader(&QueryReader), QueryFrom(QueryFrom) {}

  /// Collects the launches that reach \p Reader, evaluated at \p From,
  /// through writes of \p Var. The parts of \p Reader itself are not writes
  /// that come before it: `std::move(t1)` in `t2 = std::move(t1)` reads t1.
  /// \p Via is the statement that made the alias being followed (`p = &t`),
  /// which is not a reason to give up.
  void search(const VarDecl &Var, const Stmt &Reader,
              FunctionCFG::Position From, unsigned Redirects,
              const Stmt *Via = nullptr) {
    if (hasOtherAliases(Var, Via)) {
      GaveUp = true; // a write through an alias would be invisible
      return;
    }
    llvm::DenseSet<const Stmt *> ReaderParts;
    collectParts(Reader, ReaderParts);
    llvm::SmallVector<FunctionCFG::Position, 8> Worklist{From};
    while (!Worklist.empty()) {
      const FunctionCFG::Position Here = Worklist.pop_back_val();
      if (scanBackwards(Var, Here, ReaderParts, Redirects))
        continue; // This path ended at a write.
      for (const CFGBlock::AdjacentBlock &Pred : Here.Block->preds()) {
        const CFGBlock *Block = Pred.getReachableBlock();
        // One visit per (variable, block) for the whole query: redirects
        // between the same handles cannot multiply the work.
        if (Block && Visited.insert({&Var, Block}).second)
          Worklist.push_back({Block, static_cast<unsigned>(Block->size())});
      }
    }
  }

  /// The origins found, or none when some path could not be followed.
  llvm::SmallVector<const Expr *, 2> takeOrigins() {
    if (GaveUp)
      return {};
    return std::move(Origins);
  }

private:
  bool hasOtherAliases(const VarDecl &Var, const Stmt *Via) const {
    llvm::SmallVector<const Stmt *, 2> Aliases;
    collectAliases(Body.function().getBody(), Var, Body.context(), Aliases);
    for (const Stmt *Alias : Aliases) {
      llvm::DenseSet<const Stmt *> ViaParts;
      if (Via)
        collectParts(*Via, ViaParts);
      if (!ViaParts.contains(Alias))
        return true;
    }
    return false;
  }

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
        if (Redirects >= MaxRedirects || E.Source == &Var)
          return true;
        if (E.Alias)
          // The handle is Source itself: its value where the query reads it.
          search(*E.Source, *QueryReader, QueryFrom, Redirects + 1, &S);
        else
          search(*E.Source, S, {Here.Block, I}, Redirects + 1, &S);
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

  const FunctionCFG &Body;
  const Stmt *QueryReader;
  FunctionCFG::Position QueryFrom;
  llvm::DenseSet<std::pair<const VarDecl *, const CFGBlock *>> Visited;
  llvm::SmallVector<const Expr *, 2> Origins;
  bool GaveUp = false;
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
  OriginSearch Search(*Body, At, *From);
  Search.search(*Var, At, *From, /*Redirects=*/0);
  llvm::SmallVector<const Expr *, 2> Origins = Search.takeOrigins();
  const SourceManager &SM = Body->context().getSourceManager();
  llvm::sort(Origins, [&SM](const Expr *A, const Expr *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  return Origins;
}

} // namespace clang::tidy::fearless
