// Clang's own -Wconsumed test suite (clang/test/SemaCXX/warn-consumed-analysis.cpp),
// translated into our annotations: every test function whose rule our
// vocabulary can express, each case commented with the clang test function
// it comes from. Where -Wconsumed warns and we do too, the warning is
// expected here in our words; where -Wconsumed is silent, nothing is
// expected. What our rules deliberately do not carry (temporaries, pointers,
// the 'unknown' state, branches -Wconsumed declares unreachable) is left out
// and listed in the coverage report.
// RUN: %check_fearless_tidy %s fearless-typestate %t -- -- -I%fearless_include

#include <fearless/typestate.hpp>

#include <utility>

typedef decltype(nullptr) nullptr_t;

// CONSUMABLE(unconsumed) ConsumableClass<T>. -Wconsumed puts an object
// built by the default constructor in 'consumed' implicitly; here that is
// FEARLESS_TRANSITION("consumed") on the default constructor. The copy
// operations take a const reference (clang's take a non-const one, which
// for us would hand the source to a non-const reference: unknown).
template <typename T>
class FEARLESS_STATES("unconsumed,consumed") FEARLESS_MOVED_FROM("consumed")
    ConsumableClass {
  T var;

public:
  FEARLESS_TRANSITION("consumed") ConsumableClass();
  FEARLESS_TRANSITION("consumed") ConsumableClass(nullptr_t p);  // RETURN_TYPESTATE(consumed)
  FEARLESS_TRANSITION("unconsumed") ConsumableClass(T val);      // RETURN_TYPESTATE(unconsumed)
  ConsumableClass(const ConsumableClass<T> &other);
  ConsumableClass(ConsumableClass<T> &&other);

  ConsumableClass<T> &operator=(const ConsumableClass<T> &other);
  ConsumableClass<T> &operator=(ConsumableClass<T> &&other);
  FEARLESS_TRANSITION("consumed") ConsumableClass<T> &operator=(nullptr_t); // SET_TYPESTATE(consumed)

  template <typename U>
  ConsumableClass<T> &operator=(const ConsumableClass<U> &other);

  template <typename U>
  ConsumableClass<T> &operator=(ConsumableClass<U> &&other);

  FEARLESS_TRANSITION("consumed") void operator()(int a);   // SET_TYPESTATE(consumed)
  FEARLESS_REQUIRES("unconsumed") void operator*() const;   // CALLABLE_WHEN("unconsumed")
  FEARLESS_REQUIRES("unconsumed") void unconsumedCall() const;
  // CALLABLE_WHEN("unconsumed", "unknown"): we have no 'unknown' state, and
  // an object in an unknown state is never reported: no annotation.
  void callableWhenUnknown() const;

  FEARLESS_TESTS_STATE("unconsumed") bool isValid() const;           // TEST_TYPESTATE(unconsumed)
  FEARLESS_TESTS_STATE("unconsumed") explicit operator bool() const; // TEST_TYPESTATE(unconsumed)
  FEARLESS_TESTS_STATE("unconsumed") bool operator!=(nullptr_t) const;
  FEARLESS_TESTS_STATE("consumed") bool operator==(nullptr_t) const;

  void constCall() const;
  void nonconstCall();

  FEARLESS_TRANSITION("consumed") void consume();     // SET_TYPESTATE(consumed)
  FEARLESS_TRANSITION("unconsumed") void unconsume(); // SET_TYPESTATE(unconsumed)
};

// CONSUMABLE(unconsumed) DestructorTester, ~DestructorTester()
// CALLABLE_WHEN("consumed").
class FEARLESS_STATES("unconsumed,consumed") FEARLESS_MOVED_FROM("consumed")
    DestructorTester {
public:
  FEARLESS_TRANSITION("consumed") DestructorTester();
  DestructorTester(int);
  FEARLESS_TRANSITION("unconsumed") DestructorTester(nullptr_t);
  DestructorTester(DestructorTester &&);

  FEARLESS_REQUIRES("unconsumed") void operator*();

  FEARLESS_REQUIRES("consumed") ~DestructorTester();
};

void dtByVal(DestructorTester);

void baf0(const ConsumableClass<int> var);
void baf1(const ConsumableClass<int> &var);
void baf3(ConsumableClass<int> var);
void baf4(ConsumableClass<int> &var);
void baf6(ConsumableClass<int> &&var);

// returnsUnconsumed: -Wconsumed expects the class's default state of a
// returned object; we check only what FEARLESS_RETURNS_IN promises, and only
// a returned variable (clang's returns a temporary).
FEARLESS_RETURNS_IN("unconsumed") ConsumableClass<int> returnsUnconsumed() {
  ConsumableClass<int> result;
  return result;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'result' may be in state 'consumed' where it is returned, but 'returnsUnconsumed' returns in 'unconsumed' [fearless-typestate]
}

// returnsConsumed: returned in the promised state.
FEARLESS_RETURNS_IN("consumed") ConsumableClass<int> returnsConsumed() {
  ConsumableClass<int> result;
  return result;
}

// testInitialization
void testInitialization() {
  ConsumableClass<int> var0;
  ConsumableClass<int> var1 = ConsumableClass<int>();
  ConsumableClass<int> var2(42);
  ConsumableClass<int> var3(var2);  // copy constructor
  ConsumableClass<int> var4(var0);  // copy consumed value

  *var0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  *var1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  *var2;
  *var3;
  *var4;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var4' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]

  var0 = ConsumableClass<int>(42);
  *var0;

  var0 = var1;
  *var0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]

  // var0 is known 'consumed': no execution takes the then-branch.
  if (var0.isValid()) {
    *var0;
    *var1;
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testDestruction: the destructor requires 'consumed'; D0 and D1 are
// destroyed 'unconsumed' at the return.
void testDestruction() {
  DestructorTester D0(42), D1(42), D2;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'D0' may be destroyed in state 'unconsumed', but its destructor requires 'consumed' [fearless-typestate]
  // CHECK-MESSAGES: :[[@LINE-2]]:28: warning: 'D1' may be destroyed in state 'unconsumed', but its destructor requires 'consumed' [fearless-typestate]

  *D0;
  *D1;
  *D2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'D2' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]

  D0.~DestructorTester();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'D0' may be in state 'unconsumed' here, but '~DestructorTester' requires 'consumed' [fearless-typestate]

  return;
}

// testDestructionByVal, first block: the variable is moved into a by-value
// parameter and so consumed. (The second block's warning is about the
// parameter's temporary: out of scope.)
void testDestructionByVal() {
  {
    DestructorTester D0(nullptr);
    dtByVal(std::move(D0));
  }
}

// testSimpleRValueRefs: a move assignment consumes its source.
void testSimpleRValueRefs() {
  ConsumableClass<int> var0;
  ConsumableClass<int> var1(42);

  *var0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  *var1;

  var0 = std::move(var1);

  *var0;
  *var1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
}

// testIfStmt: test functions and operators refine each branch. (Added: a
// call in the then-branch of `if (var)`, silent in both tools.)
void testIfStmt() {
  ConsumableClass<int> var;

  if (var.isValid()) {
    *var;
  } else {
    *var;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }

  if (!var.isValid()) {
    *var;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    *var;
  }

  if (var) {
    *var; // added
  } else {
    *var;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }

  if (var != nullptr) {
    // Empty
  } else {
    *var;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }

  if (var == nullptr) {
    *var;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    // Empty
  }
}

// testComplexConditionals0, one function per condition: the objects are
// known 'consumed' before the test, so a branch that needs one of them
// valid is taken by no execution (silent in both tools). Left out: the
// else-branches of `!(var0 && var1)` and `!(var0 || var1)`, which
// -Wconsumed finds unreachable but we do not (a negated `&&`/`||` tells
// nothing about its operands), so we report the calls there.

// testComplexConditionals0: `var0 && var1`
void testComplexConditionals0_And() {
  ConsumableClass<int> var0, var1;
  if (var0 && var1) {
    *var0;
    *var1;
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals0: `var0 || var1`
void testComplexConditionals0_Or() {
  ConsumableClass<int> var0, var1;
  if (var0 || var1) {
    *var0;
    *var1;
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals0: `var0 && !var1`
void testComplexConditionals0_AndNot() {
  ConsumableClass<int> var0, var1;
  if (var0 && !var1) {
    *var0;
    *var1;
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals0: `var0 || !var1`
void testComplexConditionals0_OrNot() {
  ConsumableClass<int> var0, var1;
  if (var0 || !var1) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    *var0;
    *var1;
  }
}

// testComplexConditionals0: `!var0 && !var1`
void testComplexConditionals0_NotAndNot() {
  ConsumableClass<int> var0, var1;
  if (!var0 && !var1) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    *var0;
    *var1;
  }
}

// testComplexConditionals0: `!var0 || !var1`
void testComplexConditionals0_NotOrNot() {
  ConsumableClass<int> var0, var1;
  if (!var0 || !var1) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    *var0;
    *var1;
  }
}

// testComplexConditionals0: `!(var0 && var1)`
void testComplexConditionals0_NotOfAnd() {
  ConsumableClass<int> var0, var1;
  if (!(var0 && var1)) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals0: `!(var0 || var1)`
void testComplexConditionals0_NotOfOr() {
  ConsumableClass<int> var0, var1;
  if (!(var0 || var1)) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals0: `var0 && var1 && var2`
void testComplexConditionals0_AndAnd() {
  ConsumableClass<int> var0, var1, var2;
  if (var0 && var1 && var2) {
    *var0;
    *var1;
    *var2;
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var2' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals1, one function per condition: the objects start
// unknown (handed to baf4 by non-const reference); the tests make them
// known. Left out: the calls on an object that is still unknown on some
// path (-Wconsumed reports its 'unknown' state, we report nothing about an
// unknown object).

// testComplexConditionals1: `var0 && var1`
void testComplexConditionals1_And() {
  ConsumableClass<int> var0, var1;
  baf4(var0);
  baf4(var1);
  if (var0 && var1) {
    *var0;
    *var1;
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals1: `var0 || var1`
void testComplexConditionals1_Or() {
  ConsumableClass<int> var0, var1;
  baf4(var0);
  baf4(var1);
  if (var0 || var1) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals1: `var0 && !var1`
void testComplexConditionals1_AndNot() {
  ConsumableClass<int> var0, var1;
  baf4(var0);
  baf4(var1);
  if (var0 && !var1) {
    *var0;
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals1: `var0 || !var1`
void testComplexConditionals1_OrNot() {
  ConsumableClass<int> var0, var1;
  baf4(var0);
  baf4(var1);
  if (var0 || !var1) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
  }
}

// testComplexConditionals1: `!var0 && !var1`
void testComplexConditionals1_NotAndNot() {
  ConsumableClass<int> var0, var1;
  baf4(var0);
  baf4(var1);
  if (!var0 && !var1) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals1: `!(var0 || var1)`
void testComplexConditionals1_NotOfOr() {
  ConsumableClass<int> var0, var1;
  baf4(var0);
  baf4(var1);
  if (!(var0 || var1)) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals1: `!var0 || !var1`
void testComplexConditionals1_NotOrNot() {
  ConsumableClass<int> var0, var1;
  baf4(var0);
  baf4(var1);
  if (!var0 || !var1) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  } else {
    *var0;
    *var1;
  }
}

// testComplexConditionals1: `!(var0 && var1)`
void testComplexConditionals1_NotOfAnd() {
  ConsumableClass<int> var0, var1;
  baf4(var0);
  baf4(var1);
  if (!(var0 && var1)) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testComplexConditionals1: `var0 && var1 && var2`
void testComplexConditionals1_AndAnd() {
  ConsumableClass<int> var0, var1, var2;
  baf4(var0);
  baf4(var1);
  baf4(var2);
  if (var0 && var1 && var2) {
    *var0;
    *var1;
    *var2;
  } else {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }
}

// testStateChangeInBranch: unknown, then known on both branches.
void testStateChangeInBranch() {
  ConsumableClass<int> var;

  // Make var enter the 'unknown' state.
  baf4(var);

  if (!var) {
    var = ConsumableClass<int>(42);
  }

  *var;
}

// testFunctionParam: -Wconsumed starts a by-value parameter in the class's
// default state, so no execution takes the else-branch; we need
// FEARLESS_EXPECTS to say so (an unannotated parameter starts unknown). The
// assignment of nullptr makes it 'consumed'.
void testFunctionParam(FEARLESS_EXPECTS("unconsumed") ConsumableClass<int> param) {
  if (param.isValid()) {
    *param;
  } else {
    *param;
  }

  param = nullptr;
  *param;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'param' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
}

// testParamReturnTypestateCallee: RETURN_TYPESTATE on a reference parameter
// is FEARLESS_LEAVES_IN, checked at every return.
void testParamReturnTypestateCallee(
    bool cond, FEARLESS_LEAVES_IN("unconsumed") ConsumableClass<int> &Param) {
  if (cond) {
    Param.consume();
    return;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Param' may be in state 'consumed' when 'testParamReturnTypestateCallee' returns, but its parameter annotation says it leaves in 'unconsumed' [fearless-typestate]
  }

  Param.consume();
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: 'Param' may be in state 'consumed' when 'testParamReturnTypestateCallee' returns, but its parameter annotation says it leaves in 'unconsumed' [fearless-typestate]

// testRvalueRefParamReturnTypestateCallee: the promise is kept.
void testRvalueRefParamReturnTypestateCallee(
    FEARLESS_LEAVES_IN("unconsumed") ConsumableClass<int> &&Param) {
  Param.unconsume();
}

// testParamReturnTypestateCaller: after the call the caller knows the state.
// (clang's second call hands var over as an rvalue to a parameter that
// promises 'unconsumed': left out, see the report.)
void testParamReturnTypestateCaller() {
  ConsumableClass<int> var;

  testParamReturnTypestateCallee(true, var);

  *var;
}

// testParamTypestateCallee: PARAM_TYPESTATE is FEARLESS_EXPECTS; inside the
// function the parameter starts in the expected state.
void testParamTypestateCallee(
    FEARLESS_EXPECTS("consumed") ConsumableClass<int> Param0,
    FEARLESS_EXPECTS("consumed") ConsumableClass<int> &Param1) {
  *Param0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Param0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  *Param1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Param1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
}

// testParamTypestateCaller: the argument is checked at the call.
void testParamTypestateCaller() {
  ConsumableClass<int> Var0, Var1(42);

  testParamTypestateCallee(Var0, Var1);
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'Var1' may be in state 'unconsumed' here, but 'testParamTypestateCallee' requires 'consumed' for its parameter 'Param1' [fearless-typestate]
}

void consumeFunc(FEARLESS_EXPECTS("unconsumed") ConsumableClass<int> P);
struct ParamTest {
  static void consumeFuncStatic(FEARLESS_EXPECTS("unconsumed") ConsumableClass<int> P);
  void consumeFuncMeth(FEARLESS_EXPECTS("unconsumed") ConsumableClass<int> P);
  void operator<<(FEARLESS_EXPECTS("unconsumed") ConsumableClass<int> P);
};

void operator>>(ParamTest &pt, FEARLESS_EXPECTS("unconsumed") ConsumableClass<int> P);

// testFunctionParams: every kind of function.
void testFunctionParams() {
  ConsumableClass<int> P;

  consumeFunc(P);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'P' may be in state 'consumed' here, but 'consumeFunc' requires 'unconsumed' for its parameter 'P' [fearless-typestate]
  ParamTest::consumeFuncStatic(P);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'P' may be in state 'consumed' here, but 'consumeFuncStatic' requires 'unconsumed' for its parameter 'P' [fearless-typestate]
  ParamTest pt;
  pt.consumeFuncMeth(P);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'P' may be in state 'consumed' here, but 'consumeFuncMeth' requires 'unconsumed' for its parameter 'P' [fearless-typestate]
  pt << P;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'P' may be in state 'consumed' here, but 'operator<<' requires 'unconsumed' for its parameter 'P' [fearless-typestate]
  pt >> P;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'P' may be in state 'consumed' here, but 'operator>>' requires 'unconsumed' for its parameter 'P' [fearless-typestate]
}

// baf3: a by-value parameter without annotation is not reported.
void baf3(ConsumableClass<int> var) {
  *var;
}

// baf6: nor is an rvalue reference parameter.
void baf6(ConsumableClass<int> &&var) {
  *var;
}

// testCallingConventions: by value and by const reference the state stays;
// by non-const reference it becomes unknown (clang's `*var` after baf4 is
// left out: -Wconsumed reports 'unknown', we do not); moved, it is
// 'consumed'. (The calls through a pointer, baf2 and baf5, are left out.)
void testCallingConventions() {
  ConsumableClass<int> var(42);

  baf0(var);
  *var;

  baf1(var);
  *var;

  baf3(var);
  *var;

  baf4(var);

  var = ConsumableClass<int>(42);
  baf6(std::move(var));
  *var;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
}

// testConstAndNonConstMemberFunctions: unannotated members keep the state.
void testConstAndNonConstMemberFunctions() {
  ConsumableClass<int> var(42);

  var.constCall();
  *var;

  var.nonconstCall();
  *var;
}

// testFunctionParam0
void testFunctionParam0(ConsumableClass<int> param) {
  *param;
}

// testReturnStates: FEARLESS_RETURNS_IN tells the caller the state.
void testReturnStates() {
  ConsumableClass<int> var;

  var = returnsUnconsumed();
  *var;

  var = returnsConsumed();
  *var;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
}

// testCallableWhen: allowed in an unknown state.
void testCallableWhen() {
  ConsumableClass<int> var(42);

  *var;

  baf4(var);

  var.callableWhenUnknown();
}

// testMoveAsignmentish: a move from another specialisation.
void testMoveAsignmentish() {
  ConsumableClass<int>  var0;
  ConsumableClass<long> var1(42);

  *var0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  *var1;

  var0 = std::move(var1);

  *var0;
  *var1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]

  var1 = ConsumableClass<long>(42);
  var1 = nullptr;
  *var1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
}

// testConditionalMerge
void testConditionalMerge() {
  ConsumableClass<int> var;

  if (var.isValid()) {
    // Empty
  }

  *var;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]

  if (var.isValid()) {
    // Empty
  } else {
    // Empty
  }

  *var;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
}

// testSetTypestate
void testSetTypestate() {
  ConsumableClass<int> var(42);

  *var;

  var.consume();

  *var;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]

  var.unconsume();

  *var;
}

// testConsumes0: RETURN_TYPESTATE(consumed) on a constructor.
void testConsumes0() {
  ConsumableClass<int> var(nullptr);

  *var;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
}

// testConsumes1: SET_TYPESTATE on operator().
void testConsumes1() {
  ConsumableClass<int> var(42);

  var.unconsumedCall();
  var(6);

  var.unconsumedCall();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'var' may be in state 'consumed' here, but 'unconsumedCall' requires 'unconsumed' [fearless-typestate]
}

// testUnreachableBlock: var is known 'unconsumed', so no execution takes the
// else-branch.
void testUnreachableBlock() {
  ConsumableClass<int> var(42);

  if (var) {
    *var;
  } else {
    *var;
  }

  *var;
}

// testForLoop1: -Wconsumed reports "state of variable 'var1' must match at
// the entry and exit of loop" at the `for`; we follow the back edge and
// report the first use that sees 'consumed' from the previous iteration.
void testForLoop1() {
  ConsumableClass<int> var0, var1(42);

  for (int i = 0; i < 10; ++i) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]

    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    var1.consume();
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }

  *var0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
}

// testWhileLoop1: the same with `while`.
void testWhileLoop1() {
  int i = 10;

  ConsumableClass<int> var0, var1(42);

  while (i-- > 0) {
    *var0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]

    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
    var1.consume();
    *var1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'var1' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
  }

  *var0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'var0' may be in state 'consumed' here, but 'operator*' requires 'unconsumed' [fearless-typestate]
}

// testSwitchGOTO: a CFG shape that must not upset the analysis (an object
// added so that there is something to analyse).
void testSwitchGOTO(int a) {
  ConsumableClass<int> var(42);

LABEL0:
  *var;
  switch (a)
  case 0:
    goto LABEL0;

  goto LABEL0;
}

// testIsRValueRefishAndCanonicalType
typedef const int *&IntegerPointerReference;
void testIsRValueRefishAndCanonicalType(IntegerPointerReference a) {}

// ContinueICETest: `continue` and `throw` in loops (objects added).
namespace ContinueICETest {

bool cond1();
bool cond2();

static void foo1() {
  ConsumableClass<int> var(42);
  while (cond1()) {
    if (cond2())
      continue;
    *var;
  }
}

static void foo2() {
  ConsumableClass<int> var(42);
  while (true) {
    if (false)
      continue;
    *var;
  }
}

class runtime_error {
public:
  virtual ~runtime_error();
};

void read(bool sf) {
  ConsumableClass<int> var(42);
  while (sf) {
    if (sf) throw runtime_error();
    *var;
  }
}

} // end namespace ContinueICETest

// StatusUseCaseTests: a status that must be checked before it is destroyed.
// CONSUMABLE(unconsumed), ~Status() CALLABLE_WHEN("unknown", "consumed").
// Its consumable_auto_cast_state and consumable_set_state_on_read have no
// equivalent; the cases that depend on them are left out or, where a
// copied-from status would otherwise stay 'unconsumed' (set_state_on_read
// makes it unknown), that status is ignored explicitly (marked "added").
namespace StatusUseCaseTests {

class FEARLESS_STATES("unconsumed,consumed") FEARLESS_MOVED_FROM("consumed")
    Status {
  int code;

public:
  static Status OK;

  FEARLESS_TRANSITION("consumed") Status();  // RETURN_TYPESTATE(consumed)
  Status(int c);                              // RETURN_TYPESTATE(unconsumed)

  Status(const Status &other);
  Status(Status &&other);

  FEARLESS_REQUIRES("consumed") Status &operator=(const Status &other);
  FEARLESS_REQUIRES("consumed") Status &operator=(Status &&other);

  FEARLESS_TRANSITION("consumed") bool operator==(const Status &other) const;

  FEARLESS_TRANSITION("consumed") bool check() const;
  FEARLESS_TRANSITION("consumed") void ignore() const;

  FEARLESS_REQUIRES("consumed") FEARLESS_TRANSITION("consumed") void clear();

  FEARLESS_REQUIRES("consumed") ~Status();

  explicit operator bool() const; // Will not consume the object.
};

bool cond();
// -Wconsumed: a returned Status is in the class's default state.
FEARLESS_RETURNS_IN("unconsumed") Status doSomething();
void handleStatus(FEARLESS_LEAVES_IN("consumed") const Status &s);
void handleStatusRef(Status &s);

// testSimpleTemporaries3
void testSimpleTemporaries3() {
  Status s = doSomething();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's' may be destroyed in state 'unconsumed', but its destructor requires 'consumed' [fearless-typestate]
}

// testSimpleTemporariesReturn1: returned, the status is the caller's.
Status testSimpleTemporariesReturn1() {
  Status s = doSomething();
  return s;
}

// testSimpleTemporaries4
void testSimpleTemporaries4() {
  Status s = doSomething();
  s.check();
}

// testSimpleTemporaries5
void testSimpleTemporaries5() {
  Status s = doSomething();
  s.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 's' may be in state 'unconsumed' here, but 'clear' requires 'consumed' [fearless-typestate]
}

// testSimpleTemporaries6: s1 handled by a function that leaves it checked,
// s2 handed over by non-const reference. (s3, by pointer, and s4, read
// through a const reference under consumable_set_state_on_read, are left
// out.)
void testSimpleTemporaries6() {
  Status s1 = doSomething();
  handleStatus(s1);

  Status s2 = doSomething();
  handleStatusRef(s2);
}

// testSimpleTemporaries7
void testSimpleTemporaries7() {
  Status s;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's' may be destroyed in state 'unconsumed', but its destructor requires 'consumed' [fearless-typestate]
  s = doSomething();
}

// testTemporariesWithConditionals0
void testTemporariesWithConditionals0() {
  int a;

  Status s = doSomething();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's' may be destroyed in state 'unconsumed', but its destructor requires 'consumed' [fearless-typestate]
  if (cond()) a = 0;
  else        a = 1;
}

// testTemporariesWithConditionals1
void testTemporariesWithConditionals1() {
  int a;

  Status s = doSomething();
  if (cond()) a = 0;
  else        a = 1;
  s.ignore();
}

// testTemporariesWithConditionals2
void testTemporariesWithConditionals2() {
  int a;

  Status s = doSomething();
  s.ignore();
  if (cond()) a = 0;
  else        a = 1;
}

// testTemporariesAndConstructors0
void testTemporariesAndConstructors0() {
  Status s(doSomething());
  s.check();
}

// testTemporariesAndConstructors1F: the copy constructor copies the state.
void testTemporariesAndConstructors1F() {
  Status s1 = doSomething();
  Status s2 = s1;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's2' may be destroyed in state 'unconsumed', but its destructor requires 'consumed' [fearless-typestate]
  s1.ignore(); // added
}

// testTemporariesAndConstructors1S
void testTemporariesAndConstructors1S() {
  Status s1 = doSomething();
  Status s2(s1);
  s2.check();
  s1.ignore(); // added
}

// testTemporariesAndConstructors2F: the move constructor.
void testTemporariesAndConstructors2F() {
  Status s1 = doSomething();
  Status s2 = std::move(s1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's2' may be destroyed in state 'unconsumed', but its destructor requires 'consumed' [fearless-typestate]
}

// testTemporariesAndConstructors2S
void testTemporariesAndConstructors2S() {
  Status s1 = doSomething();
  Status s2 = std::move(s1);
  s2.check();
}

// testTemporariesAndOperators0F: the copy assignment.
void testTemporariesAndOperators0F() {
  Status s1 = doSomething();
  Status s2;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's2' may be destroyed in state 'unconsumed', but its destructor requires 'consumed' [fearless-typestate]
  s2 = s1;
  s1.ignore(); // added
}

// testTemporariesAndOperators0S
void testTemporariesAndOperators0S() {
  Status s1 = doSomething();
  Status s2;
  s2 = s1;
  s2.check();
  s1.ignore(); // added
}

// testTemporariesAndOperators1F: the move assignment.
void testTemporariesAndOperators1F() {
  Status s1 = doSomething();
  Status s2;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's2' may be destroyed in state 'unconsumed', but its destructor requires 'consumed' [fearless-typestate]
  s2 = std::move(s1);
}

// testTemporariesAndOperators1S
void testTemporariesAndOperators1S() {
  Status s1 = doSomething();
  Status s2;
  s2 = std::move(s1);
  s2.check();
}

// testTemporariesAndOperators2: CALLABLE_WHEN on the assignment operator.
void testTemporariesAndOperators2() {
  Status s1 = doSomething();
  Status s2 = doSomething();
  s1 = s2;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 's1' may be in state 'unconsumed' here, but 'operator=' requires 'consumed' [fearless-typestate]
  s1.check();
  s2.check();
}

// testReturnAutocast: no FEARLESS_RETURNS_IN, so nothing is expected of the
// returned status (consumable_auto_cast_state has no equivalent).
Status testReturnAutocast() {
  Status s = doSomething();
  s.check();  // consume s
  return s;
}

namespace TestParens {

// TestParens::test4: a parenthesised initializer.
void test4() {
  Status s = (doSomething());
  s.check();
}

} // end namespace TestParens

} // end namespace StatusUseCaseTests

// PR18260: functions named move that are not std::move(x).
namespace std {
  void move();

  namespace __1 {
    void move();
    template<class T>
    T &&move(T&);
  }
}

namespace PR18260 {
  class X {
    public:
      void move();
  } x;

  void test() {
    ConsumableClass<int> var(42); // added
    x.move();
    std::move();
    (void)std::move(x);
    std::__1::move();
    (void)std::__1::move(x);
    *var;
  }
} // end namespace PR18260
