//===--- TypestateModel.h - the states of a class and its transitions -*- C++ -*-===//
//
// What the type-state analysis knows about a class: its states, the state a
// constructor leaves an object in, and for each member function the states it
// may be called in, the state it moves to, and whether it consumes the
// object. Three sources:
//   - annotations (fearless/typestate.hpp): fearless::states:A,B,C on the
//     class, fearless::requires:A|B, fearless::transition:B and
//     fearless::consumes on member functions and constructors;
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

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::fearless {

/// A set of states, one bit per state index.
using StateSet = uint32_t;

struct MethodSemantics {
  /// The states the call is allowed in; 0 when allowed in every state.
  StateSet Requires = 0;
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

  /// The method whose result tells the state on a branch, and the state it
  /// means when true and when false: `t.joinable()`, `f.valid()`.
  struct Query {
    unsigned WhenTrue;
    unsigned WhenFalse;
  };
  std::optional<Query> query(const CXXMethodDecl &Method) const;

  /// "joinable", "Running"...
  const std::string &stateName(unsigned State) const { return States[State]; }
  /// "'Initialized'", "'Running' or 'Stopped'".
  std::string describe(StateSet States) const;

private:
  std::optional<unsigned> indexOf(llvm::StringRef State) const;

  Kind What = Kind::Annotated;
  std::vector<std::string> States;
  const CXXRecordDecl *Class = nullptr;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_TYPESTATEMODEL_H
