// fearless — annotations that the fearless-* clang-tidy checks read.
//
// Each macro expands to a `[[clang::annotate("fearless::...")]]` attribute when
// the compiler understands it (clang, and so clang-tidy) and to nothing
// elsewhere (g++), so annotated code builds everywhere. The annotation strings
// are part of the interface: code annotated by hand with the same strings is
// understood exactly the same way.
#ifndef FEARLESS_ANNOTATIONS_HPP
#define FEARLESS_ANNOTATIONS_HPP

#if defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::annotate)
#define FEARLESS_ANNOTATE(text) [[clang::annotate(text)]]
#endif
#endif
#ifndef FEARLESS_ANNOTATE
#define FEARLESS_ANNOTATE(text)
#endif

/// On a parameter: the callable passed here may run after the call returns,
/// on another thread (an executor's `post`, a detached worker...). Borrowing
/// stack data into it is checked like an unscoped std::thread.
#define FEARLESS_ESCAPING FEARLESS_ANNOTATE("fearless::escaping")

/// On a class: the type synchronizes its own accesses, so sharing it between
/// threads is never a data race.
#define FEARLESS_SYNC FEARLESS_ANNOTATE("fearless::sync")

/// On a class: a lock guard whose `*`, `->` and `get()` give access to the
/// data of the lock that made it, for as long as it holds the lock. A
/// reference or pointer obtained through it must not outlive it
/// (fearless-guard-borrow).
#define FEARLESS_GUARD FEARLESS_ANNOTATE("fearless::guard")

#endif  // FEARLESS_ANNOTATIONS_HPP
