//===--- FunctionNameFilter.h - regex lists of function names ---*- C++ -*-===//
//
// The value of options such as `AllowedFunctions`: a semicolon-separated list
// of regular expressions naming functions. A pattern must match a whole name;
// it is tried against the qualified name (`ns::Class::method`) and against the
// plain name (`method`). Code inside a lambda belongs to the lambda and to
// every function around it, so allowing `startDaemon` also allows the lambdas
// written inside `startDaemon`.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_FUNCTIONNAMEFILTER_H
#define FEARLESS_CHECKER_FUNCTIONNAMEFILTER_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <string>
#include <vector>

namespace clang::tidy::fearless {

class FunctionNameFilter {
public:
  /// One pattern of the list that is not a valid regular expression.
  struct InvalidPattern {
    std::string Pattern;
    std::string Error;
  };

  /// Parses \p List; empty items are ignored. Invalid patterns are left out of
  /// the filter and returned by invalidPatterns() so the check can report them.
  explicit FunctionNameFilter(llvm::StringRef List);

  bool empty() const { return Patterns.empty(); }
  const std::vector<InvalidPattern> &invalidPatterns() const { return Invalid; }

  /// True when a pattern matches \p Function's qualified or plain name.
  bool matches(const NamedDecl &Function) const;

  /// True when a pattern matches any function (or lambda) whose body contains
  /// \p S, from the innermost outwards.
  bool matchesAnyEnclosingFunction(const Stmt &S, ASTContext &Context) const;

private:
  std::vector<llvm::Regex> Patterns;
  std::vector<InvalidPattern> Invalid;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_FUNCTIONNAMEFILTER_H
