//===--- Synchronization.cpp - the synchronization vocabulary -------------===//

#include "fearless/checker/Synchronization.h"
#include "fearless/checker/LLVMCompat.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

#include <functional>

namespace clang::tidy::fearless {

namespace {

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

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

/// POSIX's synchronization objects, recognised by their typedef names (the
/// C library defines most of them as anonymous unions or plain integers).
bool isPosixSyncTypedef(QualType Type) {
  auto IsSyncName = [](StringRef Name) {
    return isOneOf({"pthread_mutex_t", "pthread_cond_t", "pthread_rwlock_t",
                    "pthread_spinlock_t", "pthread_barrier_t", "sem_t",
                    "pthread_once_t"},
                   Name);
  };
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    const auto *Typedef = Type->getAs<TypedefType>();
    if (!Typedef)
      break;
    if (IsSyncName(Typedef->getDecl()->getName()))
      return true;
    Type = Typedef->desugar();
  }
  if (const RecordDecl *Record = Type.getCanonicalType()->getAsRecordDecl())
    if (const TypedefNameDecl *Name = Record->getTypedefNameForAnonDecl())
      return IsSyncName(Name->getName());
  return false;
}

bool isSynchronizedTypeAt(QualType Type, const FunctionNameFilter *Extra,
                          unsigned Depth);

/// Rust's `Sync` auto trait for a class we can see: every data member (and
/// every base) is synchronized by itself, immutable, or guarded by an
/// annotation, and there is at least one.
bool everyMemberSynchronized(const CXXRecordDecl &Record,
                             const FunctionNameFilter *Extra, unsigned Depth) {
  if (Depth > 4 || !Record.hasDefinition() || Record.isLambda() ||
      Record.isInStdNamespace() || Record.isUnion())
    return false;
  const CXXRecordDecl *Definition = Record.getDefinition();
  bool AnyMember = false;
  for (const CXXBaseSpecifier &Base : Definition->bases()) {
    if (!isSynchronizedTypeAt(Base.getType(), Extra, Depth + 1))
      return false;
    AnyMember = true;
  }
  for (const FieldDecl *Field : Definition->fields()) {
    AnyMember = true;
    if (Field->getType()->isReferenceType() ||
        Field->getType()->isPointerType())
      return false; // what a pointer points to is not part of the class
    const bool Immutable =
        Field->getType().isConstQualified() && !Field->isMutable();
    if (Immutable || isGuardedMember(*Field) ||
        isSynchronizedTypeAt(Field->getType(), Extra, Depth + 1))
      continue;
    return false;
  }
  return AnyMember;
}

/// The concurrent containers of widely used libraries, synchronized inside:
/// Boost.Lockfree's queues and stack, Boost.Fiber's channels, moodycamel's
/// queues, oneTBB's concurrent_* containers, and folly's concurrent queues,
/// map and Synchronized. (Others: the SynchronizedTypes option.)
bool isKnownConcurrentLibraryType(const CXXRecordDecl &Record) {
  if (!Record.getIdentifier())
    return false;
  // The outermost and the innermost namespace the class is declared in
  // (inline namespaces such as oneTBB's versioned `d2` skipped).
  const NamespaceDecl *Outer = nullptr;
  const NamespaceDecl *Inner = nullptr;
  for (const DeclContext *Context = Record.getDeclContext(); Context;
       Context = Context->getParent())
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(Context);
        Namespace && !Namespace->isInline() && Namespace->getIdentifier()) {
      if (!Inner)
        Inner = Namespace;
      Outer = Namespace;
    }
  if (!Outer)
    return false;
  const llvm::StringRef Library = Outer->getName();
  const llvm::StringRef Space = Inner->getName();
  const llvm::StringRef Name = Record.getName();
  if (Library == "boost")
    return (Space == "lockfree" && isOneOf({"queue", "spsc_queue", "stack"}, Name)) ||
           (Space == "fibers" && isOneOf({"buffered_channel", "unbuffered_channel"}, Name));
  if (Library == "moodycamel")
    return isOneOf({"ConcurrentQueue", "BlockingConcurrentQueue", "ReaderWriterQueue",
                    "BlockingReaderWriterQueue"},
                   Name);
  if (Library == "tbb" || Library == "oneapi")
    return Name.starts_with("concurrent_");
  if (Library == "folly")
    return isOneOf({"MPMCQueue", "ProducerConsumerQueue", "UnboundedQueue",
                    "ConcurrentHashMap", "Synchronized"},
                   Name);
  return false;
}

bool isSynchronizedTypeAt(QualType Type, const FunctionNameFilter *Extra,
                          unsigned Depth) {
  Type = Type.getNonReferenceType();
  while (const auto *Array = Type->getAsArrayTypeUnsafe())
    Type = Array->getElementType();
  if (Type->isAtomicType() || isPosixSyncTypedef(Type))
    return true;
  const RecordDecl *Plain = Type.getCanonicalType()->getAsRecordDecl();
  if (Plain && Plain->hasAttr<CapabilityAttr>())
    return true; // a mutex class annotated for -Wthread-safety
  const CXXRecordDecl *Record = Type.getCanonicalType()->getAsCXXRecordDecl();
  if (!Record)
    return false;
  if (isStdNamed(Record,
                 {"atomic", "atomic_ref", "atomic_flag", "mutex",
                  "recursive_mutex", "timed_mutex", "recursive_timed_mutex",
                  "shared_mutex", "shared_timed_mutex", "condition_variable",
                  "condition_variable_any", "latch", "barrier",
                  "counting_semaphore", "once_flag", "future", "shared_future",
                  "promise", "packaged_task", "stop_source", "stop_token"}))
    return true;
  if (hasSyncAnnotation(Record) || isKnownConcurrentLibraryType(*Record))
    return true;
  // A lambda without `mutable` has no state anyone can change after it is
  // built: sharing it (say, a recursive lambda passing itself to join) is
  // safe. What it captures by reference is analysed as its own object.
  if (Record->isLambda())
    if (const CXXMethodDecl *Call = Record->getLambdaCallOperator())
      if (Call->isConst())
        return true;
  if (Extra && Extra->matches(*Record))
    return true;
  return everyMemberSynchronized(*Record, Extra, Depth);
}

//===----------------------------------------------------------------------===//
// Locks
//===----------------------------------------------------------------------===//

bool isScopedLockable(QualType Type) {
  const RecordDecl *Record =
      Type.getNonReferenceType().getCanonicalType()->getAsRecordDecl();
  return Record && Record->hasAttr<ScopedLockableAttr>();
}

bool isLockGuardType(QualType Type) {
  return isStdNamed(Type.getNonReferenceType()->getAsCXXRecordDecl(),
                    {"lock_guard", "unique_lock", "scoped_lock",
                     "shared_lock"}) ||
         isScopedLockable(Type);
}

/// The mutex a guard declaration names (its arguments), and whether it holds
/// it from construction: not with std::defer_lock. std::try_to_lock counts
/// as holding: code that tries checks owns_lock() before touching the data.
struct GuardInfo {
  llvm::SmallVector<const ValueDecl *, 2> Mutexes;
  bool HeldFromStart = true;
  /// A reader's hold: std::shared_lock, or an ACQUIRE_SHARED guard.
  bool Shared = false;
};

GuardInfo describeGuard(const VarDecl &Guard) {
  GuardInfo Info;
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
      Guard.getInit() ? Guard.getInit()->IgnoreImplicit() : nullptr);
  if (!Construct)
    return Info;
  Info.Shared =
      isStdNamed(Guard.getType().getNonReferenceType()->getAsCXXRecordDecl(),
                 {"shared_lock"});
  if (const CXXConstructorDecl *Ctor = Construct->getConstructor())
    for (const auto *Acquire : Ctor->specific_attrs<AcquireCapabilityAttr>())
      Info.Shared |= Acquire->isShared();
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

enum class LockEffect { None, Acquire, AcquireShared, Release };

/// What calling \p Method on an object does to the lock that object is:
/// by name (lock/unlock and their shared forms) or by Clang's thread-safety
/// attributes (ACQUIRE, TRY_ACQUIRE, ASSERT_CAPABILITY, RELEASE), whatever
/// the method is called (`mu_.Lock()`, `mu_.AssertHeld()`).
LockEffect methodLockEffect(const CXXMethodDecl &Method) {
  if (const auto *A = Method.getAttr<AcquireCapabilityAttr>())
    return A->isShared() ? LockEffect::AcquireShared : LockEffect::Acquire;
  if (const auto *A = Method.getAttr<TryAcquireCapabilityAttr>())
    return A->isShared() ? LockEffect::AcquireShared : LockEffect::Acquire;
  if (const auto *A = Method.getAttr<AssertCapabilityAttr>())
    return A->isShared() ? LockEffect::AcquireShared : LockEffect::Acquire;
  switch (compat::legacyAssertLock(Method)) {
  case compat::LegacyAssertLock::Shared:
    return LockEffect::AcquireShared;
  case compat::LegacyAssertLock::Exclusive:
    return LockEffect::Acquire;
  case compat::LegacyAssertLock::None:
    break;
  }
  if (Method.hasAttr<ReleaseCapabilityAttr>())
    return LockEffect::Release;
  if (!Method.getIdentifier())
    return LockEffect::None;
  const StringRef Name = Method.getName();
  if (Name == "lock")
    return LockEffect::Acquire;
  if (Name == "lock_shared")
    return LockEffect::AcquireShared;
  if (isOneOf({"unlock", "unlock_shared"}, Name))
    return LockEffect::Release;
  return LockEffect::None;
}

/// What a call of the POSIX function \p Callee does to the lock that is its
/// first argument.
LockEffect posixLockEffect(const FunctionDecl &Callee) {
  if (!Callee.getIdentifier() || !Callee.getDeclContext()->getRedeclContext()->isTranslationUnit())
    return LockEffect::None;
  const StringRef Name = Callee.getName();
  if (isOneOf({"pthread_mutex_lock", "pthread_mutex_trylock",
               "pthread_mutex_timedlock", "pthread_rwlock_wrlock",
               "pthread_rwlock_trywrlock", "pthread_rwlock_timedwrlock",
               "pthread_spin_lock", "pthread_spin_trylock"},
              Name))
    return LockEffect::Acquire;
  if (isOneOf({"pthread_rwlock_rdlock", "pthread_rwlock_tryrdlock",
               "pthread_rwlock_timedrdlock"},
              Name))
    return LockEffect::AcquireShared;
  if (isOneOf({"pthread_mutex_unlock", "pthread_rwlock_unlock",
               "pthread_spin_unlock"},
              Name))
    return LockEffect::Release;
  return LockEffect::None;
}

/// Applies one statement of a block to the set of mutexes held: guard
/// declarations, lock and unlock calls on a mutex or a guard, POSIX lock
/// calls, and `std::lock(a, b, ...)`. A lock call used as a condition
/// (`if (pthread_mutex_lock(&m) == 0)`) is not followed.
class LockSet {
public:
  void apply(const Stmt &S) {
    if (const auto *Decls = dyn_cast<DeclStmt>(&S)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Guard = dyn_cast<VarDecl>(D);
            Guard && isLockGuardType(Guard->getType())) {
          GuardInfo Info = describeGuard(*Guard);
          if (Info.HeldFromStart)
            change(Info.Shared ? LockEffect::AcquireShared : LockEffect::Acquire,
                   Info.Mutexes);
          if (Info.Shared)
            SharedGuards.insert(Guard);
          Guards[Guard] = std::move(Info.Mutexes);
        }
      return;
    }
    const auto *Statement = dyn_cast<Expr>(&S);
    if (!Statement)
      return;
    const Expr *Plain = Statement->IgnoreImplicit();
    if (const auto *Cast = dyn_cast<CStyleCastExpr>(Plain)) // (void)lock(&m)
      Plain = Cast->getSubExpr()->IgnoreImplicit();
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Plain)) {
      if (const CXXMethodDecl *Method = Call->getMethodDecl()) {
        LockEffect Effect = methodLockEffect(*Method);
        // `lk.lock()` on a std::shared_lock takes it shared again.
        if (Effect == LockEffect::Acquire &&
            SharedGuards.contains(dyn_cast_or_null<VarDecl>(
                objectKey(Call->getImplicitObjectArgument()))))
          Effect = LockEffect::AcquireShared;
        change(Effect, mutexesOf(Call->getImplicitObjectArgument()));
      }
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(Plain)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee)
        return;
      if (isStdNamed(Callee, {"lock"})) {
        for (const Expr *Arg : Call->arguments())
          change(LockEffect::Acquire, mutexesOf(Arg));
        return;
      }
      if (Call->getNumArgs() >= 1)
        change(posixLockEffect(*Callee), mutexesOf(Call->getArg(0)));
    }
  }

  llvm::ArrayRef<const ValueDecl *> held() const { return Held; }
  llvm::ArrayRef<const ValueDecl *> heldShared() const { return SharedHeld; }

private:
  void change(LockEffect Effect, llvm::ArrayRef<const ValueDecl *> Mutexes) {
    auto Drop = [](llvm::SmallVectorImpl<const ValueDecl *> &From,
                   const ValueDecl *M) {
      From.erase(std::remove(From.begin(), From.end(), M), From.end());
    };
    for (const ValueDecl *M : Mutexes)
      switch (Effect) {
      case LockEffect::Acquire:
        Held.push_back(M);
        Drop(SharedHeld, M);
        break;
      case LockEffect::AcquireShared:
        Held.push_back(M);
        SharedHeld.push_back(M);
        break;
      case LockEffect::Release:
        Drop(Held, M);
        Drop(SharedHeld, M);
        break;
      case LockEffect::None:
        break;
      }
  }

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
  llvm::DenseSet<const VarDecl *> SharedGuards;
  llvm::SmallVector<const ValueDecl *, 2> Held;
  /// The locks of Held that are held only as a reader.
  llvm::SmallVector<const ValueDecl *, 2> SharedHeld;
};

/// The capabilities a function is declared to be called with
/// (REQUIRES(mu_), REQUIRES_SHARED(mu_)).
void appendRequiredLocks(const FunctionDecl &Function,
                         llvm::SmallVectorImpl<const ValueDecl *> &Held,
                         llvm::SmallVectorImpl<const ValueDecl *> *SharedOnly) {
  for (const auto *Requires : Function.specific_attrs<RequiresCapabilityAttr>())
    for (const Expr *Arg : Requires->args())
      if (const ValueDecl *Key = objectKey(Arg)) {
        Held.push_back(Key);
        if (SharedOnly && Requires->isShared())
          SharedOnly->push_back(Key);
      }
}

//===----------------------------------------------------------------------===//
// Atomics
//===----------------------------------------------------------------------===//

bool isAtomicBuiltin(const FunctionDecl *Callee) {
  if (!Callee || !Callee->getBuiltinID() || !Callee->getIdentifier())
    return false;
  const StringRef Name = Callee->getName();
  return Name.starts_with("__sync_") || Name.starts_with("__atomic_") ||
         Name.starts_with("__c11_atomic_");
}

/// The object \p E of a member call or operator is a std::atomic (seen
/// through the conversion to libstdc++'s base, `__atomic_base`), an
/// atomic_flag, an atomic_ref, or a C11 `_Atomic`.
bool isAtomicObject(const Expr *E) {
  if (!E)
    return false;
  QualType Type = E->IgnoreParenImpCasts()->getType().getNonReferenceType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  return isStdNamed(Type->getAsCXXRecordDecl(),
                    {"atomic", "atomic_flag", "atomic_ref"}) ||
         Type->isAtomicType();
}

} // namespace

//===----------------------------------------------------------------------===//
// Public entry points
//===----------------------------------------------------------------------===//

bool isSynchronizedType(QualType Type, const FunctionNameFilter *Extra) {
  return isSynchronizedTypeAt(Type, Extra, 0);
}

bool isSynchronizedVariable(const VarDecl &Var) {
  if (Var.hasAttr<GuardedByAttr>() || Var.hasAttr<PtGuardedByAttr>())
    return true;
  // [iostream.objects.overview]: concurrent use of a synchronized standard
  // stream object's formatted and unformatted functions is not a data race.
  return Var.isInStdNamespace() && Var.getIdentifier() &&
         isOneOf({"cout", "cerr", "clog", "cin", "wcout", "wcerr", "wclog",
                  "wcin"},
                 Var.getName());
}

bool isSharedMutableGlobal(const VarDecl &Var,
                           const FunctionNameFilter *ExtraSyncTypes) {
  if (Var.hasLocalStorage() || Var.getTLSKind() != VarDecl::TLS_None ||
      Var.isConstexpr() || isSynchronizedVariable(Var) ||
      isSynchronizedType(Var.getType(), ExtraSyncTypes))
    return false;
  const QualType Type = Var.getType();
  if (Type->isPointerType())
    return !Type.isConstQualified() ||
           !Type->getPointeeType().isConstQualified();
  return !Type.isConstQualified();
}

bool isGuardedMember(const FieldDecl &Field) {
  return Field.hasAttr<GuardedByAttr>() || Field.hasAttr<PtGuardedByAttr>();
}

const ValueDecl *objectKey(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && (Unary->getOpcode() == UO_Deref || Unary->getOpcode() == UO_AddrOf))
    return objectKey(Unary->getSubExpr());
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return objectKey(Cast->getSubExpr());
  return nullptr;
}

bool isLambdaCallOperator(const FunctionDecl *Function) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Function);
  return Method && Method->getParent() && Method->getParent()->isLambda();
}

llvm::SmallVector<const ValueDecl *, 2>
locksHeld(const Expr &E, const Stmt &Root, ASTContext &Context,
          llvm::SmallVectorImpl<const ValueDecl *> *SharedOnly) {
  llvm::SmallVector<const ValueDecl *, 2> Held;
  DynTypedNode Child = DynTypedNode::create(E);
  DynTypedNodeList Parents = parentsOf(Context, E);
  while (!Parents.empty()) {
    const DynTypedNode Parent = Parents[0];
    if (const auto *Function = Parent.get<FunctionDecl>()) {
      appendRequiredLocks(*Function, Held, SharedOnly);
      if (!isLambdaCallOperator(Function))
        break;
    }
    if (const auto *Block = Parent.get<CompoundStmt>()) {
      LockSet Locks;
      for (const Stmt *S : Block->body()) {
        if (S == Child.get<Stmt>())
          break;
        Locks.apply(*S);
      }
      llvm::append_range(Held, Locks.held());
      if (SharedOnly)
        llvm::append_range(*SharedOnly, Locks.heldShared());
    }
    if (Parent.get<Stmt>() == &Root) {
      // The body of a function: what it is declared to be called with.
      if (const auto *Function = dyn_cast_or_null<FunctionDecl>(
              parentsOf(Context, Root).empty()
                  ? nullptr
                  : parentsOf(Context, Root)[0].get<FunctionDecl>()))
        appendRequiredLocks(*Function, Held, SharedOnly);
      break;
    }
    Child = Parent;
    Parents = parentsOf(Context, Parent);
  }
  return Held;
}

bool acquiresLock(const FunctionDecl &Function) {
  bool Found = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
      Found = isLockGuardType(Construct->getType());
    else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
      Found = Call->getMethodDecl() &&
              (methodLockEffect(*Call->getMethodDecl()) == LockEffect::Acquire ||
               methodLockEffect(*Call->getMethodDecl()) ==
                   LockEffect::AcquireShared) &&
              isSynchronizedType(Call->getImplicitObjectArgument()->getType(),
                                 nullptr);
    else if (const auto *Plain = dyn_cast<CallExpr>(S))
      Found = Plain->getDirectCallee() &&
              posixLockEffect(*Plain->getDirectCallee()) != LockEffect::None &&
              posixLockEffect(*Plain->getDirectCallee()) != LockEffect::Release;
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Function.getBody());
  return Found;
}

bool isAtomicAccess(const Expr &E, ASTContext &Context) {
  DynTypedNodeList Parents = parentsOf(Context, E);
  for (unsigned Depth = 0; !Parents.empty() && Depth < 6; ++Depth) {
    // std::atomic_ref(x)
    if (const auto *Construct = Parents[0].get<CXXConstructExpr>())
      return isStdNamed(Construct->getType()->getAsCXXRecordDecl(),
                        {"atomic_ref"});
    // __atomic_load_n(&x, ...), __c11_atomic_*: clang's AtomicExpr.
    if (Parents[0].get<AtomicExpr>())
      return true;
    // __sync_fetch_and_add(&x, 1): a builtin call.
    if (const auto *Call = Parents[0].get<CallExpr>())
      return isAtomicBuiltin(Call->getDirectCallee());
    const bool PassesThrough =
        Parents[0].get<ImplicitCastExpr>() || Parents[0].get<ParenExpr>() ||
        Parents[0].get<ExplicitCastExpr>() ||
        (Parents[0].get<UnaryOperator>() &&
         Parents[0].get<UnaryOperator>()->getOpcode() == UO_AddrOf);
    if (!PassesThrough)
      return false;
    Parents = parentsOf(Context, Parents[0]);
  }
  return false;
}

bool isAtomicOperation(const Expr &E) {
  if (isa<AtomicExpr>(E))
    return true;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&E))
    return isAtomicObject(Member->getImplicitObjectArgument());
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(&E))
    return Operator->getNumArgs() >= 1 && isAtomicObject(Operator->getArg(0));
  if (const auto *Call = dyn_cast<CallExpr>(&E))
    return isAtomicBuiltin(Call->getDirectCallee());
  // A conversion of a std::atomic to its value (`if (running_)`).
  if (const auto *Conversion = dyn_cast<ImplicitCastExpr>(&E))
    return Conversion->getSubExpr()->getType()->isAtomicType();
  return false;
}

bool isWaitCall(const Expr &E, ASTContext &Context) {
  // POSIX: a barrier, a condition variable, a semaphore, a join.
  if (const auto *Call = dyn_cast<CallExpr>(&E);
      Call && !isa<CXXMemberCallExpr>(Call) && Call->getDirectCallee() &&
      Call->getDirectCallee()->getIdentifier() &&
      Call->getDirectCallee()->getDeclContext()->getRedeclContext()->isTranslationUnit() &&
      isOneOf({"pthread_barrier_wait", "pthread_cond_wait",
               "pthread_cond_timedwait", "sem_wait", "sem_timedwait",
               "pthread_join", "pthread_tryjoin_np", "pthread_timedjoin_np"},
              Call->getDirectCallee()->getName()))
    return true;
  const auto *Call = dyn_cast<CXXMemberCallExpr>(&E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || !Call->getImplicitObjectArgument() ||
      !isSynchronizedType(Call->getImplicitObjectArgument()->getType(), nullptr))
    return false;
  const StringRef Name = Method->getName();
  if (isOneOf({"wait", "wait_for", "wait_until", "arrive_and_wait", "acquire",
               "try_acquire", "try_acquire_for", "try_acquire_until", "get"},
              Name))
    return true;
  if (!isOneOf({"load", "test", "compare_exchange_weak",
                "compare_exchange_strong", "exchange"},
               Name))
    return false;
  // A spin: the atomic is read in a condition.
  DynTypedNodeList Parents = parentsOf(Context, E);
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
    Parents = parentsOf(Context, *Parent);
  }
  return false;
}

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

} // namespace clang::tidy::fearless
