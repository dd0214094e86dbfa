//===--- TypestateModel.h - the states of a class and its transitions -*- C++ -*-===//
//
// What the type-state analysis knows about a class: its states, the state a
// constructor leaves an object in, and for each member function the states it
// may be called in, the state it moves to, and whether it consumes the
// object. Three sources:
//   - annotations (fearless/typestate.hpp): fearless::states:A,B,C,
//     fearless::moved_from:B and fearless::final_states:C on the class,
//     fearless::requires:A|B, fearless::transition:B, fearless::consumes and
//     fearless::tests_state:A on member functions and constructors,
//     fearless::expects:A and fearless::leaves_in:B on parameters,
//     fearless::returns_in:A on functions (TypestateAnnotations.h checks
//     that they are well formed);
//   - the template pattern of the article: a class template whose member
//     functions return another specialisation of the same template
//     (`Machine<Running> start()`): those members consume the object;
//   - built-in models of std::thread (joinable / not joinable), std::future
//     (valid / invalid), std::promise (unsatisfied / satisfied) and the
//     runtime's fearless::join_handle (joinable / joined).
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_TYPESTATEMODEL_H
#define FEARLESS_CHECKER_TYPESTATEMODEL_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/SmallBitVector.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::fearless {

/// A set of states, one bit per state index (as many as the class has).
using StateSet = llvm::SmallBitVector;

struct MethodSemantics {
  /// The states the call is allowed in; empty when allowed in every state.
  StateSet Requires;
  /// The state after the call, if it changes it.
  std::optional<unsigned> Transition;
  /// After the call the object may not be used until reassigned.
  bool Consumes = false;
  /// For a call that consumes as a template transition: the state-type
  /// change (`start` returns `Machine<Running>`), for the message.
  bool TemplateTransition = false;
};

class TypestateModel {
public:
  enum class Kind { Annotated, TemplatePattern, StdThread, StdFuture, StdPromise,
                    JoinHandle };

  /// The model of \p Type's class, if it has one.
  static std::optional<TypestateModel> of(QualType Type);

  Kind kind() const { return What; }
  const std::vector<std::string> &states() const { return States; }
  /// The state after construction by \p Ctor (with \p NumArgs arguments).
  std::optional<unsigned> constructedState(const CXXConstructorDecl &Ctor,
                                           unsigned NumArgs) const;
  /// The state of an object initialised by a call that returns one (a
  /// factory, std::async): known for futures, unknown otherwise.
  std::optional<unsigned> returnedState(const FunctionDecl *Callee) const;
  /// The state a moved-from object is in: not joinable for std::thread and
  /// joined for a join handle, FEARLESS_MOVED_FROM's for an annotated
  /// class, unknown otherwise.
  std::optional<unsigned> movedFromState() const;
  MethodSemantics semantics(const CXXMethodDecl &Method) const;

  /// The method whose result tells the state on a branch, and the states
  /// it means when true and when false: `t.joinable()`, `f.valid()`,
  /// FEARLESS_TESTS_STATE.
  struct Query {
    StateSet WhenTrue;
    StateSet WhenFalse;
  };
  std::optional<Query> query(const CXXMethodDecl &Method) const;

  /// The states an object may be destroyed in (FEARLESS_FINAL_STATES on the
  /// class, or FEARLESS_REQUIRES on its destructor); empty when any.
  StateSet finalStates() const;

  /// For an argument passed as parameter \p Index of \p Callee: the states
  /// it must be in (FEARLESS_EXPECTS; empty when any), and the state the
  /// call leaves it in (FEARLESS_LEAVES_IN).
  StateSet expectedOfParameter(const FunctionDecl &Callee, unsigned Index) const;
  std::optional<unsigned> leftInByParameter(const FunctionDecl &Callee,
                                            unsigned Index) const;

  /// The empty set, and the set of the one state \p State, sized for this
  /// class.
  StateSet none() const { return StateSet(States.size()); }
  StateSet only(unsigned State) const;
  /// The states named in \p List (`A|B`); unknown names are left out.
  StateSet parse(llvm::StringRef List) const;

  /// "joinable", "Running"...
  const std::string &stateName(unsigned State) const { return States[State]; }
  /// "'Initialized'", "'Running' or 'Stopped'".
  std::string describe(const StateSet &States) const;

private:
  std::optional<unsigned> indexOf(llvm::StringRef State) const;

  Kind What = Kind::Annotated;
  std::vector<std::string> States;
  const CXXRecordDecl *Class = nullptr;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_TYPESTATEMODEL_H
