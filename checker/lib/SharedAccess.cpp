//===--- SharedAccess.cpp - who touches which shared object, how ----------===//

#include "fearless/checker/SharedAccess.h"

#include "fearless/checker/Borrows.h"
#include "fearless/checker/StatementContext.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <functional>

namespace clang::tidy::fearless {

namespace {

bool hasSyncAnnotation(const CXXRecordDecl *Record) {
  if (!Record)
    return false;
  auto Annotated = [](const Decl *D) {
    for (const auto *Annotation : D->specific_attrs<AnnotateAttr>())
      if (Annotation->getAnnotation() == "fearless::sync")
        return true;
    return false;
  };
  if (Annotated(Record))
    return true;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    return Annotated(Spec->getSpecializedTemplate()->getTemplatedDecl());
  return false;
}

bool isLockGuardType(QualType Type) {
  return isStdNamed(Type.getNonReferenceType()->getAsCXXRecordDecl(),
                         {"lock_guard", "unique_lock", "scoped_lock",
                          "shared_lock"});
}

/// The declaration that identifies the object \p E names, for comparing
/// mutexes and shared objects: a variable, or a member of `*this`.
const ValueDecl *objectKey(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref)
    return objectKey(Unary->getSubExpr());
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Locks
//===----------------------------------------------------------------------===//

bool isLambdaCallOperator(const FunctionDecl *Function) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Function);
  return Method && Method->getParent() && Method->getParent()->isLambda();
}

/// The mutex a guard declaration names (its first argument), and whether it
/// holds it from construction: not with std::defer_lock. std::try_to_lock
/// counts as holding: code that tries checks owns_lock() before touching the
/// data.
struct GuardInfo {
  llvm::SmallVector<const ValueDecl *, 2> Mutexes;
  bool HeldFromStart = true;
};

GuardInfo describeGuard(const VarDecl &Guard) {
  GuardInfo Info;
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
      Guard.getInit() ? Guard.getInit()->IgnoreImplicit() : nullptr);
  if (!Construct)
    return Info;
  for (const Expr *Arg : Construct->arguments()) {
    const CXXRecordDecl *Tag = Arg->getType()->getAsCXXRecordDecl();
    if (isStdNamed(Tag, {"defer_lock_t"})) {
      Info.HeldFromStart = false;
      continue;
    }
    if (isStdNamed(Tag, {"adopt_lock_t", "try_to_lock_t"}))
      continue;
    if (const ValueDecl *Key = objectKey(Arg))
      Info.Mutexes.push_back(Key);
  }
  return Info;
}

/// Applies one statement of a block to the set of mutexes held: guard
/// declarations, `m.lock()` / `m.unlock()`, `lk.lock()` / `lk.unlock()` on a
/// guard, and `std::lock(a, b, ...)`.
class LockSet {
public:
  void apply(const Stmt &S) {
    if (const auto *Decls = dyn_cast<DeclStmt>(&S)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Guard = dyn_cast<VarDecl>(D);
            Guard && isLockGuardType(Guard->getType())) {
          GuardInfo Info = describeGuard(*Guard);
          if (Info.HeldFromStart)
            llvm::append_range(Held, Info.Mutexes);
          Guards[Guard] = std::move(Info.Mutexes);
        }
      return;
    }
    const auto *Statement = dyn_cast<Expr>(&S);
    if (!Statement)
      return;
    const Expr *Plain = Statement->IgnoreImplicit();
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Plain)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (!Method || !Method->getIdentifier())
        return;
      const StringRef Name = Method->getName();
      const auto Affected = mutexesOf(Call->getImplicitObjectArgument());
      if (Name == "lock" || Name == "lock_shared")
        llvm::append_range(Held, Affected);
      else if (Name == "unlock" || Name == "unlock_shared")
        for (const ValueDecl *M : Affected)
          Held.erase(std::remove(Held.begin(), Held.end(), M), Held.end());
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(Plain)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
          Callee->getName() == "lock")
        for (const Expr *Arg : Call->arguments())
          llvm::append_range(Held, mutexesOf(Arg));
    }
  }

  llvm::ArrayRef<const ValueDecl *> held() const { return Held; }

private:
  /// The mutexes behind \p E: a guard's, or the mutex itself.
  llvm::SmallVector<const ValueDecl *, 2> mutexesOf(const Expr *E) const {
    const ValueDecl *Key = objectKey(E);
    if (auto It = Guards.find(Key); It != Guards.end())
      return It->second;
    if (Key)
      return {Key};
    return {};
  }

  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<const ValueDecl *, 2>>
      Guards;
  llvm::SmallVector<const ValueDecl *, 2> Held;
};

/// The mutexes held when \p E runs: what the statements before it in each
/// enclosing block, up to \p Root, lock and unlock. A lambda written inside
/// the region (a condition variable's predicate, a helper called under the
/// lock) is taken to run where it is written.
llvm::SmallVector<const ValueDecl *, 2> locksHeld(const Expr &E, const Stmt &Root,
                                                  ASTContext &Context) {
  llvm::SmallVector<const ValueDecl *, 2> Held;
  DynTypedNode Child = DynTypedNode::create(E);
  DynTypedNodeList Parents = Context.getParents(E);
  while (!Parents.empty()) {
    const DynTypedNode Parent = Parents[0];
    if (const auto *Function = Parent.get<FunctionDecl>();
        Function && !isLambdaCallOperator(Function))
      break;
    if (const auto *Block = Parent.get<CompoundStmt>()) {
      LockSet Locks;
      for (const Stmt *S : Block->body()) {
        if (S == Child.get<Stmt>())
          break;
        Locks.apply(*S);
      }
      llvm::append_range(Held, Locks.held());
    }
    if (Parent.get<Stmt>() == &Root)
      break;
    Child = Parent;
    Parents = Context.getParents(Parent);
  }
  return Held;
}

//===----------------------------------------------------------------------===//
// Reads and writes
//===----------------------------------------------------------------------===//

/// Visits every expression in \p S, including nested lambdas' bodies.
template <typename Visit> void forEachUse(const Stmt *S, const Visit &Callback) {
  if (!S)
    return;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // A nested lambda's body runs wherever that lambda runs: still part of
    // this callable's accesses as far as we can tell.
    forEachUse(Lambda->getBody(), Callback);
    return;
  }
  if (const auto *E = dyn_cast<Expr>(S))
    Callback(*E);
  for (const Stmt *Child : S->children())
    forEachUse(Child, Callback);
}

/// The parents of \p E above any implicit casts and parentheses, and the
/// expression right below them (\p E itself, or its outermost cast).
std::pair<DynTypedNodeList, const Expr *> parentThroughParens(const Expr &E,
                                                             ASTContext &Context) {
  const Expr *Child = &E;
  DynTypedNodeList Parents = Context.getParents(E);
  while (!Parents.empty() && (Parents[0].get<ImplicitCastExpr>() ||
                              Parents[0].get<ParenExpr>())) {
    Child = Parents[0].get<Expr>();
    Parents = Context.getParents(*Child);
  }
  return {Parents, Child};
}

/// The expression that dereferences the pointer \p E: `*p`, `p->member`,
/// `p[i]`, `*it`, `it->member`; null if \p E is not dereferenced there.
const Expr *dereferenceOf(const Expr &E, ASTContext &Context) {
  const auto [Parents, Child] = parentThroughParens(E, Context);
  if (Parents.empty())
    return nullptr;
  if (const auto *Unary = Parents[0].get<UnaryOperator>();
      Unary && Unary->getOpcode() == UO_Deref)
    return Unary;
  if (const auto *Member = Parents[0].get<MemberExpr>();
      Member && Member->isArrow())
    return Member;
  if (const auto *Subscript = Parents[0].get<ArraySubscriptExpr>();
      Subscript && Subscript->getBase() == Child)
    return Subscript;
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>();
      Operator && Operator->getNumArgs() >= 1 && Operator->getArg(0) == Child &&
      (Operator->getOperator() == OO_Star ||
       Operator->getOperator() == OO_Subscript))
    return Operator;
  return nullptr;
}

/// True when \p Method's body may write a data member of `*this` whose type
/// does not synchronize itself (directly, or through another member function
/// of the object). A method that only updates atomics writes nothing racy.
bool writesUnsynchronizedMembers(const CXXMethodDecl &Method, ASTContext &Context,
                                 unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  if (!Method.hasBody(Definition) || !Definition->getBody())
    return false;
  if (Depth > 3)
    return true;
  ExprMutationAnalyzer Analyzer(*Definition->getBody(), Context);
  bool Writes = false;
  forEachUse(Definition->getBody(), [&](const Expr &E) {
    if (Writes)
      return;
    if (const auto *Member = dyn_cast<MemberExpr>(&E);
        Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
          Field && !isSynchronizedType(Field->getType(), nullptr))
        Writes = Analyzer.isMutated(Member);
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(&E))
      if (const CXXMethodDecl *Other = Call->getMethodDecl();
          Other && !Other->isConst() && Call->getImplicitObjectArgument() &&
          isa<CXXThisExpr>(Call->getImplicitObjectArgument()->IgnoreParenImpCasts()))
        Writes = writesUnsynchronizedMembers(*Other, Context, Depth + 1);
  });
  return Writes;
}

/// True when \p Function's body takes a lock: a lock guard, `m.lock()`, or
/// `std::lock(...)`.
bool acquiresLock(const FunctionDecl &Function) {
  bool Found = false;
  forEachUse(Function.getBody(), [&Found](const Expr &E) {
    if (Found)
      return;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E))
      Found = isLockGuardType(Construct->getType());
    else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(&E))
      Found = Call->getMethodDecl() && Call->getMethodDecl()->getIdentifier() &&
              Call->getMethodDecl()->getName() == "lock" &&
              isSynchronizedType(Call->getImplicitObjectArgument()->getType(),
                                 nullptr);
  });
  return Found;
}

/// `v[i]` on a sequence container, `at`, `front`, `back`, `find`...: calls
/// that select an element without changing the container. (A map's
/// operator[] inserts, so it is not one.)
bool isElementAccessor(const CallExpr &Call) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call.getDirectCallee());
  if (!Method || !Method->getParent()->isInStdNamespace())
    return false;
  const CXXRecordDecl *Container = Method->getParent();
  if (Method->getOverloadedOperator() == OO_Subscript)
    return isStdNamed(Container,
                           {"vector", "array", "deque", "basic_string", "span"});
  if (!Method->getIdentifier())
    return false;
  return isOneOf({"at", "front", "back", "data", "find", "begin",
                             "end", "rbegin", "rend", "lower_bound",
                             "upper_bound", "equal_range"},
                            Method->getName());
}

/// True when \p E is written, by ExprMutationAnalyzer's judgement, except
/// through a call of a function whose body we cannot see (an unknown
/// function taking a non-const reference may or may not write).
/// `T *local = static_cast<T *>(arg);`: the local pointer that \p E (a
/// pointer) is copied into, through casts, if any.
const VarDecl *pointerCopiedInto(const Expr &E, ASTContext &Context) {
  const Expr *Child = &E;
  DynTypedNodeList Parents = Context.getParents(E);
  while (!Parents.empty() && (Parents[0].get<ImplicitCastExpr>() ||
                              Parents[0].get<ExplicitCastExpr>() ||
                              Parents[0].get<ParenExpr>())) {
    Child = Parents[0].get<Expr>();
    Parents = Context.getParents(*Child);
  }
  if (Parents.empty())
    return nullptr;
  const auto *Var = Parents[0].get<VarDecl>();
  return Var && Var->hasLocalStorage() && Var->getType()->isPointerType() &&
                 Var->getInit() == Child
             ? Var
             : nullptr;
}

bool isWritten(ExprMutationAnalyzer &Analyzer, const Expr &E,
               bool ThroughPointer, ASTContext &Context, const Stmt &Body,
               unsigned Depth = 0) {
  if (ThroughPointer) {
    // `*p`, `p->x`, `p[i]`, `*it`: the object behind the pointer is the
    // expression around the pointer's name; judge that one.
    if (const Expr *Pointee = dereferenceOf(E, Context))
      if (isWritten(Analyzer, *Pointee, /*ThroughPointer=*/false, Context, Body,
                    Depth))
        return true;
    // A copy into another local pointer (a start routine's `void *arg`
    // cast to `int *`): writes through the copy write the same object.
    if (const VarDecl *Copy = pointerCopiedInto(E, Context); Copy && Depth < 4) {
      bool Written = false;
      forEachUse(&Body, [&](const Expr &Use) {
        const auto *Ref = dyn_cast<DeclRefExpr>(&Use);
        if (!Written && Ref && Ref->getDecl() == Copy)
          Written = isWritten(Analyzer, Use, /*ThroughPointer=*/true, Context,
                              Body, Depth + 1);
      });
      if (Written)
        return true;
    }
  }
  const Stmt *Mutation = ThroughPointer ? Analyzer.findPointeeMutation(&E)
                                        : Analyzer.findMutation(&E);
  if (!Mutation)
    return false;
  const auto *Call = dyn_cast<CallExpr>(Mutation);
  if (!Call)
    return true;
  const FunctionDecl *Callee = Call->getDirectCallee();
  // A function that takes a lock synchronizes what it does to its arguments
  // and its object (a thread-safe class's methods, a deposit(Account &)).
  if (Callee && Callee->hasBody() && acquiresLock(*Callee))
    return false;

  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    Object = Member->getImplicitObjectArgument();
  else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
           Operator && isa_and_nonnull<CXXMethodDecl>(Callee) &&
           Operator->getNumArgs() > 0)
    Object = Operator->getArg(0);
  if (Object && Object->IgnoreParenImpCasts() == E.IgnoreParenImpCasts()) {
    // An element accessor (`v[i]`, `v.at(i)`, `m.find(k)`) writes nothing
    // by itself: judge what is done with the element it returns.
    if (isElementAccessor(*Call) && Depth < 4) {
      // A reference to the element is judged as the element; a pointer or an
      // iterator (`data()`, `begin()`, `find()`) by what is written through it.
      const bool ReturnsPointer = !Call->getType()->isReferenceType() &&
                                  !Call->isLValue();
      return isWritten(Analyzer, *Call, ReturnsPointer, Context, Body, Depth + 1);
    }
    // Any other non-const member function writes the object, if we know
    // what it does: a standard type's, or one whose body we can see and that
    // writes a member that does not synchronize itself.
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
    if (!Method || Method->getParent()->isInStdNamespace())
      return true;
    return Callee->hasBody() && writesUnsynchronizedMembers(*Method, Context, 0);
  }
  // The object passed by non-const reference: a write only if the callee's
  // body, which ExprMutationAnalyzer read, writes it; never invented at a
  // call we cannot see.
  return Callee && Callee->hasBody();
}

/// Atomic access through a temporary std::atomic_ref(x).
bool isAtomicRefAccess(const Expr &E, ASTContext &Context) {
  DynTypedNodeList Parents = Context.getParents(E);
  for (unsigned Depth = 0; !Parents.empty() && Depth < 4; ++Depth) {
    if (const auto *Construct = Parents[0].get<CXXConstructExpr>())
      return isStdNamed(Construct->getType()->getAsCXXRecordDecl(),
                             {"atomic_ref"});
    if (!Parents[0].get<ImplicitCastExpr>() && !Parents[0].get<ParenExpr>())
      return false;
    Parents = Context.getParents(Parents[0]);
  }
  return false;
}

/// `x[i]`, `x.at(i)`: the index of the element \p E selects, if any.
const Expr *subscriptIndex(const Expr &E, ASTContext &Context) {
  const auto [Parents, Child] = parentThroughParens(E, Context);
  if (Parents.empty())
    return nullptr;
  if (const auto *Subscript = Parents[0].get<ArraySubscriptExpr>();
      Subscript && Subscript->getBase() == Child)
    return Subscript->getIdx();
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>();
      Operator && Operator->getOperator() == OO_Subscript &&
      Operator->getNumArgs() == 2 && Operator->getArg(0) == Child)
    return Operator->getArg(1);
  if (const auto *Member = Parents[0].get<MemberExpr>()) {
    DynTypedNodeList CallParents = Context.getParents(*Member);
    if (const auto *Call = CallParents.empty()
                               ? nullptr
                               : CallParents[0].get<CXXMemberCallExpr>();
        Call && Call->getMethodDecl() && Call->getMethodDecl()->getIdentifier() &&
        Call->getMethodDecl()->getName() == "at" && Call->getNumArgs() == 1)
      return Call->getArg(0);
  }
  return nullptr;
}

/// The loop around \p S inside its function, innermost, if any (not looking
/// past a lambda: a loop around a lambda does not repeat its body).
const Stmt *enclosingLoop(const Stmt &S, ASTContext &Context) {
  DynTypedNodeList Parents = Context.getParents(S);
  while (!Parents.empty()) {
    const DynTypedNode Parent = Parents[0];
    if (Parent.get<FunctionDecl>() || Parent.get<LambdaExpr>())
      return nullptr;
    if (const auto *Loop = Parent.get<Stmt>();
        Loop && isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(Loop))
      return Loop;
    Parents = Context.getParents(Parent);
  }
  return nullptr;
}

bool isDeclaredInside(const ValueDecl *D, const Stmt *Scope,
                      ASTContext &Context) {
  if (!D || !Scope)
    return false;
  const SourceManager &SM = Context.getSourceManager();
  const SourceRange Range = Scope->getSourceRange();
  return !SM.isBeforeInTranslationUnit(D->getLocation(), Range.getBegin()) &&
         !SM.isBeforeInTranslationUnit(Range.getEnd(), D->getLocation());
}

/// `results[i]`, `&results[i]`, `std::ref(results[i])`, `results.at(i)`:
/// an element chosen by an index declared inside \p Loop (so each run of the
/// loop chooses its own).
bool isPerIterationElementExpr(const Expr *E, const Stmt *Loop,
                               ASTContext &Context) {
  if (!E || !Loop)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
      Call->getDirectCallee()->isInStdNamespace() &&
      Call->getDirectCallee()->getIdentifier() &&
      isOneOf({"ref", "cref"}, Call->getDirectCallee()->getName()))
    E = Call->getArg(0)->IgnoreParenImpCasts();
  const Expr *Index = nullptr;
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    Index = Subscript->getIdx();
  else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
           Operator && Operator->getOperator() == OO_Subscript &&
           Operator->getNumArgs() == 2)
    Index = Operator->getArg(1);
  else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
           Call && Call->getMethodDecl() &&
           Call->getMethodDecl()->getIdentifier() &&
           Call->getMethodDecl()->getName() == "at" && Call->getNumArgs() == 1)
    Index = Call->getArg(0);
  const auto *Ref =
      Index ? dyn_cast<DeclRefExpr>(Index->IgnoreParenImpCasts()) : nullptr;
  return Ref && isDeclaredInside(Ref->getDecl(), Loop, Context);
}

bool usesVariableDeclaredInside(const Stmt *S, const Stmt *Loop,
                                ASTContext &Context) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
      Ref && isa<VarDecl>(Ref->getDecl()) &&
      isDeclaredInside(Ref->getDecl(), Loop, Context))
    return true;
  for (const Stmt *Child : S->children())
    if (usesVariableDeclaredInside(Child, Loop, Context))
      return true;
  return false;
}

/// True when the name a callable uses is bound to this run's own element:
/// `auto &slot = results[i];` or the element variable of a range-for, both
/// declared in the launching loop, or an init-capture or argument that picks
/// an element by the loop's index.
bool isPerIterationElement(const Borrow &B, const Stmt *Loop,
                           ASTContext &Context) {
  if (!Loop || !B.Named)
    return false;
  if (isPerIterationElementExpr(B.BoundFrom, Loop, Context))
    return true;
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(Loop);
      RangeFor && RangeFor->getLoopVariable() == B.Named &&
      B.Named->getType()->isReferenceType())
    return true;
  if (!isDeclaredInside(B.Named, Loop, Context) || !B.Named->getInit())
    return false;
  if (B.Named->getType()->isReferenceType())
    return isPerIterationElementExpr(B.Named->getInit(), Loop, Context);
  // A pointer or iterator computed in the loop from the loop's own index
  // (`long *chunk = v.data() + c * n / k;`): each run gets its own part.
  return B.NamedIsPointer && usesVariableDeclaredInside(B.Named->getInit(), Loop,
                                                        Context);
}

std::optional<int64_t> constantValue(const Expr *E, ASTContext &Context) {
  Expr::EvalResult Result;
  if (!E || E->isValueDependent() || !E->EvaluateAsInt(Result, Context))
    return std::nullopt;
  return Result.Val.getInt().getExtValue();
}

/// `r.a` or `p->a`: the member access applied to \p E, if any.
const MemberExpr *memberAccessOf(const Expr &E, bool ThroughPointer,
                                 ASTContext &Context) {
  const auto [Parents, Child] = parentThroughParens(E, Context);
  const auto *Member = Parents.empty() ? nullptr : Parents[0].get<MemberExpr>();
  if (!Member || Member->getBase() != Child ||
      Member->isArrow() != ThroughPointer ||
      !isa<FieldDecl>(Member->getMemberDecl()))
    return nullptr;
  return Member;
}

/// `r.a.b` or `p->a.b`: the chain of data members applied to \p E, and the
/// outermost member expression (the one to judge for writes).
const MemberExpr *memberPathOf(const Expr &E, bool ThroughPointer,
                               ASTContext &Context,
                               llvm::SmallVectorImpl<const FieldDecl *> &Path) {
  const MemberExpr *Member = memberAccessOf(E, ThroughPointer, Context);
  const MemberExpr *Outer = Member;
  while (Member) {
    Path.push_back(cast<FieldDecl>(Member->getMemberDecl()));
    Outer = Member;
    Member = memberAccessOf(*Member, /*ThroughPointer=*/false, Context);
  }
  return Outer;
}

/// True when \p E runs inside the callable of a `std::call_once`, which
/// runs once and orders its effects before every other call's return.
bool isInsideCallOnce(const Expr &E, ASTContext &Context) {
  DynTypedNodeList Parents = Context.getParents(E);
  while (!Parents.empty()) {
    if (const auto *Lambda = Parents[0].get<LambdaExpr>()) {
      DynTypedNodeList Above = Context.getParents(*Lambda);
      while (!Above.empty() && (Above[0].get<MaterializeTemporaryExpr>() ||
                                Above[0].get<ImplicitCastExpr>() ||
                                Above[0].get<CXXBindTemporaryExpr>()))
        Above = Context.getParents(Above[0]);
      if (const auto *Call = Above.empty() ? nullptr : Above[0].get<CallExpr>())
        if (isStdNamed(Call->getDirectCallee(), {"call_once"}))
          return true;
    }
    if (const auto *Function = Parents[0].get<FunctionDecl>()) {
      // A lambda's body may hang off its call operator: go on from the
      // closure class to the lambda expression.
      if (!isLambdaCallOperator(Function))
        return false;
      Parents = Context.getParents(*cast<CXXMethodDecl>(Function)->getParent());
      continue;
    }
    Parents = Context.getParents(Parents[0]);
  }
  return false;
}

/// True when \p E only forms a reference or a pointer to (a part of) an
/// object — `auto &slot = results[i];`, `&x` — which reads and writes nothing
/// by itself.
bool onlyFormsReference(const Expr &E, ASTContext &Context) {
  const Expr *Child = &E;
  DynTypedNodeList Parents = Context.getParents(E);
  while (!Parents.empty()) {
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Var = Parent.get<VarDecl>())
      return Var->getType()->isReferenceType() && Var->getInit() &&
             Var->getInit()->IgnoreParenImpCasts() ==
                 Child->IgnoreParenImpCasts();
    if (const auto *Unary = Parent.get<UnaryOperator>())
      return Unary->getOpcode() == UO_AddrOf;
    const Expr *Next = Parent.get<Expr>();
    if (!Next)
      return false;
    const bool PartOf =
        isa<ImplicitCastExpr, ParenExpr>(Next) ||
        (isa<MemberExpr>(Next) && !cast<MemberExpr>(Next)->isArrow()) ||
        (isa<ArraySubscriptExpr>(Next) &&
         cast<ArraySubscriptExpr>(Next)->getBase() == Child) ||
        (isa<CXXOperatorCallExpr>(Next) &&
         cast<CXXOperatorCallExpr>(Next)->getOperator() == OO_Subscript &&
         cast<CXXOperatorCallExpr>(Next)->getArg(0) == Child);
    if (!PartOf)
      return false;
    Child = Next;
    Parents = Context.getParents(*Next);
  }
  return false;
}

bool isSequenceContainer(QualType Type) {
  return isStdNamed(Type.getNonReferenceType()->getAsCXXRecordDecl(),
                         {"vector", "array", "deque", "basic_string", "span"});
}

/// The member call or subscript applied to the container \p E names, and
/// its name ("operator[]" for subscripts); empty when there is none.
llvm::StringRef containerOperation(const Expr &E, ASTContext &Context) {
  const auto [Parents, Child] = parentThroughParens(E, Context);
  if (Parents.empty())
    return "";
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>();
      Operator && Operator->getOperator() == OO_Subscript &&
      Operator->getArg(0) == Child)
    return "operator[]";
  if (const auto *Member = Parents[0].get<MemberExpr>()) {
    DynTypedNodeList CallParents = Context.getParents(*Member);
    if (const auto *Call = CallParents.empty()
                               ? nullptr
                               : CallParents[0].get<CXXMemberCallExpr>())
      if (const CXXMethodDecl *Method = Call->getMethodDecl();
          Method && Method->getIdentifier())
        return Method->getName();
  }
  return "";
}

/// Marks an access that touches only an element, or only the size, of a
/// sequence container: those two do not conflict with each other. Returns
/// false for an access to an element that synchronizes itself (a vector of
/// atomics): not a shared mutable access at all.
bool classifyContainerAccess(SharedObjectAccess &Access, ASTContext &Context) {
  const QualType Type = Access.Object->getType().getNonReferenceType();
  if (const auto *Array = Type->getAsArrayTypeUnsafe(); Array && Access.Index) {
    if (isSynchronizedType(Array->getElementType(), nullptr))
      return false;
    Access.ElementOnly = true;
    return true;
  }
  if (!isSequenceContainer(Type))
    return true;
  const llvm::StringRef Operation = containerOperation(*Access.Where, Context);
  Access.ElementOnly =
      isOneOf({"operator[]", "at", "front", "back"}, Operation);
  if (Access.ElementOnly &&
      isSynchronizedType(containerElementType(Type), nullptr))
    return false;
  // size() and friends read only the container's own state; data() and the
  // iterators too, unless elements are written through what they return
  // (then the access is a write, judged through the pointer).
  Access.SizeQuery =
      isOneOf({"size", "empty", "capacity", "max_size", "length"},
                         Operation) ||
      (!Access.IsWrite &&
       isOneOf({"begin", "end", "cbegin", "cend", "data"}, Operation));
  return true;
}

/// A call that waits for another thread through a synchronizing object:
/// latch/barrier/condition variable/future/semaphore waits, joins, and
/// atomic loads or tests in a loop's or an if's condition (a spin).
bool isWaitCall(const Expr &E, ASTContext &Context) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(&E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || !Call->getImplicitObjectArgument() ||
      !isSynchronizedType(Call->getImplicitObjectArgument()->getType(), nullptr))
    return false;
  const StringRef Name = Method->getName();
  if (isOneOf({"wait", "wait_for", "wait_until", "arrive_and_wait",
                          "acquire", "try_acquire", "try_acquire_for",
                          "try_acquire_until", "get"},
                         Name))
    return true;
  if (!isOneOf({"load", "test", "compare_exchange_weak",
                           "compare_exchange_strong", "exchange"},
                          Name))
    return false;
  // A spin: the atomic is read in a condition.
  DynTypedNodeList Parents = Context.getParents(E);
  const Stmt *Child = &E;
  while (!Parents.empty()) {
    const Stmt *Parent = Parents[0].get<Stmt>();
    if (!Parent)
      return false;
    if (const auto *While = dyn_cast<WhileStmt>(Parent))
      return While->getCond() == Child;
    if (const auto *Do = dyn_cast<DoStmt>(Parent))
      return Do->getCond() == Child;
    if (const auto *If = dyn_cast<IfStmt>(Parent))
      return If->getCond() == Child;
    if (const auto *For = dyn_cast<ForStmt>(Parent))
      return For->getCond() == Child;
    if (!isa<Expr>(Parent))
      return false;
    Child = Parent;
    Parents = Context.getParents(*Parent);
  }
  return false;
}

/// The locations of the wait calls in \p Body (nested lambdas' bodies
/// excluded when \p SkipLambdas).
llvm::SmallVector<SourceLocation, 4> waitsIn(const Stmt *Body, bool SkipLambdas,
                                             ASTContext &Context) {
  llvm::SmallVector<SourceLocation, 4> Waits;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || (SkipLambdas && isa<LambdaExpr>(S)))
      return;
    if (const auto *E = dyn_cast<Expr>(S); E && isWaitCall(*E, Context))
      Waits.push_back(E->getBeginLoc());
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Body);
  return Waits;
}

SourceLocation lastBefore(SourceLocation Where,
                          llvm::ArrayRef<SourceLocation> Waits,
                          const SourceManager &SM) {
  SourceLocation Last;
  for (SourceLocation Wait : Waits)
    if (SM.isBeforeInTranslationUnit(Wait, Where) &&
        (Last.isInvalid() || SM.isBeforeInTranslationUnit(Last, Wait)))
      Last = Wait;
  return Last;
}

bool isAfterAny(SourceLocation Where, llvm::ArrayRef<SourceLocation> Waits,
                const SourceManager &SM) {
  return llvm::any_of(Waits, [&](SourceLocation Wait) {
    return SM.isBeforeInTranslationUnit(Wait, Where);
  });
}

} // namespace

bool isBeforeThisIterationsLaunch(const SharedObjectAccess &P, const Launch &L,
                                  ASTContext &Context) {
  const Stmt *Loop = enclosingLoop(*L.Site, Context);
  const auto *Ref =
      P.Index ? dyn_cast<DeclRefExpr>(P.Index->IgnoreParenImpCasts()) : nullptr;
  return Loop && Ref && isDeclaredInside(Ref->getDecl(), Loop, Context) &&
         Context.getSourceManager().isBeforeInTranslationUnit(
             P.Where->getBeginLoc(), L.Site->getBeginLoc()) &&
         !Context.getSourceManager().isBeforeInTranslationUnit(
             P.Where->getBeginLoc(), Loop->getBeginLoc());
}

bool isSynchronizedType(QualType Type, const FunctionNameFilter *Extra) {
  Type = Type.getNonReferenceType();
  while (const auto *Array = Type->getAsArrayTypeUnsafe())
    Type = Array->getElementType();
  const CXXRecordDecl *Record = Type.getCanonicalType()->getAsCXXRecordDecl();
  if (!Record)
    return false;
  if (isStdNamed(Record,
                      {"atomic", "atomic_ref", "atomic_flag", "mutex",
                       "recursive_mutex", "timed_mutex", "recursive_timed_mutex",
                       "shared_mutex", "shared_timed_mutex", "condition_variable",
                       "condition_variable_any", "latch", "barrier",
                       "counting_semaphore", "once_flag", "future",
                       "shared_future", "promise", "packaged_task",
                       "stop_source", "stop_token"}))
    return true;
  if (hasSyncAnnotation(Record))
    return true;
  // A lambda without `mutable` has no state anyone can change after it is
  // built: sharing it (say, a recursive lambda passing itself to join) is
  // safe. What it captures by reference is analysed as its own object.
  if (Record->isLambda())
    if (const CXXMethodDecl *Call = Record->getLambdaCallOperator())
      if (Call->isConst())
        return true;
  return Extra && Extra->matches(*Record);
}

CallableAccesses findCallableAccesses(const Launch &L,
                                      const FunctionDecl &Function,
                                      ASTContext &Context,
                                      const FunctionNameFilter *ExtraSyncTypes) {
  CallableAccesses Result;
  const FunctionDecl *Runs = callableFunction(L);
  const Stmt *Body = Runs ? Runs->getBody() : nullptr;
  if (!Body)
    return Result;
  ExprMutationAnalyzer Analyzer(*Body, Context);
  const Stmt *Loop = enclosingLoop(*L.Site, Context);

  // How the body names each shared object.
  struct Name {
    const ValueDecl *Object;
    bool ThroughPointer;
    bool PerRunElement; ///< a reference to this run's own element
  };
  llvm::DenseMap<const VarDecl *, Name> Names;
  bool ThisShared = false;
  for (const Borrow &B : findBorrowNames(L, Function)) {
    if (B.Kind == BorrowKind::This) {
      ThisShared = true;
      continue;
    }
    if (!B.Object || !B.Named ||
        isSynchronizedType(B.Object->getType(), ExtraSyncTypes))
      continue;
    Names[B.Named] = {B.Object, B.NamedIsPointer,
                      isPerIterationElement(B, Loop, Context)};
    Result.SharedAt.try_emplace(B.Object, B.Location);
    if (!L.ManyInstances && isDeclaredInside(B.Object, Loop, Context) &&
        !llvm::is_contained(Result.PerRun, B.Object))
      Result.PerRun.push_back(B.Object);
  }

  // Is the index of `x[i]` different in each concurrent run?
  // Is a variable's value different in each concurrent run? A parameter of
  // the callable (a parallel element), or a copy of a variable declared in
  // the launching loop (its index, or a bound computed from it).
  auto IsPerRunValue = [&](const VarDecl *Var) {
    if (const auto *Param = dyn_cast<ParmVarDecl>(Var))
      if (Runs && Param->getDeclContext() == Runs)
        return true;
    if (!L.Lambda || !Loop)
      return false;
    for (const LambdaCapture &Capture : L.Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCapturedVar() == Var)
        return Capture.getCaptureKind() == LCK_ByCopy &&
               isDeclaredInside(Var, Loop, Context);
    return false;
  };
  // A local loop of the callable over a per-run range (`for (i = begin; i <
  // end; ++i)` with `begin` and `end` copied per run): the band partition.
  auto IsPerRunBandIndex = [&](const VarDecl *Var) {
    if (!Var->getInit() || !isDeclaredInside(Var, Body, Context))
      return false;
    bool UsesPerRun = false;
    forEachUse(Var->getInit(), [&](const Expr &Use) {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(&Use))
        if (const auto *Source = dyn_cast<VarDecl>(Ref->getDecl()))
          UsesPerRun |= IsPerRunValue(Source);
    });
    return UsesPerRun;
  };
  // The index of `x[i]`, `x[y * w + x0]`, `x[static_cast<size_t>(i)]`: it
  // differs between runs when it is computed from a per-run value.
  auto IsPerRunIndex = [&](const Expr *Index) {
    if (!Index)
      return false;
    bool PerRun = false;
    forEachUse(Index, [&](const Expr &Use) {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(&Use))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          PerRun |= IsPerRunValue(Var) || IsPerRunBandIndex(Var);
    });
    return PerRun;
  };

  const llvm::SmallVector<SourceLocation, 4> Waits =
      waitsIn(Body, /*SkipLambdas=*/false, Context);
  forEachUse(Body, [&](const Expr &E) {
    const ValueDecl *Object = nullptr;
    bool ThroughPointer = false;
    bool PerRunElement = false;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(&E)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var)
        return;
      if (auto It = Names.find(Var); It != Names.end()) {
        Object = It->second.Object;
        ThroughPointer = It->second.ThroughPointer;
        PerRunElement = It->second.PerRunElement;
      } else if (!Var->hasLocalStorage()) {
        // A global or static: shared with everyone, unless per thread or
        // immutable.
        if (Var->getTLSKind() != VarDecl::TLS_None ||
            Var->getType().isConstQualified() || Var->isConstexpr() ||
            isSynchronizedType(Var->getType(), ExtraSyncTypes))
          return;
        Object = Var;
        Result.SharedAt.try_emplace(Var, Ref->getLocation());
      }
    } else if (const auto *Member = dyn_cast<MemberExpr>(&E)) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!ThisShared || !Field ||
          !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()) ||
          isSynchronizedType(Field->getType(), ExtraSyncTypes))
        return;
      Object = Field;
      Result.SharedAt.try_emplace(Field, Member->getMemberLoc());
    }
    if (!Object || isAtomicRefAccess(E, Context) ||
        isInUnevaluatedContext(E, Context) || isInsideCallOnce(E, Context))
      return;
    SharedObjectAccess Access;
    Access.Object = Object;
    Access.Where = &E;
    if (const MemberExpr *Member =
            memberPathOf(E, ThroughPointer, Context, Access.FieldPath)) {
      // Members of the object: a synchronizing member (a mutex, an atomic)
      // is never a race, and other members are other data.
      for (const FieldDecl *Field : Access.FieldPath)
        if (isSynchronizedType(Field->getType(), ExtraSyncTypes))
          return;
      Access.IsWrite =
          isWritten(Analyzer, *Member, /*ThroughPointer=*/false, Context, *Body);
    } else {
      Access.IsWrite = isWritten(Analyzer, E, ThroughPointer, Context, *Body);
    }
    Access.Index = subscriptIndex(E, Context);
    Access.ConstantIndex = constantValue(Access.Index, Context);
    Access.Disjoint = PerRunElement || IsPerRunIndex(Access.Index);
    Access.AfterWait =
        isAfterAny(E.getBeginLoc(), Waits, Context.getSourceManager());
    Access.Locks = locksHeld(E, *Body, Context);
    if (!classifyContainerAccess(Access, Context))
      return; // an element that synchronizes itself
    // Through a pointer or iterator into a container: its elements.
    if (ThroughPointer && isSequenceContainer(Object->getType()))
      Access.ElementOnly = true;
    Result.Accesses.push_back(std::move(Access));
  });
  return Result;
}

llvm::SmallVector<SharedObjectAccess, 8>
findFunctionAccesses(const FunctionDecl &Function,
                     llvm::ArrayRef<const ValueDecl *> Objects,
                     llvm::ArrayRef<Launch> Launches, ASTContext &Context) {
  llvm::SmallVector<SharedObjectAccess, 8> Result;
  const Stmt *Body = Function.getBody();
  if (!Body || Objects.empty())
    return Result;
  ExprMutationAnalyzer Analyzer(*Body, Context);

  // The launch expressions hand objects over (`std::ref(x)`, `&x`); they
  // are not accesses of the launching function.
  llvm::SmallPtrSet<const Stmt *, 8> Skip;
  for (const Launch &L : Launches)
    Skip.insert(L.Site);
  const llvm::SmallVector<SourceLocation, 4> Waits =
      waitsIn(Body, /*SkipLambdas=*/true, Context);

  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Skip.contains(S) || isa<LambdaExpr>(S))
      return;
    const ValueDecl *Object = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      Object = Ref->getDecl();
    else if (const auto *Member = dyn_cast<MemberExpr>(S);
             Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      Object = Member->getMemberDecl();
    if (Object && llvm::is_contained(Objects, Object)) {
      const auto &E = *cast<Expr>(S);
      if (!isAtomicRefAccess(E, Context) && !isInUnevaluatedContext(E, Context) &&
          !onlyFormsReference(E, Context)) {
        SharedObjectAccess Access;
        Access.Object = Object;
        Access.Where = &E;
        const MemberExpr *Member = memberPathOf(E, /*ThroughPointer=*/false,
                                                Context, Access.FieldPath);
        for (const FieldDecl *Field : Access.FieldPath)
          if (isSynchronizedType(Field->getType(), nullptr))
            return;
        Access.IsWrite = isWritten(Analyzer, Member ? *Member : E,
                                   /*ThroughPointer=*/false, Context, *Body);
        Access.Locks = locksHeld(E, *Body, Context);
        Access.Index = subscriptIndex(E, Context);
        Access.ConstantIndex = constantValue(Access.Index, Context);
        Access.WaitBefore =
            lastBefore(E.getBeginLoc(), Waits, Context.getSourceManager());
        if (classifyContainerAccess(Access, Context))
          Result.push_back(std::move(Access));
      }
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Body);
  return Result;
}

bool touchDifferentParts(const SharedObjectAccess &A,
                         const SharedObjectAccess &B) {
  for (unsigned I = 0; I < A.FieldPath.size() && I < B.FieldPath.size(); ++I)
    if (A.FieldPath[I] != B.FieldPath[I])
      return true;
  // Two different constant elements of an array or a vector (not a map,
  // whose operator[] inserts).
  if (A.ElementOnly && B.ElementOnly && A.ConstantIndex && B.ConstantIndex &&
      *A.ConstantIndex != *B.ConstantIndex)
    return true;
  return (A.ElementOnly && B.SizeQuery) || (A.SizeQuery && B.ElementOnly);
}

bool shareALock(const SharedObjectAccess &A, const SharedObjectAccess &B) {
  for (const ValueDecl *Lock : A.Locks)
    if (llvm::is_contained(B.Locks, Lock))
      return true;
  return false;
}

} // namespace clang::tidy::fearless
