//===--- TypestateModel.cpp - the states of a class and its transitions ---===//

#include "fearless/checker/TypestateModel.h"
#include "fearless/checker/TypestateAnnotations.h"

#include "fearless/checker/ThreadOwners.h"

#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::fearless {

namespace {

namespace annotation = typestate_annotation;

const ClassTemplateDecl *templateOf(const CXXRecordDecl *Record) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Record);
  return Spec ? Spec->getSpecializedTemplate()->getCanonicalDecl() : nullptr;
}

/// `Machine<Running> start()` in `Machine<Idle>`: a non-const member
/// function that returns, by value, another specialisation of its own class
/// template that differs in a type argument (the state tag). Const members
/// (`Vec2<float> to_float() const`), conversions, value arguments
/// (`std::span<T, 2> first<2>()`) and the standard library's own templates
/// are views or conversions, not transitions.
bool returnsSiblingSpecialization(const CXXMethodDecl &Method) {
  if (Method.isStatic() || Method.isConst() || isa<CXXConversionDecl>(Method) ||
      Method.getReturnType()->isReferenceType())
    return false;
  const CXXRecordDecl *Own = Method.getParent();
  if (Own->isInStdNamespace())
    return false;
  const ClassTemplateDecl *Template = templateOf(Own);
  if (!Template)
    return false;
  const auto *Returned = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Method.getReturnType()->getAsCXXRecordDecl());
  const auto *Mine = dyn_cast<ClassTemplateSpecializationDecl>(Own);
  if (!Returned || !Mine ||
      Returned->getCanonicalDecl() == Own->getCanonicalDecl() ||
      templateOf(Returned) != Template)
    return false;
  const TemplateArgumentList &From = Mine->getTemplateArgs();
  const TemplateArgumentList &To = Returned->getTemplateArgs();
  if (From.size() != To.size())
    return false;
  for (unsigned I = 0; I < From.size(); ++I) {
    if (From[I].getKind() != To[I].getKind())
      return false;
    if (From[I].getKind() == TemplateArgument::Type) {
      if (From[I].getAsType().getCanonicalType() !=
          To[I].getAsType().getCanonicalType())
        continue; // a different state type
    } else if (!From[I].structurallyEquals(To[I])) {
      return false; // a different value: a view of another extent
    }
  }
  return true;
}

} // namespace

std::optional<TypestateModel> TypestateModel::of(QualType Type) {
  const CXXRecordDecl *Record =
      Type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition())
    return std::nullopt;
  TypestateModel Model;
  Model.Class = Record;
  if (isStdNamed(Record, {"thread", "jthread"})) {
    Model.What = Kind::StdThread;
    Model.States = {"not joinable", "joinable"};
    return Model;
  }
  if (isStdNamed(Record, {"future"})) {
    Model.What = Kind::StdFuture;
    Model.States = {"invalid", "valid"};
    return Model;
  }
  if (isStdNamed(Record, {"promise"})) {
    Model.What = Kind::StdPromise;
    Model.States = {"unsatisfied", "satisfied"};
    return Model;
  }
  if (Record->getIdentifier() && Record->getName() == "join_handle" &&
      Record->getQualifiedNameAsString() == "fearless::join_handle") {
    Model.What = Kind::JoinHandle;
    Model.States = {"joined", "joinable"};
    return Model;
  }
  if (std::optional<llvm::StringRef> List =
          findTypestateAnnotation(Record, annotation::States)) {
    // A name listed twice is reported by the annotation checks; the first
    // counts.
    for (llvm::StringRef Name : splitStates(*List, ','))
      if (!llvm::is_contained(Model.States, Name.str()))
        Model.States.push_back(Name.str());
    if (Model.States.empty())
      return std::nullopt;
    Model.What = Kind::Annotated;
    return Model;
  }
  if (templateOf(Record))
    for (const CXXMethodDecl *Method : Record->methods())
      if (returnsSiblingSpecialization(*Method)) {
        Model.What = Kind::TemplatePattern;
        Model.States = {"usable"};
        return Model;
      }
  return std::nullopt;
}

std::optional<unsigned>
TypestateModel::constructedState(const CXXConstructorDecl &Ctor,
                                 unsigned NumArgs) const {
  switch (What) {
  case Kind::StdThread:
    return Ctor.isDefaultConstructor() || NumArgs == 0 ? 0u : 1u;
  case Kind::StdFuture:
  case Kind::StdPromise:
    return 0u;
  case Kind::JoinHandle:
    return 1u;
  case Kind::TemplatePattern:
    return 0u;
  case Kind::Annotated:
    if (std::optional<llvm::StringRef> Target =
            findTypestateAnnotation(&Ctor, annotation::Transition)) {
      for (unsigned I = 0; I < States.size(); ++I)
        if (States[I] == Target->trim())
          return I;
      return std::nullopt;
    }
    return 0u;
  }
  return std::nullopt;
}

std::optional<unsigned>
TypestateModel::returnedState(const FunctionDecl *Callee) const {
  if (What == Kind::TemplatePattern)
    return 0u; // a fresh object
  if (What == Kind::JoinHandle)
    return 1u;
  if (What == Kind::StdFuture && Callee && Callee->getIdentifier() &&
      (Callee->getName() == "async" || Callee->getName() == "get_future"))
    return 1u;
  // A function that returns the thread it started: the caller must join it.
  if (What == Kind::StdThread && Callee && returnsRunningThread(*Callee))
    return 1u;
  if (What == Kind::Annotated && Callee)
    if (std::optional<llvm::StringRef> State =
            findTypestateAnnotation(Callee, annotation::ReturnsIn))
      return indexOf(*State);
  return std::nullopt;
}

std::optional<unsigned> TypestateModel::movedFromState() const {
  switch (What) {
  case Kind::StdThread:
  case Kind::JoinHandle:
    return 0u;
  case Kind::Annotated:
    if (std::optional<llvm::StringRef> State =
            findTypestateAnnotation(Class, annotation::MovedFrom))
      return indexOf(*State);
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

std::optional<unsigned> TypestateModel::indexOf(llvm::StringRef State) const {
  for (unsigned I = 0; I < States.size(); ++I)
    if (States[I] == State.trim())
      return I;
  return std::nullopt;
}

MethodSemantics TypestateModel::semantics(const CXXMethodDecl &Method) const {
  MethodSemantics Result;
  const llvm::StringRef Name =
      Method.getIdentifier() ? Method.getName() : llvm::StringRef();
  switch (What) {
  case Kind::StdThread:
    if (Name == "join" || Name == "detach") {
      Result.Requires = only(1);
      Result.Transition = 0;
    }
    return Result;
  case Kind::StdFuture:
    if (Name == "get" || Name == "share") {
      Result.Requires = only(1);
      Result.Transition = 0;
    }
    return Result;
  case Kind::StdPromise:
    if (Name.starts_with("set_value") || Name.starts_with("set_exception")) {
      Result.Requires = only(0);
      Result.Transition = 1;
    }
    return Result;
  case Kind::JoinHandle:
    if (Name == "join") {
      Result.Requires = only(1);
      Result.Transition = 0;
    }
    return Result;
  case Kind::TemplatePattern:
    if (returnsSiblingSpecialization(Method)) {
      Result.Consumes = true;
      Result.TemplateTransition = true;
    }
    return Result;
  case Kind::Annotated:
    break;
  }
  if (std::optional<llvm::StringRef> Required =
          findTypestateAnnotation(&Method, annotation::Requires))
    Result.Requires = parse(*Required);
  if (std::optional<llvm::StringRef> Target =
          findTypestateAnnotation(&Method, annotation::Transition))
    Result.Transition = indexOf(*Target);
  Result.Consumes = findTypestateAnnotation(&Method, annotation::Consumes).has_value();
  return Result;
}

std::optional<TypestateModel::Query>
TypestateModel::query(const CXXMethodDecl &Method) const {
  const llvm::StringRef Name =
      Method.getIdentifier() ? Method.getName() : llvm::StringRef();
  if ((What == Kind::StdThread || What == Kind::JoinHandle) && Name == "joinable")
    return Query{only(1), only(0)};
  if (What == Kind::StdFuture && Name == "valid")
    return Query{only(1), only(0)};
  if (What != Kind::Annotated)
    return std::nullopt;
  std::optional<llvm::StringRef> Tested =
      findTypestateAnnotation(&Method, annotation::TestsState);
  if (!Tested)
    return std::nullopt;
  StateSet WhenTrue = parse(*Tested);
  if (WhenTrue.none())
    return std::nullopt; // no state it knows: the annotation checks say so
  StateSet WhenFalse = WhenTrue;
  WhenFalse.flip();
  return Query{std::move(WhenTrue), std::move(WhenFalse)};
}

StateSet TypestateModel::finalStates() const {
  if (What != Kind::Annotated)
    return none();
  if (std::optional<llvm::StringRef> Final =
          findTypestateAnnotation(Class, annotation::FinalStates))
    return parse(*Final);
  if (const CXXDestructorDecl *Destructor = Class->getDestructor())
    if (std::optional<llvm::StringRef> Required =
            findTypestateAnnotation(Destructor, annotation::Requires))
      return parse(*Required);
  return none();
}

StateSet TypestateModel::expectedOfParameter(const FunctionDecl &Callee,
                                             unsigned Index) const {
  if (What != Kind::Annotated)
    return none();
  if (std::optional<llvm::StringRef> Expected =
          findParameterAnnotation(Callee, Index, annotation::Expects))
    return parse(*Expected);
  return none();
}

std::optional<unsigned>
TypestateModel::leftInByParameter(const FunctionDecl &Callee, unsigned Index) const {
  // Only a reference parameter leaves the caller's object in a state (the
  // annotation checks report it on any other).
  if (What != Kind::Annotated || Index >= Callee.getNumParams() ||
      !Callee.getParamDecl(Index)->getType()->isReferenceType())
    return std::nullopt;
  if (std::optional<llvm::StringRef> Left =
          findParameterAnnotation(Callee, Index, annotation::LeavesIn))
    return indexOf(*Left);
  return std::nullopt;
}

StateSet TypestateModel::only(unsigned State) const {
  StateSet Set = none();
  Set.set(State);
  return Set;
}

StateSet TypestateModel::parse(llvm::StringRef List) const {
  StateSet Set = none();
  for (llvm::StringRef Name : splitStates(List, '|'))
    if (std::optional<unsigned> Index = indexOf(Name))
      Set.set(*Index);
  return Set;
}

std::string TypestateModel::describe(const StateSet &Set) const {
  std::string Text;
  for (unsigned I = 0; I < States.size() && I < Set.size(); ++I) {
    if (!Set.test(I))
      continue;
    if (!Text.empty())
      Text += "' or '";
    Text += States[I];
  }
  return Text;
}

} // namespace clang::tidy::fearless
