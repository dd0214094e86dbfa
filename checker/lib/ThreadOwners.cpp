//===--- ThreadOwners.cpp - who is responsible for a running thread -------===//

#include "fearless/checker/ThreadOwners.h"

#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

#include <functional>

namespace clang::tidy::fearless {

namespace {

/// How many member-function calls deep a destructor is followed.
constexpr unsigned MaxDestructorDepth = 3;

/// The data member of `*this` that \p E names, if any.
const FieldDecl *memberOfThis(const Expr *E) {
  const auto *Member = dyn_cast_or_null<MemberExpr>(E ? E->IgnoreParenImpCasts()
                                                       : nullptr);
  if (!Member || !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(Member->getMemberDecl());
}

/// True when \p Body joins \p Member: `member.join()`, or `x.join()` or
/// `x.thread.join()` on the element variable of a range-for over the
/// member; or calls a member function of the object that does.
bool joinsMember(const Stmt *Body, const FieldDecl &Member, unsigned Depth) {
  bool Found = false;
  llvm::SmallVector<const VarDecl *, 2> Elements;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(S);
        RangeFor && memberOfThis(RangeFor->getRangeInit()) == &Member)
      Elements.push_back(RangeFor->getLoopVariable());
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      const Expr *Object = Call->getImplicitObjectArgument();
      if (Method && Method->getIdentifier() && Method->getName() == "join") {
        const Expr *Plain = Object ? Object->IgnoreParenImpCasts() : nullptr;
        const Expr *Element = Plain;
        for (const auto *Part = dyn_cast_or_null<MemberExpr>(Element);
             Part && !Part->isArrow(); Part = dyn_cast<MemberExpr>(Element))
          Element = Part->getBase()->IgnoreParenImpCasts();
        const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Element);
        if (memberOfThis(Plain) == &Member ||
            (Ref && llvm::is_contained(Elements, Ref->getDecl())))
          Found = true;
      } else if (Method && Object &&
                 isa<CXXThisExpr>(Object->IgnoreParenImpCasts()) &&
                 Depth < MaxDestructorDepth) {
        const FunctionDecl *Definition = nullptr;
        if (Method->hasBody(Definition))
          Found = joinsMember(Definition->getBody(), Member, Depth + 1);
      }
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Body);
  return Found;
}

/// `std::thread(...)` that starts a thread, through the wrappers a return
/// value may have.
bool isLaunchingThread(const Expr *E) {
  if (const auto *Cleanups = dyn_cast_or_null<ExprWithCleanups>(E))
    E = Cleanups->getSubExpr();
  E = stripValuePreservingWrappers(E);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E))
    return isStdThreadType(Construct->getType()) &&
           isThreadLaunchingConstruction(*Construct);
  return false;
}

} // namespace

bool destructorJoins(const CXXRecordDecl &Class, const FieldDecl &Member) {
  if (isStdJThreadType(Member.getType()))
    return true;
  const CXXDestructorDecl *Destructor =
      Class.hasDefinition() ? Class.getDefinition()->getDestructor() : nullptr;
  const FunctionDecl *Definition = nullptr;
  return Destructor && Destructor->hasBody(Definition) &&
         joinsMember(Definition->getBody(), Member, 0);
}

bool returnsRunningThread(const FunctionDecl &Function) {
  const FunctionDecl *Definition = nullptr;
  if (!Function.hasBody(Definition) ||
      !isStdThreadType(Function.getReturnType()) ||
      isStdJThreadType(Function.getReturnType()))
    return false;
  bool AnyReturn = false;
  bool AllRunning = true;
  llvm::SmallVector<const VarDecl *, 2> Started;
  llvm::SmallVector<const VarDecl *, 2> Finished;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *Decl = dyn_cast<DeclStmt>(S))
      for (const auto *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->hasLocalStorage() && isLaunchingThread(Var->getInit()))
          Started.push_back(Var);
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
      if (const CXXMethodDecl *Method = Call->getMethodDecl();
          Method && Method->getIdentifier() &&
          isOneOf({"join", "detach"}, Method->getName()))
        if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
                Call->getImplicitObjectArgument()->IgnoreParenImpCasts()))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
            Finished.push_back(Var);
    if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
      AnyReturn = true;
      const Expr *Value = Return->getRetValue();
      if (const auto *Cleanups = dyn_cast_or_null<ExprWithCleanups>(Value))
        Value = Cleanups->getSubExpr();
      if (isLaunchingThread(Value))
        return;
      // `return t;` (or std::move(t)) of a thread started here.
      const Expr *Named = stripValuePreservingWrappers(Value);
      if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Named);
          Construct && Construct->getNumArgs() == 1)
        Named = stripValuePreservingWrappers(Construct->getArg(0));
      const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Named);
      const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      if (!Var || !llvm::is_contained(Started, Var))
        AllRunning = false;
      return;
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Definition->getBody());
  if (!AnyReturn || !AllRunning)
    return false;
  // A started local that is also joined or detached somewhere is not a
  // running thread on every path.
  return llvm::none_of(Started, [&](const VarDecl *Var) {
    return llvm::is_contained(Finished, Var);
  });
}

} // namespace clang::tidy::fearless
