//===--- FearlessTidyMain.cpp - clang-tidy with the fearless checks -------===//
//
// clang-tidy's own main, with the fearless module linked in. The only thing it
// adds is the clang resource directory (builtin headers such as <stddef.h>):
// clang-tidy finds it next to its executable, fearless-tidy lives elsewhere.
// A -resource-dir given by the user or the compilation database wins, since
// it comes later on the compiler's command line.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"

#include <string>
#include <string_view>
#include <vector>

int main(int argc, const char **argv) {
  static const std::string ResourceDirArg =
      std::string("--extra-arg-before=-resource-dir=") +
      FEARLESS_CLANG_RESOURCE_DIR;

  if (argc < 1)
    return clang::tidy::clangTidyMain(argc, argv);
  std::vector<const char *> Args(argv, argv + argc);
  // Options must precede a "--" that starts the compiler command line.
  auto Position = Args.end();
  for (auto It = Args.begin() + 1; It != Args.end(); ++It)
    if (std::string_view(*It) == "--") {
      Position = It;
      break;
    }
  Args.insert(Position, ResourceDirArg.c_str());
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size()), Args.data());
}
