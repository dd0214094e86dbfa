//===--- TypestateAnalysis.h - states of local objects on the CFG -*- C++ -*-===//
//
// Tracks, through one function's CFG, the set of states each local object
// (and by-value parameter) of a class with a TypestateModel may be in:
// branches merge into sets, loops reach a fixed point, `if (t.joinable())` and
// `if (f.valid())` refine each branch. Construction and transitions set the
// state; assignment of a new object resets it; passing the object by
// non-const reference or pointer to a function we cannot see, capturing it by
// reference, or moving from it makes the state unknown (nothing is reported
// until a transition makes it known again); a consuming call leaves the object
// consumed until it is reassigned.
//
// It reports, for the checks to phrase:
//   - a call that requires a state the object may not be in, with the
//     statement that produced the offending state on that path;
//   - a use of a consumed object, with the consuming call;
//   - a std::thread that may be joinable where it is destroyed or assigned
//     over (std::terminate), with where the path leaves;
//   - optionally, a call that may throw while a std::thread may be joinable.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_TYPESTATEANALYSIS_H
#define FEARLESS_CHECKER_TYPESTATEANALYSIS_H

#include "fearless/checker/FunctionCFG.h"
#include "fearless/checker/TypestateModel.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace clang::tidy::fearless {

struct TypestateFinding {
  enum Kind {
    WrongState,        ///< a call requires a state the object may not be in
    UsedAfterConsume,  ///< a use of a consumed object
    JoinableAtEnd,     ///< a joinable std::thread destroyed
    JoinableAtAssign,  ///< a joinable std::thread assigned over
    JoinableAtThrow,   ///< a call that may throw while joinable
    DestroyedInWrongState, ///< destroyed in a state its destructor does not allow
  } What;
  const VarDecl *Object = nullptr;
  /// The call (WrongState, UsedAfterConsume, JoinableAtThrow), or the
  /// assignment (JoinableAtAssign).
  const Expr *At = nullptr;
  const CXXMethodDecl *Method = nullptr;
  StateSet Offending = 0;
  StateSet Required = 0;
  /// What produced the offending state on some path: the construction, the
  /// transition, or the consuming call.
  const Stmt *Producer = nullptr;
  /// JoinableAtEnd, DestroyedInWrongState: where the path leaves the
  /// object's scope.
  SourceLocation LeavesAt;
};

struct TypestateOptions {
  /// Report calls that may throw while a std::thread may be joinable.
  bool ExceptionalPaths = false;
};

/// True when \p Function has a parameter or local the analysis would track:
/// a cheap test before building the function's CFG.
bool hasTypestateObjects(const FunctionDecl &Function);

/// For the checks: the findings for the function of a match of
/// registerFunctionBodyMatchers (none when it has no tracked object).
std::vector<TypestateFinding> analyzeMatchedFunction(
    const ast_matchers::MatchFinder::MatchResult &Result,
    const TypestateOptions &Options);

/// Runs the analysis over every tracked object of \p Body's function.
std::vector<TypestateFinding> analyzeTypestates(const FunctionCFG &Body,
                                                const TypestateOptions &Options);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_TYPESTATEANALYSIS_H
