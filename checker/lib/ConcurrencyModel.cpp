//===--- ConcurrencyModel.cpp - where code starts running concurrently ----===//

#include "fearless/checker/ConcurrencyModel.h"

#include "fearless/checker/ThreadStartWrappers.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"

namespace clang::tidy::fearless {

namespace {

LaunchKind threadKindOf(QualType Type) {
  return isStdJThreadType(Type) ? LaunchKind::StdJThread : LaunchKind::StdThread;
}

/// The index of the first argument that goes into a variadic parameter pack
/// of \p Callee (`emplace_back(Args&&...)`, `emplace(pos, Args&&...)`).
std::optional<unsigned> firstPackArgument(const FunctionDecl &Callee) {
  const FunctionDecl *Pattern = Callee.getTemplateInstantiationPattern();
  if (!Pattern)
    return std::nullopt;
  for (unsigned I = 0; I < Pattern->getNumParams(); ++I)
    if (Pattern->getParamDecl(I)->isParameterPack())
      return I;
  return std::nullopt;
}

void addArguments(Launch &L, const CallExpr &Call, unsigned From) {
  for (unsigned I = From; I < Call.getNumArgs(); ++I)
    if (!isa<CXXDefaultArgExpr>(Call.getArg(I)))
      L.Arguments.push_back(Call.getArg(I));
}

Launch makeLaunch(LaunchKind Kind, const Expr &Site, const Expr *Callable) {
  Launch L;
  L.Kind = Kind;
  L.Site = &Site;
  L.Callable = Callable;
  L.Lambda = lambdaOf(Callable);
  return L;
}

/// std::async(policy, f, args...) with a policy that is the constant
/// std::launch::deferred runs f lazily on the calling thread: not a launch.
bool isConstantDeferredPolicy(const Expr &Policy, ASTContext &Context) {
  const auto *Enum = Policy.getType()->getAs<EnumType>();
  if (!Enum || !isStdNamed(Enum->getDecl(), {"launch"}))
    return false;
  Expr::EvalResult Result;
  if (Policy.isValueDependent() || !Policy.EvaluateAsInt(Result, Context))
    return false;
  for (const EnumConstantDecl *Enumerator : Enum->getDecl()->enumerators())
    if (Enumerator->getName() == "deferred")
      return Result.Val.getInt() == Enumerator->getInitVal();
  return false;
}

bool isCallableType(QualType Type) {
  Type = Type.getNonReferenceType().getCanonicalType();
  if (Type->isFunctionPointerType() || Type->isFunctionType())
    return true;
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition())
    return false;
  if (Record->isLambda())
    return true;
  for (const CXXMethodDecl *Method : Record->methods())
    if (Method->getOverloadedOperator() == OO_Call)
      return true;
  // std::function and friends declare operator() in a base or a template.
  return isStdNamed(Record, {"function", "move_only_function"});
}

/// std::execution::par, par_unseq and unseq: policies under which element
/// access functions may run concurrently (seq may not).
bool isConcurrentExecutionPolicy(QualType Type) {
  const auto *Record =
      Type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!Record || !Record->getIdentifier() ||
      !isOneOf({"parallel_policy", "parallel_unsequenced_policy",
                           "unsequenced_policy"},
                          Record->getName()))
    return false;
  // std::execution::parallel_policy, or libstdc++'s
  // __pstl::execution::v1::parallel_policy that std::execution re-exports.
  const std::string Qualified = Record->getQualifiedNameAsString();
  const llvm::StringRef Name(Qualified);
  return Name.contains("execution::") &&
         (Name.starts_with("std::") || Name.starts_with("__pstl::"));
}

/// A parallel algorithm, or a user's concurrent function: every callable
/// argument runs many times at once, and all runs end before the call returns.
void describeManyInstanceCall(const CallExpr &Call, LaunchKind Kind,
                              unsigned FirstArgument,
                              llvm::SmallVector<Launch, 1> &Out) {
  for (unsigned I = FirstArgument; I < Call.getNumArgs(); ++I) {
    if (!isCallableType(Call.getArg(I)->getType()))
      continue;
    Launch L = makeLaunch(Kind, Call, Call.getArg(I));
    L.ManyInstances = true;
    L.FinishedOnReturn = true;
    Out.push_back(std::move(L));
  }
}

bool isInFearlessNamespace(const Decl &D) {
  const DeclContext *Context = D.getDeclContext();
  const NamespaceDecl *Outermost = nullptr;
  for (; Context; Context = Context->getParent())
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(Context))
      Outermost = Namespace;
  return Outermost && Outermost->getIdentifier() &&
         Outermost->getName() == "fearless";
}

/// The runtime's parallel sorts: their comparator or key function (the
/// second argument) is called from many threads at once.
bool isParallelSort(llvm::StringRef Name) {
  return isOneOf({"par_sort", "par_sort_unstable", "par_sort_by_key",
                  "par_sort_unstable_by_key", "par_sort_by_cached_key"},
                 Name);
}

/// The adaptors and terminals of the runtime's parallel iterators whose
/// callables run on the pool.
bool isParallelIteratorOperation(llvm::StringRef Name) {
  return isOneOf(
      {"for_each", "map", "filter", "filter_map", "inspect", "reduce", "fold",
       "any", "all", "find_any", "find_first", "position_any",
       "position_first", "min_by_key", "max_by_key", "flat_map",
       "flat_map_iter", "map_init", "map_with", "for_each_init",
       "for_each_with", "partition"},
      Name);
}

bool isEscapingParameter(const ParmVarDecl &Param) {
  for (const auto *Annotation : Param.specific_attrs<AnnotateAttr>())
    if (Annotation->getAnnotation() == "fearless::escaping")
      return true;
  return false;
}

void describeCall(const CallExpr &Call, ASTContext &Context,
                  const LaunchOptions &Options,
                  llvm::SmallVector<Launch, 1> &Out) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return;
  const unsigned NumArgs = Call.getNumArgs();

  if (isStdNamed(Callee, {"async"}) && NumArgs >= 1) {
    unsigned CallableIndex = 0;
    if (const auto *Enum = Call.getArg(0)->getType()->getAs<EnumType>();
        Enum && isStdNamed(Enum->getDecl(), {"launch"})) {
      if (isConstantDeferredPolicy(*Call.getArg(0), Context) || NumArgs < 2)
        return;
      CallableIndex = 1;
    }
    Launch L = makeLaunch(LaunchKind::Async, Call, Call.getArg(CallableIndex));
    addArguments(L, Call, CallableIndex + 1);
    Out.push_back(std::move(L));
    return;
  }

  if (Callee->getIdentifier() && Callee->getName() == "pthread_create" &&
      Callee->getDeclContext()->getRedeclContext()->isTranslationUnit() &&
      NumArgs == 4) {
    Launch L = makeLaunch(LaunchKind::PthreadCreate, Call, Call.getArg(2));
    L.Arguments.push_back(Call.getArg(3));
    Out.push_back(std::move(L));
    return;
  }

  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    const CXXRecordDecl *Class = Method ? Method->getParent() : nullptr;
    if (Method && Method->getIdentifier() && Class && Class->getIdentifier()) {
      const StringRef Name = Method->getName();
      // try_scope_handle::spawn (a scoped thread with a cancellation token)
      // and pool_scope_handle::spawn (a task on the pool) are joined by
      // their scope as scope_handle::spawn is.
      if (Name == "spawn" &&
          isOneOf({"scope_handle", "try_scope_handle", "pool_scope_handle"},
                  Class->getName()) &&
          isOneOf({"fearless::scope_handle", "fearless::try_scope_handle",
                   "fearless::pool_scope_handle"},
                  Class->getQualifiedNameAsString()) &&
          NumArgs >= 1) {
        Out.push_back(makeLaunch(LaunchKind::ScopeSpawn, Call, Call.getArg(0)));
        return;
      }
      if ((Name == "emplace_back" || Name == "emplace_front" ||
           Name == "emplace") &&
          Member->getImplicitObjectArgument()) {
        const QualType Element = containerElementType(
            Member->getImplicitObjectArgument()->getType());
        const std::optional<unsigned> First = firstPackArgument(*Method);
        if (!Element.isNull() && isStdThreadType(Element) && First &&
            *First < NumArgs &&
            !isStdThreadType(Call.getArg(*First)->getType())) {
          Launch L = makeLaunch(threadKindOf(Element), Call, Call.getArg(*First));
          addArguments(L, Call, *First + 1);
          Out.push_back(std::move(L));
          return;
        }
      }
    }
  }

  if (Callee->isInStdNamespace() && NumArgs >= 2 &&
      isConcurrentExecutionPolicy(Call.getArg(0)->getType())) {
    describeManyInstanceCall(Call, LaunchKind::ParallelAlgorithm, 1, Out);
    return;
  }
  if (isInFearlessNamespace(*Callee)) {
    // fearless::join(a, b), join_context(a, b): a and b run at the same
    // time, once each.
    if (!isa<CXXMethodDecl>(Callee) && Callee->getIdentifier() &&
        isOneOf({"join", "join_context"}, Callee->getName()) && NumArgs == 2) {
      for (unsigned I = 0; I < 2; ++I) {
        Launch L = makeLaunch(LaunchKind::ParallelJoin, Call, Call.getArg(I));
        L.FinishedOnReturn = true;
        Out.push_back(std::move(L));
      }
      return;
    }
    // broadcast(f): f runs on every thread of the pool at once.
    if (!isa<CXXMethodDecl>(Callee) && Callee->getIdentifier() &&
        Callee->getName() == "broadcast" && NumArgs == 1) {
      describeManyInstanceCall(Call, LaunchKind::ParallelIterator, 0, Out);
      return;
    }
    // par_sort(v, comp), par_sort_by_key(v, key): comp and key likewise.
    if (!isa<CXXMethodDecl>(Callee) && Callee->getIdentifier() &&
        isParallelSort(Callee->getName())) {
      describeManyInstanceCall(Call, LaunchKind::ParallelIterator, 1, Out);
      return;
    }
    // par_iter(v).map(f).for_each(g): f and g run many times at once.
    if (isa<CXXMethodDecl>(Callee) && Callee->getIdentifier() &&
        isParallelIteratorOperation(Callee->getName())) {
      describeManyInstanceCall(Call, LaunchKind::ParallelIterator, 0, Out);
      return;
    }
  }
  if (Options.ConcurrentFunctions && Options.ConcurrentFunctions->matches(*Callee)) {
    describeManyInstanceCall(Call, LaunchKind::ConcurrentCall,
                             isa<CXXOperatorCallExpr>(Call) ? 1 : 0, Out);
    return;
  }

  // User functions that keep their callable: by option or by annotation.
  const bool ListedEscaping = Options.EscapingFunctions &&
                              Options.EscapingFunctions->matches(*Callee);
  const unsigned ArgOffset =
      isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
  for (unsigned I = ArgOffset; I < NumArgs; ++I) {
    const unsigned ParamIndex = I - ArgOffset;
    const ParmVarDecl *Param = ParamIndex < Callee->getNumParams()
                                   ? Callee->getParamDecl(ParamIndex)
                                   : nullptr;
    const bool Annotated = Param && isEscapingParameter(*Param);
    if (Annotated || (ListedEscaping && isCallableType(Call.getArg(I)->getType())))
      Out.push_back(makeLaunch(LaunchKind::EscapingCall, Call, Call.getArg(I)));
  }
  if (Out.empty() && Options.Wrappers)
    Options.Wrappers->describe(Call, Context, Options, Out);
}

/// Walks a function body for launches, skipping the bodies of nested lambdas
/// (functions of their own) but not their init-captures (evaluated here).
class LaunchCollector {
public:
  LaunchCollector(ASTContext &Context, const LaunchOptions &Options,
                  llvm::SmallVector<Launch, 4> &Out)
      : Context(Context), Options(Options), Out(Out) {}

  void visit(const Stmt *S) {
    if (!S)
      return;
    if (const auto *E = dyn_cast<Expr>(S))
      for (Launch &L : describeLaunches(*E, Context, Options))
        Out.push_back(std::move(L));
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      for (const Expr *Init : Lambda->capture_inits())
        visit(Init);
      return;
    }
    if (isa<BlockExpr>(S))
      return;
    if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          visit(Var->getInit());
      return;
    }
    for (const Stmt *Child : S->children())
      visit(Child);
  }

private:
  ASTContext &Context;
  const LaunchOptions &Options;
  llvm::SmallVector<Launch, 4> &Out;
};

} // namespace

llvm::SmallVector<Launch, 1> describeLaunches(const Expr &E, ASTContext &Context,
                                              const LaunchOptions &Options) {
  llvm::SmallVector<Launch, 1> Out;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E)) {
    if (isThreadLaunchingConstruction(*Construct)) {
      Launch L = makeLaunch(threadKindOf(Construct->getType()), E,
                            Construct->getArg(0));
      for (unsigned I = 1; I < Construct->getNumArgs(); ++I)
        L.Arguments.push_back(Construct->getArg(I));
      Out.push_back(std::move(L));
    }
    return Out;
  }
  if (const auto *Call = dyn_cast<CallExpr>(&E))
    describeCall(*Call, Context, Options, Out);
  return Out;
}

llvm::SmallVector<Launch, 4> findLaunches(const Stmt &Body, ASTContext &Context,
                                          const LaunchOptions &Options) {
  llvm::SmallVector<Launch, 4> Out;
  LaunchCollector(Context, Options, Out).visit(&Body);
  return Out;
}

const FunctionDecl *callableFunction(const Launch &L) {
  if (L.Lambda)
    return L.Lambda->getCallOperator();
  if (!L.Callable)
    return nullptr;
  const Expr *E = L.Callable->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(Ref->getDecl());
  return nullptr;
}

const LambdaExpr *lambdaOf(const Expr *E, const VarDecl **Variable) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = stripValuePreservingWrappers(E);
    if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
      return Lambda;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      // A copy or move of a closure object, or a wrapper constructed from
      // one (std::function, std::packaged_task, std::move_only_function).
      if (Construct->getNumArgs() < 1)
        return nullptr;
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var || !Var->hasLocalStorage() || !Var->getInit())
        return nullptr;
      if (Variable)
        *Variable = Var;
      E = Var->getInit();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

} // namespace clang::tidy::fearless
