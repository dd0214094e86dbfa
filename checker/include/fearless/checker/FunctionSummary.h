//===--- FunctionSummary.h - what one function does to shared data -*- C++ -*-===//
//
// The second layer of the race analysis: one summary per function of the
// translation unit, computed once, on demand, bottom-up through the calls it
// makes (recursion and depth bounded). A summary lists the accesses the
// function makes, through its callees too, to memory its caller can name:
//   - `*this` (a member function's data members, by field path),
//   - the referents of its reference and pointer parameters (by parameter
//     and field path),
//   - globals and statics;
// each with its kind (read or write), the locks held at it (those taken in
// the function or its callees, and those it REQUIRES), and whether the
// function also operates on atomics (a lock-free structure publishing plain
// members through them).
//
// A call is the callee's summary applied at the call site: `obj.method()`
// touches the members of `obj` that `method` touches, under the caller's
// locks plus the ones `method` takes, not "the whole of obj".
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_FUNCTIONSUMMARY_H
#define FEARLESS_CHECKER_FUNCTIONSUMMARY_H

#include "fearless/checker/FunctionNameFilter.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::fearless {

/// What a summarized access starts from.
enum class SummaryRoot { This, Parameter, Global };

/// One access a function makes to memory its caller can name.
struct SummaryAccess {
  SummaryRoot Root = SummaryRoot::This;
  unsigned Parameter = 0;           ///< Root == Parameter: its index
  const VarDecl *Global = nullptr;  ///< Root == Global: the variable
  /// The data members on the way from the root, outermost first.
  llvm::SmallVector<const FieldDecl *, 2> Path;
  bool IsWrite = false;
  /// The path ends at a sequence container (or goes through one of its
  /// elements) and the access touches only an element, or only its size
  /// (see ContainerPart).
  bool ElementOnly = false;
  bool SizeQuery = false;
  /// Root == Global: the access is to what the global pointer points to.
  bool Pointee = false;
  /// Made by a function that also operates on atomics.
  bool PublishedThroughAtomics = false;
  /// The locks held, as their declarations (a data member of the root, a
  /// global).
  llvm::SmallVector<const ValueDecl *, 2> Locks;
  /// The locks of Locks held only as a reader.
  llvm::SmallVector<const ValueDecl *, 1> SharedLocks;
  /// The expression that makes the access, in the function or a callee.
  const Expr *Where = nullptr;
};

struct FunctionSummary {
  std::vector<SummaryAccess> Accesses;
  /// The function (or a callee on the same object) operates on atomics.
  bool UsesAtomics = false;
  /// The function (or a function it calls) waits for another thread: a
  /// latch, a barrier, a condition variable, a future, a join...
  bool Waits = false;
};

/// How a use of an object is handed to a function it calls.
struct CallBinding {
  const FunctionDecl *Callee = nullptr;
  /// This: the object of a member call (`obj.f()`, `p->f()`, `obj += x`);
  /// Parameter: an argument bound to a reference or pointer parameter.
  SummaryRoot Root = SummaryRoot::This;
  unsigned Parameter = 0;
  const Expr *Call = nullptr;
};

/// The call \p Use (an expression naming an object, or a pointer to it when
/// \p ThroughPointer) is handed to, if any, and how. Calls of the standard
/// library are left to the caller: their effects are known by contract.
std::optional<CallBinding> bindingAtCall(const Expr &Use, bool ThroughPointer,
                                         ASTContext &Context);

/// A lock named in \p Callee's summary, as the caller of \p Call sees it: a
/// parameter of the callee (`void add(std::mutex &m, ...)`) becomes the
/// argument given for it; anything else (a member, a global) stays.
const ValueDecl *lockAtCall(const ValueDecl *Lock, const CallExpr &Call,
                            const FunctionDecl &Callee);

/// Whether summaries read \p Function's body. Not the standard library's
/// (its effects are known by contract, and modelled by name), nor other
/// code in system headers (a third-party library's internals, GoogleTest's
/// assertions): reading those cost more than the rest of the analysis and
/// told nothing about the user's data. The fearless runtime is read wherever
/// it is installed. A call of a function not summarized is judged by its
/// caller (ExprMutationAnalyzer on the arguments).
bool isSummarized(const FunctionDecl &Function);

/// The summaries of one translation unit's functions, computed on demand.
class SummaryCache {
public:
  SummaryCache(ASTContext &Context, const FunctionNameFilter *ExtraSyncTypes)
      : Context(Context), ExtraSyncTypes(ExtraSyncTypes) {}

  /// The summary of \p Function, or null when it has no body here, or when
  /// it is being summarized already (recursion) or too deep in a chain of
  /// calls: unknown, and an unknown call is taken to do nothing.
  const FunctionSummary *summaryOf(const FunctionDecl &Function);

  /// What a cheap walk of \p Function's body and its callees' tells,
  /// without a summary: whether it may wait (a join, a latch), and whether
  /// it names a shared mutable global. A call that does neither needs no
  /// summary for the caller's waits and globals, which most calls are.
  struct CalleeFacts {
    bool Waits = false;
    bool NamesGlobals = false;
  };
  CalleeFacts factsOf(const FunctionDecl &Function);

  /// The accesses of \p Summary to the object \p Binding hands over, in
  /// order.
  static llvm::SmallVector<const SummaryAccess *, 8>
  accessesThrough(const FunctionSummary &Summary, const CallBinding &Binding);

  /// The accesses of \p Summary to globals.
  static llvm::SmallVector<const SummaryAccess *, 8>
  globalAccesses(const FunctionSummary &Summary);

private:
  std::unique_ptr<FunctionSummary> summarize(const FunctionDecl &Definition);

  ASTContext &Context;
  const FunctionNameFilter *ExtraSyncTypes;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionSummary>> Done;
  llvm::DenseSet<const FunctionDecl *> InProgress;
  unsigned Depth = 0;
  llvm::DenseMap<const FunctionDecl *, CalleeFacts> Facts;
  llvm::DenseSet<const FunctionDecl *> FactsInProgress;
  unsigned FactsDepth = 0;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_FUNCTIONSUMMARY_H
