//===--- MessageBorrows.h - borrows that travel through channels -*- C++ -*-===//
//
// A message that holds a pointer, a std::reference_wrapper, a view, a span or
// an iterator into an object lends that object to whoever receives the
// message. When the receiver is a thread, the object must outlive that
// thread, exactly as if the thread had captured it by reference: Rust asks
// `T: Send + 'static` of a message sent to a spawned thread for this reason.
//
// What is followed: a fearless::channel created in a local variable
// (`auto [tx, rx] = fearless::channel::bounded<T>(n);`, or a std::pair kept
// whole), whose receiver a launch's callable gets (captured by reference or
// by value, moved into an init-capture, or passed as a thread argument,
// also through copies and moves into other locals), and a send on a sender of
// the same channel (`send`, `try_send`, `send_timeout`, `send_deadline`, and
// the select operations `fearless::channel::send(tx, message, handler)` and
// `selected_operation::send(tx, message)`) written in the function that
// makes the launch. The message borrows what its pointer-like value points
// into when the message type is pointer-like; for an aggregate, a std::pair
// or a std::tuple, what each pointer-like member is initialised with.
//
// What is not followed: sends written in other functions (a sender passed
// to a helper, or moved into a producer thread), channels that are members
// or parameters, messages of other class types (their constructors may copy
// what they are given), and containers of pointers.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_MESSAGEBORROWS_H
#define FEARLESS_CHECKER_MESSAGEBORROWS_H

#include "fearless/checker/Borrows.h"
#include "fearless/checker/ConcurrencyModel.h"

#include "clang/AST/Decl.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::fearless {

/// The objects that messages sent in \p Function lend to the thread started
/// by \p L, which receives from their channel: borrows of kind Message, one
/// per object, in source order of the sends.
llvm::SmallVector<Borrow, 2> findMessageBorrows(const Launch &L,
                                                const FunctionDecl &Function);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_MESSAGEBORROWS_H
