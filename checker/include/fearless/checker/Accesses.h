//===--- Accesses.h - what one use of an object does to it ------*- C++ -*-===//
//
// The first layer of the race analysis: one access to a shared object, and
// the questions asked of one use of an object in an expression:
//   - is it written? by clang's ExprMutationAnalyzer's judgement, asked about
//     the statement that names it (MutationAnalyzer.h) (assignment,
//     ++, compound assignment, a non-const member call such as push_back,
//     binding to a non-const reference that is then written); passing the
//     object by non-const reference to a function whose body we cannot see
//     is not a write: we do not invent a race at a call we cannot see;
//   - which part of it: the data members on the way (`r.a.b`), an element
//     (`v[i]`, its index and whether it is a constant), or only a
//     container's own state (`v.size()`);
//   - does it only form a reference or a pointer (`&x`, `auto &r = v[i]`)?
//
// Function summaries (FunctionSummary.h) build on this layer; the race
// check's pairing (SharedAccess.h) builds on both.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_ACCESSES_H
#define FEARLESS_CHECKER_ACCESSES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "fearless/checker/MutationAnalyzer.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace clang::tidy::fearless {

/// One access to a shared object.
struct SharedObjectAccess {
  /// The object: a VarDecl (local, parameter, global, static) or a FieldDecl
  /// (a member reached through `this`).
  const ValueDecl *Object = nullptr;
  /// The expression that names the object (or the pointer to it).
  const Expr *Where = nullptr;
  /// The data members accessed, outermost first (`r.a.b` gives a, b), if the
  /// access is to a member of a class object; accesses to different members
  /// do not conflict.
  llvm::SmallVector<const FieldDecl *, 2> FieldPath;
  bool IsWrite = false;
  /// The element accessed differs between concurrent runs of the callable.
  bool Disjoint = false;
  /// Only an element of a sequence container is touched (`v[i]`, `v.at(i)`,
  /// `v.front()`), not the container's own state (its size, its buffer).
  bool ElementOnly = false;
  /// Only the container's own state is read (`v.size()`, `v.empty()`,
  /// `v.begin()`), not its elements.
  bool SizeQuery = false;
  /// The index of the element accessed (`x[i]`, `x.at(i)`), if any, and its
  /// value when it is a constant.
  const Expr *Index = nullptr;
  std::optional<int64_t> ConstantIndex;
  /// In a launched callable: a wait on a synchronizing object (a latch, a
  /// barrier, a future, a condition variable, a spin on an atomic) comes
  /// before the access: a hand-off the check does not model, so the access
  /// is assumed to be ordered after the other side's writes.
  bool AfterWait = false;
  /// In the launching function: the last such wait before the access, if
  /// any. It orders the access only after the launches that precede it.
  SourceLocation WaitBefore;
  /// The access is made inside a member function that also operates on
  /// atomics: a lock-free structure publishing its plain members through
  /// its atomics (a ring's slots behind its head and tail indices).
  bool PublishedThroughAtomics = false;
  /// The function called at `Where` inside which the access is made, when
  /// it is not made by `Where` itself (a method's summary applied there).
  const FunctionDecl *Via = nullptr;
  /// The access is to what a global pointer points to (`*g`, `g->x`), not
  /// to the pointer itself (which it only reads).
  bool Pointee = false;
  /// The mutexes (their declarations) held during the access.
  llvm::SmallVector<const ValueDecl *, 2> Locks;
  /// The mutexes of Locks held only as a reader (a shared_lock, a read
  /// lock): they do not keep two such holders apart.
  llvm::SmallVector<const ValueDecl *, 1> SharedLocks;
};

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
                                                             ASTContext &Context);

/// The expression that dereferences the pointer \p E: `*p`, `p->member`,
/// `p[i]`, `*it`, `it->member`; null if \p E is not dereferenced there.
const Expr *dereferenceOf(const Expr &E, ASTContext &Context);

/// `T *local = static_cast<T *>(arg);`: the local pointer that \p E (a
/// pointer) is copied into, through casts, if any.
const VarDecl *pointerCopiedInto(const Expr &E, ASTContext &Context);

/// True when \p E (the object itself, or a pointer to it when
/// \p ThroughPointer) is written within \p Body.
bool isWritten(MutationAnalyzer &Analyzer, const Expr &E,
               bool ThroughPointer, ASTContext &Context, const Stmt &Body,
               unsigned Depth = 0);

/// The object and the index of the subscript `a[i]`. ArraySubscriptExpr's
/// getBase() tells them apart by the index's type, which is unknown in a
/// template (`out[numbered.first]` in a generic lambda): there, the object
/// is the one written first.
const Expr *subscriptedObject(const ArraySubscriptExpr &Subscript);
const Expr *subscriptIndexOf(const ArraySubscriptExpr &Subscript);

/// `x[i]`, `x.at(i)`: the index of the element \p E selects, if any.
const Expr *subscriptIndex(const Expr &E, ASTContext &Context);

/// The value of the integer constant expression \p E, if it is one.
std::optional<int64_t> constantValue(const Expr *E, ASTContext &Context);

/// `r.a.b` or `p->a.b`: the chain of data members applied to \p E (appended
/// to \p Path), and the outermost member expression (the one to judge for
/// writes); null when no data member is applied.
const MemberExpr *memberPathOf(const Expr &E, bool ThroughPointer,
                               ASTContext &Context,
                               llvm::SmallVectorImpl<const FieldDecl *> &Path);

/// What a structured binding names: a part of the object its declaration
/// decomposes. `auto [a, b] = s;` names data members of `s` (Path), a
/// std::pair's bindings name `first` and `second`, an array's bindings name
/// its elements (Index, a constant).
struct BindingPart {
  const VarDecl *Storage = nullptr;
  llvm::SmallVector<const FieldDecl *, 1> Path;
  const Expr *Index = nullptr;
};

/// The part \p Binding names; none for a tuple-like decomposition other than
/// std::pair (std::tuple, a user's get<I>), whose parts are not followed.
std::optional<BindingPart> bindingPart(const BindingDecl &Binding);

/// `x[i]` on the object \p E names: the element expression, if any.
const Expr *elementOf(const Expr &E, ASTContext &Context);

/// True when \p E (an array or a pointer) only takes part in address
/// arithmetic whose result is no object: `&slot - slots` (an index), a
/// comparison of addresses, or (for a local or parameter pointer, whose
/// value is the thread's own) a test of the pointer: `if (p)`, `!p`.
bool onlyComputesAddress(const Expr &E, ASTContext &Context);

/// True when \p E runs inside the callable of a `std::call_once`, or in the
/// initializer of a function-local static: it runs once, and its effects are
/// ordered before every other thread that gets past it.
bool isInsideCallOnce(const Expr &E, ASTContext &Context);

/// True when \p E only forms a reference or a pointer to (a part of) an
/// object — `auto &slot = results[i];`, `&x` — which reads and writes nothing
/// by itself.
bool onlyFormsReference(const Expr &E, ASTContext &Context);

/// std::vector, std::array, std::deque, std::basic_string, std::span.
bool isSequenceContainer(QualType Type);

/// Which part of a sequence container one use of it touches.
struct ContainerPart {
  bool ElementOnly = false;         ///< `c[i]`, `c.at(i)`, `c.front()`...
  bool SizeQuery = false;           ///< `c.size()`, `c.empty()`, `c.begin()`...
  bool SynchronizedElement = false; ///< an element that synchronizes itself
};

/// The part of the sequence container \p Container (an expression of
/// container type: a variable, a member access) that the operation applied
/// to it touches. \p IsWrite: whether the use writes (iterators and data()
/// taken to write elements are not size queries).
ContainerPart containerPartOf(const Expr &Container, bool IsWrite,
                              ASTContext &Context);

/// Marks an access that touches only an element, or only the size, of a
/// sequence container: those two do not conflict with each other. Returns
/// false for an access to an element that synchronizes itself (a vector of
/// atomics): not a shared mutable access at all.
bool classifyContainerAccess(SharedObjectAccess &Access, ASTContext &Context);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_ACCESSES_H
