// fearless — type-state annotations for the fearless-typestate check.
//
//   class FEARLESS_STATES("Initialized,Running,Stopped") Machine {
//   public:
//     FEARLESS_TRANSITION("Running") void start();
//     FEARLESS_REQUIRES("Running") void process(int job);
//     FEARLESS_REQUIRES("Running|Initialized") FEARLESS_TRANSITION("Stopped")
//     void stop();
//     FEARLESS_CONSUMES Result finish();
//   };
//
// The first state listed is the state after construction (a constructor may
// say otherwise with FEARLESS_TRANSITION). A member function without
// annotations is allowed in every state and leaves the state as it is. A
// destructor annotated with FEARLESS_REQUIRES says in which states an object
// may end its life (a selected operation must have been completed), as
// FEARLESS_FINAL_STATES on the class does.
// Each macro expands to [[clang::annotate("fearless::...")]] where the
// compiler understands it and to nothing elsewhere; the strings are the
// interface, so code annotated by hand is understood the same way.
#ifndef FEARLESS_TYPESTATE_HPP
#define FEARLESS_TYPESTATE_HPP

#include "fearless/annotations.hpp"

/// On a class: its states, comma-separated, the initial one first.
#define FEARLESS_STATES(states) FEARLESS_ANNOTATE("fearless::states:" states)

/// On a member function: the states it may be called in, separated by `|`.
#define FEARLESS_REQUIRES(states) FEARLESS_ANNOTATE("fearless::requires:" states)

/// On a member function or constructor: the state the object is in after it.
#define FEARLESS_TRANSITION(state) FEARLESS_ANNOTATE("fearless::transition:" state)

/// On a member function: after the call the object may not be used again
/// until it is assigned a new value.
#define FEARLESS_CONSUMES FEARLESS_ANNOTATE("fearless::consumes")

/// On a class: the state an object is left in once moved from (a moved-from
/// object's state is otherwise unknown, and nothing is reported about it).
#define FEARLESS_MOVED_FROM(state) FEARLESS_ANNOTATE("fearless::moved_from:" state)

/// On a function returning an annotated class by value: the state of the
/// object it returns (otherwise unknown to the caller).
#define FEARLESS_RETURNS_IN(state) FEARLESS_ANNOTATE("fearless::returns_in:" state)

/// On a member function returning bool (or an `operator bool`): true means
/// the object is in one of these states (separated by `|`), false that it is
/// in one of the others. Branches on the answer know the state.
#define FEARLESS_TESTS_STATE(states) FEARLESS_ANNOTATE("fearless::tests_state:" states)

/// On a class: the states an object may be destroyed in, separated by `|`
/// (a transaction committed or rolled back). The same as FEARLESS_REQUIRES
/// on the destructor.
#define FEARLESS_FINAL_STATES(states) FEARLESS_ANNOTATE("fearless::final_states:" states)

/// On a parameter: the states the argument must be in when the function is
/// called, separated by `|`; inside the function the parameter starts in
/// one of them.
#define FEARLESS_EXPECTS(states) FEARLESS_ANNOTATE("fearless::expects:" states)

/// On a reference parameter: the state the function leaves the argument in.
/// Callers know the state after the call; the function is checked to keep
/// the promise on every return.
#define FEARLESS_LEAVES_IN(state) FEARLESS_ANNOTATE("fearless::leaves_in:" state)

#endif  // FEARLESS_TYPESTATE_HPP
