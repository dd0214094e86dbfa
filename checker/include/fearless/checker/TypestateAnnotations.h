//===--- TypestateAnnotations.h - the typestate vocabulary -----*- C++ -*-===//
//
// The annotation strings of fearless/typestate.hpp, where each may be
// written, how the analysis reads them, and the checks that keep a typo
// from silently turning checking off: an unknown state name, a member
// annotation in a class without states, an annotation on the wrong kind of
// declaration, a state listed twice, a query that does not return bool, an
// unknown `fearless::` annotation, and a class whose states nothing changes.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_TYPESTATEANNOTATIONS_H
#define FEARLESS_CHECKER_TYPESTATEANNOTATIONS_H

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::fearless {

namespace typestate_annotation {
inline constexpr llvm::StringLiteral States = "fearless::states:";
inline constexpr llvm::StringLiteral Requires = "fearless::requires:";
inline constexpr llvm::StringLiteral Transition = "fearless::transition:";
inline constexpr llvm::StringLiteral Consumes = "fearless::consumes";
inline constexpr llvm::StringLiteral MovedFrom = "fearless::moved_from:";
inline constexpr llvm::StringLiteral ReturnsIn = "fearless::returns_in:";
inline constexpr llvm::StringLiteral TestsState = "fearless::tests_state:";
inline constexpr llvm::StringLiteral FinalStates = "fearless::final_states:";
inline constexpr llvm::StringLiteral Expects = "fearless::expects:";
inline constexpr llvm::StringLiteral LeavesIn = "fearless::leaves_in:";
} // namespace typestate_annotation

/// The annotation of \p D (or of the template pattern it was instantiated
/// from) that starts with \p Prefix, without the prefix.
std::optional<llvm::StringRef> findTypestateAnnotation(const Decl *D,
                                                       llvm::StringRef Prefix);

/// The annotation starting with \p Prefix on parameter \p Index of
/// \p Function, of any of its declarations, or of its template pattern.
std::optional<llvm::StringRef>
findParameterAnnotation(const FunctionDecl &Function, unsigned Index,
                        llvm::StringRef Prefix);

/// The state names a FEARLESS_STATES list declares, in order, trimmed.
llvm::SmallVector<llvm::StringRef, 8> splitStates(llvm::StringRef List, char Separator);

/// Checks the `fearless::` annotations of declarations one at a time, and at
/// the end of a translation unit the classes whose states never change.
class TypestateAnnotationValidator {
public:
  using Reporter = std::function<void(SourceLocation, const std::string &)>;

  /// Checks every `fearless::` annotation written on \p D.
  void check(const Decl &D, const Reporter &Report);
  /// Reports the classes with states that no annotation seen changes.
  void finish(const Reporter &Report);

private:
  void checkStates(const Decl &D, const AnnotateAttr &Attr, const Reporter &Report);
  void checkStateNames(const Decl &D, const AnnotateAttr &Attr,
                       llvm::StringRef Macro, llvm::StringRef Names,
                       const CXXRecordDecl *Class, const Reporter &Report);
  /// Records that an annotation can change the state of \p Class.
  void changes(const CXXRecordDecl *Class);

  /// Classes with states, where their states are declared, and whether an
  /// annotation changes their state.
  struct StatesClass {
    SourceLocation DeclaredAt;
    std::string Name;
    bool Changed = false;
  };
  llvm::DenseMap<const CXXRecordDecl *, StatesClass> Classes;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_TYPESTATEANNOTATIONS_H
