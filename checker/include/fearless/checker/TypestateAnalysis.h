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
// Reference parameters are tracked too (from FEARLESS_EXPECTS, or unknown),
// and the bindings of a structured binding (from unknown). An unchanged bool
// local tested by several branches correlates them: the function is solved
// once per value of such flags, so `if (b) t.open(); ... if (b) t.close();`
// is not a "may be".
//
// It reports, for the checks to phrase:
//   - a call that requires a state the object may not be in, with the
//     statement that produced the offending state on that path;
//   - an argument that may not be in the state its parameter expects, a
//     reference parameter not left in its promised state, an object
//     returned in another state than its function promises;
//   - an object that may be destroyed (or, optionally, unwound by an
//     exception) in a state its class does not allow, with the path;
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

#include <string>
#include <vector>

namespace clang::tidy::fearless {

/// One branch on the path a finding explains: "assuming 'valid' is false".
struct TypestatePathStep {
  SourceLocation Where;
  std::string What;
};

struct TypestateFinding {
  enum Kind {
    WrongState,        ///< a call requires a state the object may not be in
    WrongArgumentState, ///< an argument may not be in the state its parameter expects
    UsedAfterConsume,  ///< a use of a consumed object
    JoinableAtEnd,     ///< a joinable std::thread destroyed
    JoinableAtAssign,  ///< a joinable std::thread assigned over
    JoinableAtThrow,   ///< a call that may throw while joinable
    DestroyedInWrongState, ///< destroyed in a state its class does not allow
    DestroyedByThrow,  ///< a call that may throw while not in a final state
    LeftInWrongState,  ///< a reference parameter not left in its promised state
    ReturnedInWrongState, ///< returned in a state its function does not promise
  } What;
  /// The variable, parameter or structured binding.
  const ValueDecl *Object = nullptr;
  /// The call (WrongState, UsedAfterConsume, JoinableAtThrow,
  /// DestroyedByThrow), the argument (WrongArgumentState), the assignment
  /// (JoinableAtAssign) or the return statement's value (ReturnedInWrongState).
  const Expr *At = nullptr;
  const CXXMethodDecl *Method = nullptr;
  /// The function called (WrongArgumentState, DestroyedByThrow) or returning
  /// (LeftInWrongState, ReturnedInWrongState).
  const FunctionDecl *Function = nullptr;
  /// WrongArgumentState: the callee's parameter.
  const ParmVarDecl *Parameter = nullptr;
  StateSet Offending;
  StateSet Required;
  /// What produced the offending state on some path: the construction, the
  /// transition, or the consuming call.
  const Stmt *Producer = nullptr;
  /// JoinableAtEnd, DestroyedInWrongState, LeftInWrongState: where the path
  /// leaves the object's scope or the function.
  SourceLocation LeavesAt;
  /// DestroyedInWrongState, DestroyedByThrow, LeftInWrongState: the
  /// branches taken on one path from the producer to the finding.
  std::vector<TypestatePathStep> Path;
};

struct TypestateOptions {
  /// Report calls that may throw while a std::thread may be joinable, or
  /// while an object may be in a state it may not be destroyed in.
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
