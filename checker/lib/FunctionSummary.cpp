//===--- FunctionSummary.cpp - what one function does to shared data ------===//

#include "fearless/checker/FunctionSummary.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/Accesses.h"
#include "fearless/checker/Synchronization.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/STLExtras.h"

#include <functional>

namespace clang::tidy::fearless {

namespace {

/// How deep a chain of calls is summarized; deeper calls are unknown.
constexpr unsigned MaxCallDepth = 8;
/// Accesses kept per summary: a bigger function is summarized in part (its
/// first accesses), which can only miss races, never invent one.
constexpr size_t MaxAccessesPerSummary = 512;

bool isInStdLibrary(const FunctionDecl &Function) {
  if (Function.isInStdNamespace())
    return true;
  const auto *Method = dyn_cast<CXXMethodDecl>(&Function);
  return Method && Method->getParent()->isInStdNamespace();
}

/// True when \p D is declared in namespace `fearless` (the runtime).
bool isInRuntimeNamespace(const Decl &D) {
  const NamespaceDecl *Outermost = nullptr;
  for (const DeclContext *Context = D.getDeclContext(); Context;
       Context = Context->getParent())
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(Context))
      Outermost = Namespace;
  return Outermost && Outermost->getIdentifier() &&
         Outermost->getName() == "fearless";
}

/// The expression \p E, and above it the casts and parentheses that keep it
/// the same object or pointer: what a call sees as its argument.
const Expr *outermostSameValue(const Expr &E, ASTContext &Context) {
  const Expr *Child = &E;
  DynTypedNodeList Parents = parentsOf(Context, E);
  while (!Parents.empty() &&
         (Parents[0].get<ImplicitCastExpr>() || Parents[0].get<ParenExpr>() ||
          Parents[0].get<ExplicitCastExpr>())) {
    Child = Parents[0].get<Expr>();
    Parents = parentsOf(Context, *Child);
  }
  return Child;
}

/// The parameter index of argument \p Arg of \p Call, if it is one.
std::optional<unsigned> argumentIndex(const CallExpr &Call, const Expr *Arg) {
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    if (Call.getArg(I) != Arg)
      continue;
    // A member operator's object is its first argument, not a parameter.
    const auto *Operator = dyn_cast<CXXOperatorCallExpr>(&Call);
    if (Operator && isa_and_nonnull<CXXMethodDecl>(Call.getDirectCallee())) {
      if (I == 0)
        return std::nullopt;
      return I - 1;
    }
    return I;
  }
  return std::nullopt;
}

bool isUnevaluatedOperand(const Stmt &S) {
  return isa<UnaryExprOrTypeTraitExpr, CXXTypeidExpr, CXXNoexceptExpr>(S);
}

} // namespace

std::optional<CallBinding> bindingAtCall(const Expr &Use, bool ThroughPointer,
                                         ASTContext &Context) {
  const auto [Parents, Child] = parentThroughParens(Use, Context);
  if (Parents.empty())
    return std::nullopt;
  // obj.f(), p->f(), f() on an implicit this.
  if (const auto *Member = Parents[0].get<MemberExpr>();
      Member && Member->getBase() == Child &&
      Member->isArrow() == ThroughPointer) {
    const auto *Method = dyn_cast<CXXMethodDecl>(Member->getMemberDecl());
    DynTypedNodeList Above = parentsOf(Context, *Member);
    const auto *Call =
        Above.empty() ? nullptr : Above[0].get<CXXMemberCallExpr>();
    if (!Method || !Call || Call->getCallee()->IgnoreParens() != Member ||
        !isSummarized(*Method))
      return std::nullopt;
    return CallBinding{Method, SummaryRoot::This, 0, Call};
  }
  // obj += x, obj(args), obj[i] on a class of ours.
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>();
      Operator && !ThroughPointer && Operator->getNumArgs() >= 1 &&
      Operator->getArg(0) == Child) {
    const auto *Method =
        dyn_cast_or_null<CXXMethodDecl>(Operator->getDirectCallee());
    if (!Method || !isSummarized(*Method))
      return std::nullopt;
    return CallBinding{Method, SummaryRoot::This, 0, Operator};
  }
  // An argument: the object to a reference parameter, a pointer to it (`p`,
  // `&obj`, `reinterpret_cast<sockaddr *>(&addr)`) to a pointer parameter.
  const Expr *Argument = Child;
  if (!ThroughPointer) {
    if (const auto *Unary = Parents[0].get<UnaryOperator>();
        Unary && Unary->getOpcode() == UO_AddrOf)
      Argument = Unary;
    else if (Parents[0].get<CallExpr>() == nullptr)
      return std::nullopt;
  }
  Argument = outermostSameValue(*Argument, Context);
  DynTypedNodeList Above = parentsOf(Context, *Argument);
  const auto *Call = Above.empty() ? nullptr : Above[0].get<CallExpr>();
  if (!Call)
    return std::nullopt;
  const FunctionDecl *Callee = Call->getDirectCallee();
  const std::optional<unsigned> Index = argumentIndex(*Call, Argument);
  if (!Callee || !Index || *Index >= Callee->getNumParams() ||
      !isSummarized(*Callee))
    return std::nullopt;
  const QualType ParamType = Callee->getParamDecl(*Index)->getType();
  const bool ByPointer = Argument != Child || ThroughPointer;
  if (ByPointer ? !ParamType->isPointerType() : !ParamType->isReferenceType())
    return std::nullopt;
  return CallBinding{Callee, SummaryRoot::Parameter, *Index, Call};
}

const ValueDecl *lockAtCall(const ValueDecl *Lock, const CallExpr &Call,
                            const FunctionDecl &Callee) {
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(Lock);
  const auto *Owner =
      Param ? dyn_cast<FunctionDecl>(Param->getDeclContext()) : nullptr;
  if (!Owner || Owner->getCanonicalDecl() != Callee.getCanonicalDecl())
    return Lock;
  unsigned Index = Param->getFunctionScopeIndex();
  if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee))
    ++Index; // the object is the operator's first argument
  if (Index >= Call.getNumArgs())
    return Lock;
  const ValueDecl *Argument = objectKey(Call.getArg(Index));
  return Argument ? Argument : Lock;
}

bool isSummarized(const FunctionDecl &Function) {
  if (isInStdLibrary(Function))
    return false;
  const SourceManager &Sources = Function.getASTContext().getSourceManager();
  return !Sources.isInSystemHeader(Function.getLocation()) ||
         isInRuntimeNamespace(Function);
}

const FunctionSummary *SummaryCache::summaryOf(const FunctionDecl &Function) {
  if (!isSummarized(Function))
    return nullptr;
  const FunctionDecl *Definition = nullptr;
  if (!Function.hasBody(Definition) || !Definition || !Definition->getBody())
    return nullptr;
  if (auto It = Done.find(Definition); It != Done.end())
    return It->second.get();
  if (InProgress.contains(Definition) || Depth >= MaxCallDepth)
    return nullptr;
  InProgress.insert(Definition);
  ++Depth;
  std::unique_ptr<FunctionSummary> Summary = summarize(*Definition);
  --Depth;
  InProgress.erase(Definition);
  return (Done[Definition] = std::move(Summary)).get();
}

SummaryCache::CalleeFacts
SummaryCache::factsOf(const FunctionDecl &Function) {
  const FunctionDecl *Definition = nullptr;
  if (!isSummarized(Function) || !Function.hasBody(Definition) ||
      !Definition || !Definition->getBody())
    return {};
  if (auto It = Facts.find(Definition); It != Facts.end())
    return It->second;
  // The same bounds as summaries: what they would not reach counts nothing.
  if (FactsInProgress.contains(Definition) || FactsDepth >= MaxCallDepth)
    return {};
  FactsInProgress.insert(Definition);
  ++FactsDepth;
  CalleeFacts Found;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || (Found.Waits && Found.NamesGlobals))
      return;
    // The same statements as summarize() reads.
    if (isa<LambdaExpr>(S) || isUnevaluatedOperand(*S))
      return;
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (isWaitCall(*E, Context))
        Found.Waits = true;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
            Var && isSharedMutableGlobal(*Var, ExtraSyncTypes))
          Found.NamesGlobals = true;
      if (const auto *Call = dyn_cast<CallExpr>(E))
        if (const FunctionDecl *Callee = Call->getDirectCallee()) {
          const CalleeFacts Inner = factsOf(*Callee);
          Found.Waits |= Inner.Waits;
          Found.NamesGlobals |= Inner.NamesGlobals;
        }
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Definition->getBody());
  --FactsDepth;
  FactsInProgress.erase(Definition);
  return Facts[Definition] = Found;
}

llvm::SmallVector<const SummaryAccess *, 8>
SummaryCache::accessesThrough(const FunctionSummary &Summary,
                              const CallBinding &Binding) {
  llvm::SmallVector<const SummaryAccess *, 8> Out;
  for (const SummaryAccess &A : Summary.Accesses)
    if (A.Root == Binding.Root &&
        (A.Root != SummaryRoot::Parameter || A.Parameter == Binding.Parameter))
      Out.push_back(&A);
  return Out;
}

llvm::SmallVector<const SummaryAccess *, 8>
SummaryCache::globalAccesses(const FunctionSummary &Summary) {
  llvm::SmallVector<const SummaryAccess *, 8> Out;
  for (const SummaryAccess &A : Summary.Accesses)
    if (A.Root == SummaryRoot::Global)
      Out.push_back(&A);
  return Out;
}

std::unique_ptr<FunctionSummary>
SummaryCache::summarize(const FunctionDecl &Definition) {
  auto Summary = std::make_unique<FunctionSummary>();
  const Stmt &Body = *Definition.getBody();
  MutationAnalyzer Analyzer(Body, Context);

  auto Add = [&](SummaryAccess A) {
    if (Summary->Accesses.size() < MaxAccessesPerSummary)
      Summary->Accesses.push_back(std::move(A));
  };
  auto Merge = [](llvm::SmallVectorImpl<const ValueDecl *> &Into,
                  llvm::ArrayRef<const ValueDecl *> From) {
    for (const ValueDecl *Lock : From)
      if (!llvm::is_contained(Into, Lock))
        Into.push_back(Lock);
  };
  auto MergeShared = [](llvm::SmallVectorImpl<const ValueDecl *> &Into,
                        const ValueDecl *Lock) {
    if (!llvm::is_contained(Into, Lock))
      Into.push_back(Lock);
  };

  // One use of a root: the object itself (`*this` through the pointer
  // `this`, a parameter's referent, a global).
  auto Use = [&](const Expr &E, SummaryAccess Root, bool ThroughPointer) {
    const MemberExpr *Member =
        memberPathOf(E, ThroughPointer, Context, Root.Path);
    for (const FieldDecl *Field : Root.Path)
      if (isGuardedMember(*Field) ||
          isSynchronizedType(Field->getType(), ExtraSyncTypes))
        return;
    const Expr *Target = Member ? static_cast<const Expr *>(Member) : &E;
    const bool TargetThroughPointer = Member ? false : ThroughPointer;
    if (isAtomicAccess(*Target, Context))
      return;
    // `items_[i].field`: an element of a container, and the members of that
    // element (a mutex in the element is still a mutex).
    ContainerPart Part;
    if (!TargetThroughPointer) {
      Part = containerPartOf(*Target, /*IsWrite=*/false, Context);
      if (Part.SynchronizedElement)
        return;
      const Expr *Element =
          Part.ElementOnly ? elementOf(*Target, Context) : nullptr;
      if (const MemberExpr *Inner =
              Element ? memberPathOf(*Element, /*ThroughPointer=*/false,
                                     Context, Root.Path)
                      : nullptr) {
        for (const FieldDecl *Field : Root.Path)
          if (isGuardedMember(*Field) ||
              isSynchronizedType(Field->getType(), ExtraSyncTypes))
            return;
        if (isAtomicAccess(*Inner, Context))
          return;
        Target = Inner;
      }
    }
    Root.ElementOnly = Part.ElementOnly;
    llvm::SmallVector<const ValueDecl *, 1> HeldShared;
    const llvm::SmallVector<const ValueDecl *, 2> Held =
        locksHeld(E, Body, Context, &HeldShared);
    if (std::optional<CallBinding> Binding =
            bindingAtCall(*Target, TargetThroughPointer, Context)) {
      const FunctionSummary *Callee = summaryOf(*Binding->Callee);
      if (!Callee)
        return; // unknown: nothing
      if (Binding->Root == SummaryRoot::This && Callee->UsesAtomics)
        Summary->UsesAtomics = true;
      for (const SummaryAccess *Inner : accessesThrough(*Callee, *Binding)) {
        SummaryAccess A = Root;
        llvm::append_range(A.Path, Inner->Path);
        A.IsWrite = Inner->IsWrite;
        // Through an element here, everything the callee touches is in it.
        A.ElementOnly = Root.ElementOnly || Inner->ElementOnly;
        A.SizeQuery = !Root.ElementOnly && Inner->SizeQuery;
        A.PublishedThroughAtomics = Inner->PublishedThroughAtomics;
        const auto &Call = *cast<CallExpr>(Binding->Call);
        A.Locks = Held;
        A.SharedLocks = HeldShared;
        for (const ValueDecl *Lock : Inner->Locks)
          Merge(A.Locks, {lockAtCall(Lock, Call, *Binding->Callee)});
        for (const ValueDecl *Lock : Inner->SharedLocks)
          MergeShared(A.SharedLocks, lockAtCall(Lock, Call, *Binding->Callee));
        A.Where = Inner->Where;
        Add(std::move(A));
      }
      return;
    }
    if (TargetThroughPointer && !dereferenceOf(*Target, Context) &&
        !isWritten(Analyzer, *Target, true, Context, Body))
      return; // the pointer's value, not what it points to
    if (!TargetThroughPointer && onlyFormsReference(*Target, Context))
      return;
    Root.IsWrite =
        isWritten(Analyzer, *Target, TargetThroughPointer, Context, Body);
    Root.SizeQuery = !TargetThroughPointer && !Root.ElementOnly &&
                     containerPartOf(*Target, Root.IsWrite, Context).SizeQuery;
    Root.Locks = Held;
    Root.SharedLocks = HeldShared;
    Root.Where = &E;
    Add(std::move(Root));
  };

  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S)
      return;
    // Another function's body (a lambda's, which may run anywhere), and
    // what is never evaluated.
    if (isa<LambdaExpr>(S) || isUnevaluatedOperand(*S))
      return;
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (isAtomicOperation(*E))
        Summary->UsesAtomics = true;
      if (isWaitCall(*E, Context))
        Summary->Waits = true;
      if (isa<CXXThisExpr>(E)) {
        SummaryAccess Root;
        Root.Root = SummaryRoot::This;
        Use(*E, std::move(Root), /*ThroughPointer=*/true);
      } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
        if (const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl());
            Param && Param->getDeclContext() == &Definition) {
          const QualType Type = Param->getType();
          if (Type->isReferenceType() || Type->isPointerType()) {
            SummaryAccess Root;
            Root.Root = SummaryRoot::Parameter;
            Root.Parameter = Param->getFunctionScopeIndex();
            Use(*E, std::move(Root), Type->isPointerType());
          }
        } else if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
                   Var && isSharedMutableGlobal(*Var, ExtraSyncTypes)) {
          // A global pointer: `*g`, `g->x` reach what it points to.
          const bool Pointee = Var->getType()->isPointerType() &&
                               dereferenceOf(*E, Context);
          if (Pointee || !Var->getType().isConstQualified()) {
            SummaryAccess Root;
            Root.Root = SummaryRoot::Global;
            Root.Global = Var;
            Root.Pointee = Pointee;
            Use(*E, std::move(Root), /*ThroughPointer=*/Pointee);
          }
        }
      } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
        // What a callee does to globals happens here too.
        if (const FunctionDecl *Callee = Call->getDirectCallee();
            Callee && isSummarized(*Callee)) {
          const CalleeFacts Known = factsOf(*Callee);
          Summary->Waits |= Known.Waits;
          if (const FunctionSummary *Inner =
                  Known.NamesGlobals ? summaryOf(*Callee) : nullptr) {
            Summary->Waits |= Inner->Waits;
            llvm::SmallVector<const ValueDecl *, 1> HeldShared;
            const llvm::SmallVector<const ValueDecl *, 2> Held =
                locksHeld(*E, Body, Context, &HeldShared);
            for (const SummaryAccess *G : globalAccesses(*Inner)) {
              SummaryAccess A = *G;
              A.Locks.clear();
              A.SharedLocks = HeldShared;
              for (const ValueDecl *Lock : G->Locks)
                Merge(A.Locks, {lockAtCall(Lock, *Call, *Callee)});
              for (const ValueDecl *Lock : G->SharedLocks)
                MergeShared(A.SharedLocks, lockAtCall(Lock, *Call, *Callee));
              Merge(A.Locks, Held);
              Add(std::move(A));
            }
          }
        }
      }
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(&Body);

  // A function that operates on atomics publishes what it does to its
  // object's plain members through them (a lock-free ring's slots).
  if (Summary->UsesAtomics)
    for (SummaryAccess &A : Summary->Accesses)
      A.PublishedThroughAtomics = true;
  return Summary;
}

} // namespace clang::tidy::fearless
