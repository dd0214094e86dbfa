//===--- TypestateAnnotations.cpp - the typestate vocabulary --------------===//

#include "fearless/checker/TypestateAnnotations.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::fearless {

namespace {

/// A declaration, and the template pattern it was instantiated from.
llvm::SmallVector<const Decl *, 2> withPattern(const Decl *D) {
  llvm::SmallVector<const Decl *, 2> Out{D};
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(D))
    Out.push_back(Spec->getSpecializedTemplate()->getTemplatedDecl());
  else if (const auto *Function = dyn_cast<FunctionDecl>(D))
    if (const FunctionDecl *Pattern = Function->getTemplateInstantiationPattern())
      Out.push_back(Pattern);
  return Out;
}

std::optional<llvm::StringRef> ownAnnotation(const Decl *D, llvm::StringRef Prefix) {
  if (!D)
    return std::nullopt;
  for (const auto *Annotation : D->specific_attrs<AnnotateAttr>())
    if (Annotation->getAnnotation().starts_with(Prefix))
      return Annotation->getAnnotation().drop_front(Prefix.size());
  return std::nullopt;
}

/// The class a declaration's annotations are about, as written: the
/// pattern of a specialisation, canonical.
const CXXRecordDecl *classOf(QualType Type) {
  if (Type.isNull() || Type->isDependentType())
    return nullptr;
  const CXXRecordDecl *Record =
      Type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!Record)
    return nullptr;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    Record = Spec->getSpecializedTemplate()->getTemplatedDecl();
  return Record->getCanonicalDecl();
}

/// FEARLESS_REQUIRES for `fearless::requires:`.
std::string macroFor(llvm::StringRef Kind) {
  return "FEARLESS_" + Kind.upper();
}

std::string nameOf(const Decl &D) {
  if (const auto *Named = dyn_cast<NamedDecl>(&D))
    if (!Named->getDeclName().isEmpty())
      return Named->getNameAsString();
  return "this declaration";
}

std::string quotedList(llvm::ArrayRef<llvm::StringRef> Names) {
  std::string Text;
  for (llvm::StringRef Name : Names) {
    if (!Text.empty())
      Text += ", ";
    Text += "'" + Name.str() + "'";
  }
  return Text;
}

/// An instantiation repeats its pattern's annotations: checked once, on the
/// pattern.
bool isInstantiation(const Decl &D) {
  if (const auto *Record = dyn_cast<CXXRecordDecl>(&D))
    return Record->getTemplateSpecializationKind() == TSK_ImplicitInstantiation;
  if (const auto *Function = dyn_cast<FunctionDecl>(&D))
    return Function->isTemplateInstantiation() ||
           (isa<CXXMethodDecl>(Function) &&
            cast<CXXMethodDecl>(Function)->getParent()->getTemplateSpecializationKind() ==
                TSK_ImplicitInstantiation);
  if (const auto *Param = dyn_cast<ParmVarDecl>(&D))
    if (const auto *Function = dyn_cast_or_null<FunctionDecl>(Param->getDeclContext()))
      return isInstantiation(*Function);
  return false;
}

} // namespace

std::optional<llvm::StringRef> findTypestateAnnotation(const Decl *D,
                                                       llvm::StringRef Prefix) {
  if (!D)
    return std::nullopt;
  for (const Decl *Candidate : withPattern(D))
    if (auto Found = ownAnnotation(Candidate, Prefix))
      return Found;
  return std::nullopt;
}

std::optional<llvm::StringRef>
findParameterAnnotation(const FunctionDecl &Function, unsigned Index,
                        llvm::StringRef Prefix) {
  llvm::SmallVector<const FunctionDecl *, 4> Declarations(Function.redecls());
  if (const FunctionDecl *Pattern = Function.getTemplateInstantiationPattern())
    llvm::append_range(Declarations, Pattern->redecls());
  for (const FunctionDecl *Declaration : Declarations)
    if (Index < Declaration->getNumParams())
      if (auto Found = ownAnnotation(Declaration->getParamDecl(Index), Prefix))
        return Found;
  return std::nullopt;
}

llvm::SmallVector<llvm::StringRef, 8> splitStates(llvm::StringRef List,
                                                  char Separator) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, Separator, -1, /*KeepEmpty=*/false);
  llvm::SmallVector<llvm::StringRef, 8> Names;
  for (llvm::StringRef Part : Parts)
    if (!Part.trim().empty())
      Names.push_back(Part.trim());
  return Names;
}

/// The states \p Class declares, or none when it has no FEARLESS_STATES.
static std::optional<llvm::SmallVector<llvm::StringRef, 8>>
statesOf(const CXXRecordDecl *Class) {
  if (!Class)
    return std::nullopt;
  for (const TagDecl *Declaration : Class->redecls())
    if (std::optional<llvm::StringRef> List =
            findTypestateAnnotation(Declaration, typestate_annotation::States))
      return splitStates(*List, ',');
  return std::nullopt;
}

void TypestateAnnotationValidator::changes(const CXXRecordDecl *Class) {
  if (Class)
    Classes[Class->getCanonicalDecl()].Changed = true;
}

void TypestateAnnotationValidator::checkStates(const Decl &D,
                                               const AnnotateAttr &Attr,
                                               const Reporter &Report) {
  const auto *Class = dyn_cast<CXXRecordDecl>(&D);
  if (!Class) {
    Report(Attr.getLocation(), "FEARLESS_STATES belongs on a class; on '" +
                                   nameOf(D) + "' it is ignored");
    return;
  }
  const llvm::StringRef List =
      Attr.getAnnotation().drop_front(typestate_annotation::States.size());
  const llvm::SmallVector<llvm::StringRef, 8> Names = splitStates(List, ',');
  if (Names.empty())
    Report(Attr.getLocation(),
           "FEARLESS_STATES of '" + nameOf(D) + "' declares no states");
  for (unsigned I = 0; I < Names.size(); ++I)
    if (llvm::is_contained(llvm::ArrayRef(Names).take_front(I), Names[I]))
      Report(Attr.getLocation(), "state '" + Names[I].str() +
                                     "' is listed twice in FEARLESS_STATES of '" +
                                     nameOf(D) + "'");
  // Only a definition is a class whose members can be judged at the end.
  if (Class->isThisDeclarationADefinition()) {
    StatesClass &Entry = Classes[Class->getCanonicalDecl()];
    Entry.DeclaredAt = Attr.getLocation();
    Entry.Name = nameOf(D);
  }
}

void TypestateAnnotationValidator::checkStateNames(
    const Decl &D, const AnnotateAttr &Attr, llvm::StringRef Macro,
    llvm::StringRef Names, const CXXRecordDecl *Class, const Reporter &Report) {
  std::optional<llvm::SmallVector<llvm::StringRef, 8>> States = statesOf(Class);
  if (!States)
    return;
  // One state for a transition, any number separated by `|` for the others.
  const bool OneState = Macro == "FEARLESS_TRANSITION" ||
                        Macro == "FEARLESS_MOVED_FROM" ||
                        Macro == "FEARLESS_RETURNS_IN" || Macro == "FEARLESS_LEAVES_IN";
  llvm::SmallVector<llvm::StringRef, 8> Listed;
  if (OneState)
    Listed.push_back(Names.trim());
  else
    Listed = splitStates(Names, '|');
  if (Listed.empty() || (Listed.size() == 1 && Listed[0].empty())) {
    Report(Attr.getLocation(), Macro.str() + " on '" + nameOf(D) +
                                   "' names no state; the states of '" +
                                   Class->getNameAsString() + "' are " +
                                   quotedList(*States));
    return;
  }
  for (llvm::StringRef Name : Listed)
    if (!llvm::is_contained(*States, Name))
      Report(Attr.getLocation(), "unknown state '" + Name.str() + "' in " +
                                     Macro.str() + "; the states of '" +
                                     Class->getNameAsString() + "' are " +
                                     quotedList(*States));
}

void TypestateAnnotationValidator::check(const Decl &D, const Reporter &Report) {
  if (D.isImplicit() || isInstantiation(D))
    return;
  for (const auto *Attr : D.specific_attrs<AnnotateAttr>()) {
    const llvm::StringRef Text = Attr->getAnnotation();
    if (!Text.starts_with("fearless::") || Attr->isInherited() ||
        !Reported.insert(Attr->getLocation()).second)
      continue;
    const llvm::StringRef Rest = Text.drop_front(llvm::StringRef("fearless::").size());
    const llvm::StringRef Kind = Rest.split(':').first;
    const llvm::StringRef Argument = Rest.split(':').second;
    const std::string Macro = macroFor(Kind);
    // The annotations of the other checks.
    if (Kind == "escaping" || Kind == "sync" || Kind == "guard")
      continue;

    if (Kind == "states") {
      checkStates(D, *Attr, Report);
      continue;
    }

    // The two ways an annotation is ignored: written on the wrong kind of
    // declaration, or about a class (the annotated one, its class, its
    // return or parameter type) that declares no states.
    auto Misplaced = [&](const std::string &Where) {
      Report(Attr->getLocation(),
             Macro + " belongs on " + Where + "; on '" + nameOf(D) + "' it is ignored");
    };
    auto Stateless = [&](const std::string &Whose) {
      Report(Attr->getLocation(), "'" + nameOf(D) + "' is annotated with " + Macro +
                                      ", but " + Whose +
                                      "declares no states (FEARLESS_STATES)");
    };
    auto TypeName = [&D](QualType Type) {
      return Type.getAsString(D.getASTContext().getPrintingPolicy());
    };

    // On the class: the moved-from state and the final states.
    if (Kind == "moved_from" || Kind == "final_states") {
      const auto *Class = dyn_cast<CXXRecordDecl>(&D);
      if (!Class) {
        Misplaced("a class");
        continue;
      }
      if (!statesOf(Class)) {
        Stateless("");
        continue;
      }
      if (Kind == "moved_from")
        changes(Class);
      checkStateNames(D, *Attr, Macro, Argument, Class, Report);
      continue;
    }

    // On member functions: what a call requires, does and tells.
    if (Kind == "requires" || Kind == "transition" || Kind == "consumes" ||
        Kind == "tests_state") {
      const auto *Method = dyn_cast<CXXMethodDecl>(&D);
      if (!Method) {
        Misplaced("a member function");
        continue;
      }
      const CXXRecordDecl *Class = Method->getParent();
      if (!statesOf(Class)) {
        Stateless("its class '" + Class->getNameAsString() + "' ");
        continue;
      }
      if (Kind == "transition" || Kind == "consumes")
        changes(Class);
      if (Kind == "tests_state") {
        const QualType Returned = isa<CXXConversionDecl>(Method)
                                      ? cast<CXXConversionDecl>(Method)->getConversionType()
                                      : Method->getReturnType();
        if (!Returned->isBooleanType() && !Returned->isDependentType()) {
          Report(Attr->getLocation(),
                 "FEARLESS_TESTS_STATE belongs on a member function that returns "
                 "bool; '" + nameOf(D) + "' returns '" + TypeName(Returned) + "'");
          continue;
        }
      }
      if (Kind != "consumes")
        checkStateNames(D, *Attr, Macro, Argument, Class, Report);
      continue;
    }

    // On a function: the state of the object it returns.
    if (Kind == "returns_in") {
      const auto *Function = dyn_cast<FunctionDecl>(&D);
      if (!Function) {
        Misplaced("a function");
        continue;
      }
      const QualType Returned = Function->getReturnType();
      if (Returned->isDependentType())
        continue;
      const CXXRecordDecl *Class = classOf(Returned);
      if (!statesOf(Class)) {
        Stateless("its return type '" + TypeName(Returned) + "' ");
        continue;
      }
      changes(Class);
      checkStateNames(D, *Attr, Macro, Argument, Class, Report);
      continue;
    }

    // On parameters: the state expected on entry and left on return.
    if (Kind == "expects" || Kind == "leaves_in") {
      const auto *Param = dyn_cast<ParmVarDecl>(&D);
      if (!Param || (Kind == "leaves_in" && !Param->getType()->isReferenceType() &&
                     !Param->getType()->isDependentType())) {
        Misplaced(Kind == "leaves_in" ? "a reference parameter" : "a parameter");
        continue;
      }
      if (Param->getType()->isDependentType())
        continue;
      const CXXRecordDecl *Class = classOf(Param->getType());
      if (!statesOf(Class)) {
        Stateless("its type '" + TypeName(Param->getType()) + "' ");
        continue;
      }
      if (Kind == "leaves_in")
        changes(Class);
      checkStateNames(D, *Attr, Macro, Argument, Class, Report);
      continue;
    }

    Report(Attr->getLocation(), "unknown annotation '" + Text.str() + "'");
  }
}

void TypestateAnnotationValidator::finish(const Reporter &Report) {
  for (const auto &[Class, Entry] : Classes)
    if (!Entry.Changed && Entry.DeclaredAt.isValid())
      Report(Entry.DeclaredAt,
             "'" + Entry.Name + "' declares states, but no member function or "
             "constructor changes them (FEARLESS_TRANSITION or FEARLESS_CONSUMES)");
  Classes.clear();
  Reported.clear();
}

} // namespace clang::tidy::fearless
