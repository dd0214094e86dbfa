//===--- ChannelDrains.h - loops that end only when a channel closes -*- C++ -*-===//
//
// A *drain* is a loop over a fearless channel receiver that ends only when
// every sender of the channel is gone: `for (auto v : rx)`, or
// `while (auto v = rx.recv())`, with no break, return, goto or throw of its
// own. Such a loop can never end while a sender of the same channel stays
// alive for as long as the loop runs: the Go program's forgotten
// `close(ch)`, Rust's forgotten `drop(tx)`.
//
// What is followed: a channel created with structured bindings
// (`auto [tx, rx] = fearless::channel::bounded<T>(n);`), whose sender
// binding is never reset (`tx.reset()`), moved from (`std::move(tx)`, also
// into a thread's init-capture), assigned over, or handed by non-const
// reference to a function that might do either, before the loop ends — or,
// when the loop runs in another function than the one that owns the
// channel (a consumer lambda, a scope's body), anywhere in the owner.
// Copies of the sender (captured by value, passed by value) are senders too
// and keep the channel open for as long as they live; they are not followed
// (a copy left alive by the owner is not reported).
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_CHANNELDRAINS_H
#define FEARLESS_CHECKER_CHANNELDRAINS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace clang::tidy::fearless {

struct NeverClosedDrain {
  const Stmt *Loop = nullptr;
  /// The receiver binding the loop drains.
  const BindingDecl *Receiver = nullptr;
  /// The sender bindings of the same channel that stay alive.
  llvm::SmallVector<const BindingDecl *, 1> LiveSenders;
};

/// True for fearless::channel::sender<T> / receiver<T> (through references
/// and cv-qualifiers).
bool isChannelSender(QualType Type);
bool isChannelReceiver(QualType Type);

/// When \p Loop drains a channel whose own sender stays alive until the loop
/// would end, the loop, its receiver and the live senders.
std::optional<NeverClosedDrain> findNeverClosedDrain(const Stmt &Loop,
                                                     ASTContext &Context);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_CHANNELDRAINS_H
