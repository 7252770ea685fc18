// Lowering: luaparse AST -> ESTree for the runtime in src/runtime-shims.
//
// Conventions of the emitted code (see runtime-shims/value.ts):
// - a Lua local is a JS `let` with a chunk-unique name (`x`, `x$1`, ...), so closures and
//   per-iteration loop variables come from JS scoping; Lua names never contain `$`, so
//   every name the runtime needs starts with `$`;
// - globals live in the Lua table `$G`, never in JS scope;
// - a call returns one value as itself and 0 or 2+ values as a Multi;
// - every loop back-edge decrements the instruction budget, and every call is charged where
//   it is made (chargeCalls).
// Each rule below carries a one-line `lua => js` example.
import * as J from "./js.js";
import type { Expr, Stmt } from "./js.js";
import { LuaSyntaxError } from "./parse.js";

type Node = any;

const JS_RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with yield let static implements interface package private protected public await arguments eval " +
    "undefined NaN Infinity globalThis").split(" "),
);

/** Methods of the predicate runtime's event table (runtime-shims/predicate/event.ts). */
const EVENT_METHODS = new Set(["get_str", "get_i64", "get_bool", "get_f64", "get_bytes", "get", "has_field", "field_type"]);

interface Binding {
  js: string;
  lua: string;
  fn: FunctionCtx;
  /** A `local function` never assigned again: calls skip the callable check. */
  fixedFn?: boolean;
  /** ...that always returns exactly one value: calls skip $first too. */
  returnsOne?: boolean;
  /** Always a number ("num"), or always an integer ("int"): the loop variable of a numeric for. */
  numKind?: "int" | "num";
}

class FunctionCtx {
  temps = 0;
  /** Lua labels visible here: name -> JS label and how a goto reaches it. */
  labels: { name: string; js: string; kind: "break" | "continue" | "pc"; pc?: number; pcVar?: string }[] = [];
  /** Innermost Lua loops; `needsLabel` once a break must cross a goto wrapper loop. */
  loops: { label: string | undefined; gotoDepth: number }[] = [];
  gotoLoopDepth = 0;
  /** Inside an `if` or `do` whose calls the enclosing run already paid for (see chargeCalls). */
  prepaid = false;
  /** Self tail calls become jumps when the function creates no closures. */
  tco: { binding: Binding; jsName: string; params: string[]; used: boolean } | undefined;
  constructor(
    readonly parent: FunctionCtx | undefined,
    readonly hasVarargs: boolean,
    /** Lowering the generator twin: calls become `yield* $cocall(...)`. */
    readonly co = false,
  ) {}
}

export class Lowering {
  private names = new Map<string, number>();
  private scopes: Map<string, Binding>[] = [];
  private fnCtx!: FunctionCtx;
  /** Runtime helpers referenced by the emitted code (imported once per chunk). */
  readonly helpers = new Set<string>();
  private labelCount = 0;
  /** Per-site method caches (`$ic1`...), created once per isolate with the chunk. */
  caches = 0;

  constructor(
    private readonly chunkName: string,
    /** Emit a generator twin of every function (only for chunks that can reach `coroutine`). */
    private readonly coroutines = false,
    /** Emit instruction-budget checks (off only to measure what they cost). */
    private readonly budget = true,
    /**
     * Predicate chunks (src/predicate): event method calls get a direct path for the
     * runtime's event table, and calls of global functions go through per-instance caches.
     */
    private readonly predicate = false,
  ) {}

  /** Per-instance call caches (`$c1`...) of a predicate chunk, created by $main: the names each looks up. */
  private callCaches: string[][] = [];

  // ---------------------------------------------------------------- naming and scope

  private fresh(lua: string): string {
    const base = JS_RESERVED.has(lua) ? lua + "_" : lua;
    const n = this.names.get(base);
    this.names.set(base, (n ?? 0) + 1);
    return n === undefined ? base : `${base}$${n}`;
  }

  private declare(lua: string): Binding {
    const b: Binding = { js: this.fresh(lua), lua, fn: this.fnCtx };
    this.scopes[this.scopes.length - 1].set(lua, b);
    return b;
  }

  private lookup(lua: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(lua);
      if (b) return b;
    }
    return undefined;
  }

  private h(name: string): Expr {
    this.helpers.add(name);
    return J.id("$" + name);
  }

  private temp(): string {
    return `$${++this.fnCtx.temps}`;
  }

  private rt(name: string, args: Expr[], loc?: any): Expr {
    return J.withLoc(J.call(this.h(name), args), loc);
  }

  private error(node: Node, msg: string): never {
    const l = node?.loc?.start;
    throw new LuaSyntaxError(this.chunkName, l?.line ?? 1, (l?.column ?? 0) + 1, msg);
  }

  // ---------------------------------------------------------------- chunk

  /** Names assigned anywhere in the chunk (a local function with another name is fixed). */
  private assignedNames: Set<string> | undefined;
  private ast: Node;

  /** Computed on first use (only chunks with a `local function` need it). */
  private get assigned(): Set<string> {
    if (this.assignedNames !== undefined) return this.assignedNames;
    const names = new Set<string>();
    walk(this.ast.body, (x) => {
      if (x.type === "AssignmentStatement") for (const v of x.variables) if (v.type === "Identifier") names.add(v.name);
      if (x.type === "FunctionDeclaration" && !x.isLocal && x.identifier?.type === "Identifier") names.add(x.identifier.name);
    }, true);
    return (this.assignedNames = names);
  }

  /** lua: <chunk>  =>  js: function $main($G, ...$va) { ...; return $NONE; } */
  chunk(ast: Node): Expr {
    this.ast = ast;
    this.fnCtx = new FunctionCtx(undefined, true);
    this.scopes.push(new Map());
    const body = this.block(ast.body);
    this.scopes.pop();
    if (this.callCaches.length > 0) {
      // lua: (a predicate chunk)  =>  js: function $main($G, ...$va) { const $c1 = $cache($G, "string", "contains"), ...; ... }
      const cs: [string, Expr][] = this.callCaches.map((names, i) => [`$c${i + 1}`, J.call(this.h("cache"), [J.id("$G"), ...names.map((n) => J.str(n))])]);
      body.unshift(J.decl("const", cs));
    }
    return this.finishFunction("$main", [J.id("$G"), J.rest("$va")], body, this.fnCtx);
  }

  private finishFunction(name: string, params: Expr[], body: Stmt[], ctx: FunctionCtx): Expr {
    // no entry charge: the call that got here paid (see chargeCalls)
    const pre: Stmt[] = [];
    if (ctx.temps > 0) {
      const ts: [string, null][] = [];
      for (let i = 1; i <= ctx.temps; i++) ts.push([`$${i}`, null]);
      pre.unshift(J.decl("let", ts));
    }
    const last = body[body.length - 1];
    if (!last || last.type !== "ReturnStatement") body.push(J.ret(this.h("NONE")));
    const f = J.fn(name, params, [...pre, ...body]);
    f.generator = ctx.co;
    return f;
  }

  /** lua: (loop back-edge)  =>  js: if (--$budget.n < 0) $budgetExhausted(); */
  private budgetCheck(units = 1): Stmt {
    if (!this.budget) return { type: "EmptyStatement" };
    const n = J.member(this.h("budget"), "n");
    const left: Expr = units === 1 ? J.update("--", n) : { type: "AssignmentExpression", operator: "-=", left: n, right: J.num(units) };
    const st = J.ifS(J.bin("<", left, J.num(0)), J.exprStmt(J.call(this.h("budgetExhausted"), [])));
    (st as any).units = units;
    return st;
  }

  /**
   * A loop body with its back-edge unit in front, folded into the charge for the calls its
   * first statements make (one check per iteration):
   *   lua: while c do f() g() end  =>  js: while (c) { if (($budget.n -= 3) < 0) $budgetExhausted(); f(); g(); }
   */
  private loopBody(body: Stmt[]): Stmt[] {
    const units = (body[0] as any)?.units;
    return units === undefined ? [this.budgetCheck(), ...body] : [this.budgetCheck(units + 1), ...body.slice(1)];
  }

  /**
   * Calls are charged where they are made, one unit each, before the run of statements that
   * makes them: a run ends after a statement with a block or a jump, so a function that
   * returns early pays only for the calls it reaches. Function entry is free, a leaf call
   * costs nothing more, and recursion still pays per call.
   *   lua: local x = f(a) if g(x) then return end return h(x)
   *   =>  js: if (($budget.n -= 2) < 0) $budgetExhausted(); let x = f(a); if (g(x)) { return; }
   *           if (--$budget.n < 0) $budgetExhausted(); return h(x);
   * Loop conditions and iterator calls ride on the loop's back-edge unit. The calls in the
   * blocks of an `if` or `do` are paid with the run that contains it (one check where a
   * branch makes calls; a branch not taken is charged all the same), loop bodies pay per
   * iteration.
   */
  private chargeCalls(stmts: Node[], from: number, out: Stmt[]): void {
    if (!this.budget || this.fnCtx.prepaid) return;
    let units = 0;
    for (let i = from; i < stmts.length; i++) {
      units += headCalls(stmts[i]);
      if (COMPOUND.has(stmts[i].type)) break;
    }
    if (units > 0) out.push(this.budgetCheck(units));
  }

  private chargedStatement(s: Node): Stmt[] {
    const out: Stmt[] = [];
    this.chargeCalls([s], 0, out);
    out.push(...this.statement(s));
    return out;
  }

  // ---------------------------------------------------------------- blocks, goto

  private block(stmts: Node[]): Stmt[] {
    this.scopes.push(new Map());
    const out = this.statements(stmts);
    this.scopes.pop();
    return out;
  }

  /** The statements of one block: structured gotos when they nest, a state machine otherwise. */
  private statements(stmts: Node[]): Stmt[] {
    return needsStateMachine(stmts) ? this.stateMachine(stmts) : this.sequence(stmts, 0);
  }

  /**
   * Gotos that do not nest as JS blocks/loops: each label starts a case.
   *   lua: ::a:: x() goto b ::b:: goto a
   *   =>  js: $1 = 0; $sm1: for (;;) { switch ($1) { case 0: case 1: x(); $1 = 2; continue $sm1; case 2: $1 = 1; continue $sm1; } break; }
   * Locals declared at this block's level are hoisted above the loop (a goto re-enters the switch).
   */
  private stateMachine(stmts: Node[]): Stmt[] {
    const ctx = this.fnCtx;
    const pc = this.temp();
    const sm = `$sm${++this.labelCount}`;
    let k = 0;
    const added = stmts.filter((s) => s.type === "LabelStatement").map((s) => ({ name: s.label.name, js: sm, kind: "pc" as const, pc: ++k, pcVar: pc }));
    ctx.labels.push(...added);
    ctx.gotoLoopDepth++;
    const outerHoist = this.hoist;
    this.hoist = { nodes: new Set(stmts), names: [] };
    const cases: { test: number; body: Stmt[] }[] = [{ test: 0, body: [] }];
    k = 0;
    for (const st of stmts) {
      if (st.type === "LabelStatement") cases.push({ test: ++k, body: [] });
      else cases[cases.length - 1].body.push(...this.chargedStatement(st));
    }
    const hoisted = this.hoist.names;
    this.hoist = outerHoist;
    ctx.gotoLoopDepth--;
    ctx.labels.splice(ctx.labels.length - added.length, added.length);
    const sw = {
      type: "SwitchStatement",
      discriminant: J.id(pc),
      cases: cases.map((c) => ({ type: "SwitchCase", test: J.num(c.test), consequent: c.body })),
    };
    const out: Stmt[] = [];
    if (hoisted.length) out.push(J.decl("let", hoisted.map((n): [string, null] => [n, null])));
    out.push(J.exprStmt(J.assign(J.id(pc), J.num(0))));
    out.push(J.labeled(sm, J.forS(null, null, null, J.block([this.budgetCheck(), sw, J.breakS()]))));
    return out;
  }

  /** While lowering a state machine: its block-level statements, whose locals are hoisted. */
  private hoist: { nodes: Set<Node>; names: string[] } | undefined;

  /**
   * Statements from `start`, with goto/labels. A label splits the sequence:
   *   goto forward:  lua: goto x ... ::x::     =>  js: x$1: { ... break x$1; ... } ...
   *   goto backward: lua: ::x:: ... goto x     =>  js: x$2: for (;;) { ...; continue x$2; ...; break; }
   */
  private sequence(stmts: Node[], start: number): Stmt[] {
    let li = -1;
    for (let i = start; i < stmts.length; i++) {
      if (stmts[i].type === "LabelStatement") {
        li = i;
        break;
      }
    }
    if (li < 0) {
      const out: Stmt[] = [];
      for (let i = start; i < stmts.length; i++) {
        if (i === start || COMPOUND.has(stmts[i - 1].type)) this.chargeCalls(stmts, i, out);
        const st = this.statement(stmts[i]);
        for (let j = 0; j < st.length; j++) out.push(st[j]);
      }
      return out;
    }
    const name = stmts[li].label.name;
    const ctx = this.fnCtx;
    const out: Stmt[] = [];
    const fwdFrom = stmts.findIndex((s, i) => i >= start && i < li && containsGoto(s, name));
    const upTo = fwdFrom < 0 ? li : fwdFrom;
    for (let i = start; i < upTo; i++) out.push(...this.chargedStatement(stmts[i]));
    if (fwdFrom >= 0) {
      const label = `${name}$${++this.labelCount}`;
      ctx.labels.push({ name, js: label, kind: "break" });
      const inner: Stmt[] = [];
      for (let i = fwdFrom; i < li; i++) inner.push(...this.chargedStatement(stmts[i]));
      ctx.labels.pop();
      out.push(J.labeled(label, J.block(inner)));
    }
    const backward = stmts.some((s, i) => i > li && containsGoto(s, name));
    if (!backward) {
      out.push(...this.sequence(stmts, li + 1));
      return out;
    }
    const label = `${name}$${++this.labelCount}`;
    ctx.labels.push({ name, js: label, kind: "continue" });
    ctx.gotoLoopDepth++;
    const rest = this.sequence(stmts, li + 1);
    ctx.gotoLoopDepth--;
    ctx.labels.pop();
    out.push(J.labeled(label, J.forS(null, null, null, J.block([...this.loopBody(rest), J.breakS()]))));
    return out;
  }

  // ---------------------------------------------------------------- statements

  private statement(s: Node): Stmt[] {
    const out = this.statementInner(s);
    if (out.length > 0 && s.loc) J.withLoc(out[0], s.loc);
    return out;
  }

  private statementInner(s: Node): Stmt[] {
    switch (s.type) {
      case "LocalStatement":
        return this.localStatement(s);
      case "AssignmentStatement":
        return this.assignment(s);
      case "CallStatement":
        // lua: f(x)  =>  js: f(x);
        return [J.exprStmt(this.callExpr(s.expression))];
      case "DoStatement":
        // lua: do ... end  =>  js: { ... }
        return [J.block(this.prepaidBlock(s.body))];
      case "WhileStatement":
        return [this.loop((body) => J.whileS(this.truthy(s.condition), J.block(this.loopBody(body))), s.body)];
      case "RepeatStatement":
        return [this.repeat(s)];
      case "IfStatement":
        return [this.ifStatement(s)];
      case "ForNumericStatement":
        return this.numericFor(s);
      case "ForGenericStatement":
        return this.genericFor(s);
      case "ReturnStatement":
        if (s.arguments.length === 1 && isMulti(s.arguments[0]) && s.arguments[0].type !== "VarargLiteral") return this.tailCall(s.arguments[0]);
        return [this.returnStatement(s)];
      case "BreakStatement":
        return [this.breakStatement(s)];
      case "GotoStatement":
        return [this.gotoStatement(s)];
      case "LabelStatement":
        return [];
      case "FunctionDeclaration":
        return this.functionStatement(s);
      default:
        return this.error(s, `unsupported statement ${s.type}`);
    }
  }

  /** lua: local a, b = 1, f()  =>  js: $1 = f(); let a = 1, b = $nth($1, 0); */
  private localStatement(s: Node): Stmt[] {
    const { pre, vals } = this.explist(s.init, s.variables.length);
    const pairs: [string, Expr | null][] = s.variables.map((v: Node, i: number) => {
      const b = this.declare(v.name);
      return [b.js, vals[i] ?? null];
    });
    if (this.hoist?.nodes.has(s)) {
      // lua: local x = 1 (in a state machine)  =>  js: x = 1  (declared above the loop)
      this.hoist.names.push(...pairs.map(([n]) => n));
      return [...pre, ...pairs.map(([n, v]) => J.exprStmt(J.assign(J.id(n), v ?? J.undef())))];
    }
    return [...pre, J.decl("let", pairs)];
  }

  /**
   * Values of an expression list adjusted to n values. Only the last expression expands;
   * extra expressions are still evaluated. `pre` holds statements evaluating in order.
   */
  private explist(exprs: Node[], n: number): { pre: Stmt[]; vals: Expr[] } {
    const pre: Stmt[] = [];
    const vals: Expr[] = [];
    const ordered = exprs.length > 1;
    exprs.forEach((e, i) => {
      if (i === exprs.length - 1 && isMulti(e) && n > i + 1) {
        const t = this.temp();
        pre.push(J.exprStmt(J.assign(J.id(t), this.multi(e))));
        for (let k = i; k < n; k++) vals.push(this.rt("nth", [J.id(t), J.num(k - i)]));
        return;
      }
      const v = this.expr(e);
      if (i >= n) pre.push(J.exprStmt(v)); // evaluated for its effects only
      else if (ordered && !isPure(v)) vals.push(this.tempOf(v, pre));
      else vals.push(v);
    });
    while (vals.length < n) vals.push(J.undef());
    return { pre, vals };
  }

  /** lua: a, t[i] = t[i], a  =>  js: $1 = t; $2 = i; $3 = $index(t, i); $4 = a; a = $3; $setindex($1, $2, $4); */
  private assignment(s: Node): Stmt[] {
    const targets: Node[] = s.variables;
    if (targets.length === 1 && s.init.length === 1) {
      const t = targets[0];
      if (t.type === "Identifier") return this.storeName(t, this.expr(s.init[0]));
      const obj = this.expr(t.base);
      const key = t.type === "MemberExpression" ? J.str(t.identifier.name) : this.expr(t.index);
      const kind = t.type === "IndexExpression" ? this.keyKind(t.index) : undefined;
      return this.storeKey(obj, key, this.expr(s.init[0]), this.desc(t.base), endLoc(t), false, kind);
    }
    const pre: Stmt[] = [];
    // evaluate table and key expressions of the targets first, left to right
    const places = targets.map((t) => {
      if (t.type === "Identifier") return { t };
      const obj = this.tempOf(this.expr(t.base), pre);
      const key = t.type === "MemberExpression" ? J.str(t.identifier.name) : this.tempOf(this.expr(t.index), pre);
      return { t, obj, key };
    });
    const { pre: vpre, vals } = this.explist(s.init, targets.length);
    pre.push(...vpre);
    const tv = vals.map((v) => this.tempOf(v, pre));
    // like the reference interpreters, assign right to left (`a, a = 1, 2` leaves 1)
    for (let i = places.length - 1; i >= 0; i--) {
      const p = places[i];
      const v = tv[i] ?? J.undef();
      if (p.t.type === "Identifier") pre.push(...this.storeName(p.t, v));
      else pre.push(...this.storeKey(p.obj, p.key, v, this.desc(p.t.base), endLoc(p.t)));
    }
    return pre;
  }

  private tempOf(e: Expr, pre: Stmt[]): Expr {
    if (e.type === "Literal" || (e.type === "UnaryExpression" && e.argument.type === "Literal")) return e;
    if (e.type === "Identifier" && /^\$\d+$/.test(e.name)) return e; // already a temp
    const t = this.temp();
    pre.push(J.exprStmt(J.assign(J.id(t), e)));
    return J.id(t);
  }

  /** What is statically known of a key expression: an integer, a number, or nothing. */
  private keyKind(e: Node): "int" | "num" | undefined {
    if (e.type === "NumericLiteral") return Number.isInteger(e.value) ? "int" : "num";
    if (e.type === "Identifier") return this.lookup(e.name)?.numKind;
    return undefined;
  }

  /** lua: x = v  =>  js: x = v (local), or a store into $G (global) */
  private storeName(target: Node, value: Expr): Stmt[] {
    const b = this.lookup(target.name);
    if (b) return [J.exprStmt(J.assign(J.id(b.js), value))];
    return this.storeKey(J.id("$G"), J.str(target.name), value, [], target.loc, true);
  }

  /**
   * Stores with an inline fast path (per-site inline caches in V8; the runtime helper's own
   * property accesses would be megamorphic):
   *   lua: a.x = v   =>  js: $1 = a; $2 = v;
   *                        if ($1 instanceof $Table && $2 !== undefined && $1.strs.x !== undefined) $1.strs.x = $2;
   *                        else $setindex($1, "x", $2, "local 'a'");
   *   lua: a[i] = v  =>  js: ... if ($1 instanceof $Table && typeof $3 === "number" && $2 !== undefined && $1.mt === undefined
   *                              && $3 >= 1 && $3 <= $1.arr.length && ($3 | 0) === $3) $1.arr[$3 - 1] = $2; else $setindex(...)
   * (an existing key is set raw even with a metatable, as Lua does; new keys, nil values and
   * everything else take the helper.)
   */
  private storeKey(objE: Expr, keyE: Expr, valueE: Expr, desc: Expr[], loc: any, knownTable = false, keyKind?: "int" | "num"): Stmt[] {
    const pre: Stmt[] = [];
    const obj = isSimple(objE) ? objE : this.tempOf(objE, pre);
    const constName = keyE.type === "Literal" && typeof keyE.value === "string" ? (keyE.value as string) : undefined;
    const key = constName !== undefined || isSimple(keyE) ? keyE : this.tempOf(keyE, pre);
    const v = isSimple(valueE) ? valueE : this.tempOf(valueE, pre);
    const slow = J.exprStmt(this.rt("setindex", [obj, key, v, ...desc], loc));
    const isTable = knownTable ? [] : [J.bin("instanceof", obj, this.h("Table"))];
    const defined = v.type === "Literal" ? [] : [J.bin("!==", v, J.undef())];
    if (v.type === "UnaryExpression" && v.operator === "void") return [...pre, slow];
    let test: Expr[], store: Expr;
    if (constName !== undefined) {
      const prop = strsProp(obj, constName);
      test = [...isTable, ...defined, J.bin("!==", prop, J.undef()), J.bin("===", J.member(obj, "proto"), J.num(0))];
      store = J.assign(strsProp(obj, constName), v);
    } else if (keyKind !== undefined) {
      // a key known to be a number (the loop variable of a numeric for)
      const arrE = J.member(obj, "arr");
      test = [
        ...isTable,
        ...defined,
        J.bin("===", J.member(obj, "mt"), J.undef()),
        J.bin(">=", key, J.num(1)),
        J.bin("<=", key, J.member(arrE, "length")),
        ...(keyKind === "int" ? [] : [J.bin("===", J.bin("|", key, J.num(0)), key)]),
      ];
      store = J.assign(J.at(J.member(obj, "arr"), J.bin("-", key, J.num(1))), v);
    } else {
      const arrE = J.member(obj, "arr");
      // string keys: an existing key is overwritten in place
      const strTest = [
        ...isTable,
        J.bin("===", J.unary("typeof", key), J.str("string")),
        ...defined,
        J.bin("!==", J.at(J.member(obj, "strs"), key), J.undef()),
        J.bin("===", J.member(obj, "proto"), J.num(0)),
      ];
      const strStore = J.exprStmt(J.assign(J.at(J.member(obj, "strs"), key), v));
      test = [
        ...isTable,
        J.bin("===", J.unary("typeof", key), J.str("number")),
        ...defined,
        J.bin("===", J.member(obj, "mt"), J.undef()),
        J.bin(">=", key, J.num(1)),
        J.bin("<=", key, J.member(arrE, "length")),
        J.bin("===", J.bin("|", key, J.num(0)), key),
      ];
      store = J.assign(J.at(J.member(obj, "arr"), J.bin("-", key, J.num(1))), v);
      const numIf = J.ifS(test.reduce((a, b) => J.logical("&&", a, b)), J.exprStmt(store), slow);
      return [...pre, J.withLoc(J.ifS(strTest.reduce((a, b) => J.logical("&&", a, b)), strStore, numIf), loc)];
    }
    const cond = test.reduce((a, b) => J.logical("&&", a, b));
    return [...pre, J.withLoc(J.ifS(cond, J.exprStmt(store), slow), loc)];
  }

  /**
   * Loads with an inline fast path:
   *   lua: a.x  =>  js: a instanceof $Table && ($1 = a.strs.x) !== undefined ? $1 : $indexS(a, "x", "local 'a'")
   *   lua: a[i] =>  js: ($1 = a) instanceof $Table && typeof ($2 = i) === "number" && ($3 = $1.arr[$2 - 1]) !== undefined ? $3 : $index($1, $2)
   */
  private fieldGet(objE: Expr, name: string, desc: Expr[], loc: any, knownTable = false): Expr {
    const v = this.temp();
    let obj: Expr, first: Expr;
    if (isSimple(objE)) obj = first = objE;
    else {
      const t = this.temp();
      obj = J.id(t);
      first = J.assign(J.id(t), objE);
    }
    const load = J.bin("!==", J.assign(J.id(v), strsProp(obj, name)), J.undef());
    const test = knownTable ? J.seq(first === obj ? [load] : [first, load]) : J.logical("&&", J.bin("instanceof", first, this.h("Table")), load);
    return J.cond(test, J.id(v), this.rt("indexS", [obj, J.str(name), ...desc], loc));
  }

  /**
   * A method lookup also tries one __index table inline (the class of an object):
   *   lua: o:m()  =>  js: $1 instanceof $Table && (($2 = $1.strs.m) !== undefined || ($3 = $1.mt) !== undefined
   *                       && ($4 = $3.strs.__index) instanceof $Table && ($2 = $4.strs.m) !== undefined) ? $2 : $indexS($1, "m")
   */
  private methodGet(obj: Expr, name: string, desc: Expr[], loc: any): Expr {
    const v = J.id(this.temp());
    const ic = J.id(`$ic${++this.caches}`);
    const own = J.bin("!==", J.assign(v, strsProp(obj, name)), J.undef());
    const cached = [
      J.bin("===", J.member(obj, "mt"), J.member(ic, "mt")),
      J.bin("===", J.member(ic, "e"), J.member(this.h("epoch"), "n")),
      J.bin("!==", J.assign(v, J.member(ic, "v")), J.undef()),
    ].reduce((a, b) => J.logical("&&", a, b));
    const test = J.logical("&&", J.bin("instanceof", obj, this.h("Table")), J.logical("||", own, cached));
    return J.cond(test, v, this.rt("indexM", [obj, J.str(name), ic, ...desc], loc));
  }

  private indexGet(objE: Expr, keyE: Expr, desc: Expr[], loc: any, keyKind?: "int" | "num"): Expr {
    const v = J.id(this.temp());
    const o = J.id(this.temp());
    if (keyKind !== undefined && isSimple(keyE)) {
      // lua: t[i] (i a number)  =>  js: ($2 = t) instanceof $Table && ($1 = $2.arr[i - 1]) !== undefined ? $1 : $index($2, i)
      const load = J.bin("!==", J.assign(v, J.at(J.member(o, "arr"), J.bin("-", keyE, J.num(1)))), J.undef());
      const test = J.logical("&&", J.bin("instanceof", J.assign(o, objE), this.h("Table")), load);
      return J.cond(test, v, this.rt("index", [o, keyE, ...desc], loc));
    }
    const k = isSimple(keyE) ? keyE : J.id(this.temp());
    const keyFirst = k === keyE ? k : J.assign(k, keyE);
    // typeof k === "number" ? ($v = o.arr[k - 1]) : typeof k === "string" ? ($v = o.strs[k]) : undefined
    const load = J.cond(
      J.bin("===", J.unary("typeof", keyFirst), J.str("number")),
      J.assign(v, J.at(J.member(o, "arr"), J.bin("-", k, J.num(1)))),
      J.cond(J.bin("===", J.unary("typeof", k), J.str("string")), J.assign(v, J.at(J.member(o, "strs"), k)), J.undef()),
    );
    const test = J.logical("&&", J.bin("instanceof", J.assign(o, objE), this.h("Table")), J.bin("!==", load, J.undef()));
    // when the object is not a table the key was not evaluated yet: evaluate it for the helper
    const slowKey = k === keyE ? k : J.cond(J.bin("instanceof", o, this.h("Table")), k, J.assign(k, keyE));
    return J.cond(test, v, this.rt("index", [o, slowKey, ...desc], loc));
  }

  private loop(make: (body: Stmt[]) => Stmt, luaBody: Node[], extraBody: (inner: Stmt[]) => Stmt[] = (b) => b): Stmt {
    const ctx = this.fnCtx;
    const info = { label: undefined as string | undefined, gotoDepth: ctx.gotoLoopDepth };
    ctx.loops.push(info);
    const prepaid = ctx.prepaid;
    ctx.prepaid = false; // a loop body pays per iteration
    const body = extraBody(this.block(luaBody));
    ctx.prepaid = prepaid;
    ctx.loops.pop();
    const st = make(body);
    return info.label ? J.labeled(info.label, st) : st;
  }

  /** lua: repeat body until c  =>  js: for (;;) { budget; body; if (c) break; } (c sees body's locals) */
  private repeat(s: Node): Stmt {
    const ctx = this.fnCtx;
    const info = { label: undefined as string | undefined, gotoDepth: ctx.gotoLoopDepth };
    ctx.loops.push(info);
    this.scopes.push(new Map());
    const prepaid = ctx.prepaid;
    ctx.prepaid = false; // a loop body pays per iteration
    const body = this.statements(s.body);
    const test = this.truthy(s.condition);
    ctx.prepaid = prepaid;
    this.scopes.pop();
    ctx.loops.pop();
    const st = J.forS(null, null, null, J.block([...this.loopBody(body), J.ifS(test, J.breakS())]));
    return info.label ? J.labeled(info.label, st) : st;
  }

  /** lua: if a then x elseif b then y else z end  =>  js: if (a) {x} else if (b) {y} else {z} */
  private ifStatement(s: Node): Stmt {
    let alternate: Stmt | null = null;
    for (let i = s.clauses.length - 1; i >= 0; i--) {
      const c = s.clauses[i];
      const body = J.block(this.prepaidBlock(c.body));
      if (c.type === "ElseClause") alternate = body;
      else alternate = J.withLoc(J.ifS(this.truthy(c.condition), body, alternate), c.loc);
    }
    return alternate!;
  }

  /** The block of an `if` or `do`: its calls were charged with the enclosing run (headCalls). */
  private prepaidBlock(stmts: Node[]): Stmt[] {
    const ctx = this.fnCtx;
    const outer = ctx.prepaid;
    ctx.prepaid = true;
    const out = this.block(stmts);
    ctx.prepaid = outer;
    return out;
  }

  /**
   * lua: for i = 1, n do body end
   *   =>  js: $1 = $fornum(n, "limit"); for (let i = 1; i <= $1; i += 1) { budget; body }
   * JS `let` in a for head is per-iteration, so closures capture each value. When the body
   * assigns to `i`, the loop runs on a temp and `i` is a fresh copy per iteration, so the
   * assignment cannot change the iteration (Lua semantics).
   */
  private numericFor(s: Node): Stmt[] {
    const pre: Stmt[] = [];
    const numArg = (e: Node, what: string): Expr => {
      if (e.type === "NumericLiteral") return J.num(e.value);
      if (e.type === "UnaryExpression" && e.operator === "-" && e.argument.type === "NumericLiteral") return J.num(-e.argument.value);
      return this.rt("fornum", [this.expr(e), J.str(what)], e.loc);
    };
    const start = numArg(s.start, "initial value");
    const limit = numArg(s.end, "limit");
    const step = s.step ? numArg(s.step, "step") : J.num(1);
    // Lua evaluates start, limit and step once, in that order
    const startE = !isConstNum(start) && (!isConstNum(limit) || !isConstNum(step)) ? this.tempOf(start, pre) : start;
    const limE = isConstNum(limit) ? limit : this.tempOf(limit, pre);
    const stepE = isConstNum(step) ? step : this.tempOf(step, pre);
    const stepConst = isConstNum(step) ? constNum(step) : undefined;
    const assigned = assignsName(s.body, s.variable.name);
    this.scopes.push(new Map());
    const luaBinding = this.declare(s.variable.name);
    const luaVar = luaBinding.js;
    // the loop variable is always a number, an integer when start and step are integers
    const intLoop = isConstNum(startE) && Number.isInteger(constNum(startE)) && stepConst !== undefined && Number.isInteger(stepConst);
    // (unless the body assigns to it: then it is an ordinary local)
    if (!assigned) luaBinding.numKind = intLoop ? "int" : "num";
    const iv = assigned ? this.temp() : luaVar;
    const test =
      stepConst !== undefined
        ? J.bin(stepConst > 0 ? "<=" : ">=", J.id(iv), limE)
        : J.cond(J.bin(">", stepE, J.num(0)), J.bin("<=", J.id(iv), limE), J.bin(">=", J.id(iv), limE));
    const loop = this.loop(
      (body) =>
        J.forS(
          assigned ? J.assign(J.id(iv), startE) : J.decl("let", [[iv, startE]]),
          test,
          { type: "AssignmentExpression", operator: "+=", left: J.id(iv), right: stepE },
          J.block(this.loopBody(body)),
        ),
      s.body,
      (inner) => (assigned ? [J.decl("let", [[luaVar, J.id(iv)]]), ...inner] : inner),
    );
    this.scopes.pop();
    return [...pre, loop];
  }

  /**
   * lua: for k, v in explist do body end
   *   =>  js: $1 = f; $2 = s; $3 = c; for (;;) { budget; $4 = $1($2, $3); let k = $nth($4,0), v = $nth($4,1);
   *                                              if (k === undefined) break; $3 = k; body }
   */
  private genericFor(s: Node): Stmt[] {
    const { pre, vals } = this.explist(s.iterators, 3);
    const [f, st, ctl] = [this.temp(), this.temp(), this.temp()];
    pre.push(J.exprStmt(J.seq([J.assign(J.id(f), vals[0]), J.assign(J.id(st), vals[1]), J.assign(J.id(ctl), vals[2])])));
    const r = this.temp();
    this.scopes.push(new Map());
    const names = s.variables.map((v: Node) => this.declare(v.name).js);
    const callIt = this.fnCtx.co
      ? J.withLoc({ type: "YieldExpression", delegate: true, argument: this.rt("cocall", [J.id(f), J.arr([J.id(st), J.id(ctl)]), J.undef()]) }, s.loc)
      : J.withLoc(
          named(J.call(J.cond(J.bin("===", J.unary("typeof", J.id(f)), J.str("function")), J.id(f), this.rt("callable", [J.id(f)])), [J.id(st), J.id(ctl)]), "(for generator)"),
          s.loc,
        );
    const head: Stmt[] = [
      J.exprStmt(J.assign(J.id(r), callIt)),
      J.decl(
        "let",
        names.map((n: string, i: number) => [n, names.length === 1 ? this.rt("first", [J.id(r)]) : this.rt("nth", [J.id(r), J.num(i)])]),
      ),
      J.ifS(J.bin("===", J.id(names[0]), J.undef()), J.breakS()),
      J.exprStmt(J.assign(J.id(ctl), J.id(names[0]))),
    ];
    // the body's first charge is paid with the back-edge unit, before the iterator call
    const loop = this.loop((body) => J.forS(null, null, null, J.block(body)), s.body, (inner) => {
      const [check, ...rest] = this.loopBody(inner);
      return [check, ...head, ...rest];
    });
    this.scopes.pop();
    return [...pre, loop];
  }

  /**
   * lua: return         =>  js: return $NONE;
   * lua: return a       =>  js: return a;
   * lua: return f(x)    =>  js: return f(x);          (passes every value through)
   * lua: return a, b    =>  js: return new $Multi([a, b]);
   * lua: return a, f()  =>  js: return $mret([a], f());
   */
  private returnStatement(s: Node): Stmt {
    const args: Node[] = s.arguments;
    if (args.length === 0) return J.ret(this.h("NONE"));
    const last = args[args.length - 1];
    if (args.length === 1) return J.ret(isMulti(last) ? this.multi(last) : this.expr(last));
    // (tail calls are handled by statementInner before we get here)
    const heads = args.slice(0, -1).map((a) => this.expr(a));
    if (isMulti(last)) return J.ret(this.rt("mret", [J.arr(heads), this.multi(last)]));
    return J.ret(J.newE(this.h("Multi"), [J.arr([...heads, this.expr(last)])]));
  }

  private breakStatement(s: Node): Stmt {
    const ctx = this.fnCtx;
    const loop = ctx.loops[ctx.loops.length - 1];
    if (!loop) this.error(s, "no loop to break");
    // lua: break (inside a goto wrapper loop)  =>  js: break $L1;
    if (ctx.gotoLoopDepth > loop.gotoDepth) {
      loop.label ??= `$L${++this.labelCount}`;
      return J.breakS(loop.label);
    }
    return J.breakS();
  }

  private gotoStatement(s: Node): Stmt {
    const name = s.label.name;
    const labels = this.fnCtx.labels;
    for (let i = labels.length - 1; i >= 0; i--) {
      const l = labels[i];
      if (l.name !== name) continue;
      // lua: goto x  =>  js: break x$1; | continue x$2; | { $1 = 2; continue $sm1; }
      if (l.kind === "pc") return J.block([J.exprStmt(J.assign(J.id(l.pcVar!), J.num(l.pc!))), J.continueS(l.js)]);
      return l.kind === "break" ? J.breakS(l.js) : J.continueS(l.js);
    }
    return this.error(s, `no visible label '${name}' for goto`);
  }

  /**
   * lua: function a.b:m(x) end  =>  js: $setindex($index(a, "b"), "m", function m$(self, x) {...})
   * lua: local function f() end =>  js: let f; f = function f$() {...}
   * lua: function f() end       =>  js: $setindex($G, "f", function f$() {...})
   */
  private functionStatement(s: Node): Stmt[] {
    if (s.isLocal) {
      const b = this.declare(s.identifier.name);
      if (!this.assigned.has(s.identifier.name)) {
        b.fixedFn = true;
        b.returnsOne = returnsOneValue(s, s.identifier.name);
      }
      const init = J.exprStmt(J.assign(J.id(b.js), this.functionExpr(s, s.identifier.name, false, b)));
      if (this.hoist?.nodes.has(s)) {
        this.hoist.names.push(b.js);
        return [init];
      }
      return [J.decl("let", [[b.js, null]]), init];
    }
    const target = s.identifier;
    const isMethod = target.type === "MemberExpression" && target.indexer === ":";
    const fname = target.type === "Identifier" ? target.name : target.identifier.name;
    const f = this.functionExpr(s, fname, isMethod);
    if (isMethod) {
      return [J.exprStmt(this.rt("setindex", [this.expr(target.base), J.str(target.identifier.name), f, ...this.desc(target.base)], target.loc))];
    }
    if (target.type === "Identifier") return this.storeName(target, f);
    return this.storeKey(this.expr(target.base), J.str(target.identifier.name), f, this.desc(target.base), target.loc);
  }

  /** lua: function(a, ...) body end  =>  js: function $fn(a, ...$va) { let $1; budget; body; return $NONE; } */
  /**
   * lua: function(a, ...) body end  =>  js: function $fn(a, ...$va) { let $1; budget; body; return $NONE; }
   * With coroutines, every function also gets a generator twin used only inside coroutines:
   * lua: function(a) body end  =>  js: $cofn(function f$(a) {...}, function* f$(a) {...})
   */
  private functionExpr(s: Node, name: string | undefined, method = false, self?: Binding): Expr {
    const plain = this.functionBody(s, name, method, self, false);
    if (!this.coroutines) return plain;
    const twin = this.functionBody(s, name, method, self, true);
    return J.withLoc(J.call(this.h("cofn"), [plain, twin]), s.loc);
  }

  private functionBody(s: Node, name: string | undefined, method: boolean, self: Binding | undefined, co: boolean): Expr {
    const outer = this.fnCtx;
    const ctx = new FunctionCtx(outer, s.parameters.some((p: Node) => p.type === "VarargLiteral"), co);
    this.fnCtx = ctx;
    this.scopes.push(new Map());
    const params: Expr[] = [];
    if (method) params.push(J.id(this.declare("self").js));
    for (const p of s.parameters) {
      if (p.type === "VarargLiteral") params.push(J.rest("$va"));
      else params.push(J.id(this.declare(p.name).js));
    }
    const jsName = (name ?? "anonymous").replace(/[^A-Za-z0-9_]/g, "_") + "$";
    if (self && !ctx.hasVarargs && !containsFunction(s.body)) {
      ctx.tco = { binding: self, jsName, params: params.map((p) => p.name), used: false };
    }
    let body = this.block(s.body);
    if (ctx.tco?.used) {
      // lua: local function f(n) ... return f(n - 1) end  =>  js: function f$(n) { $tco: for (;;) { ... } }
      body = [J.labeled("$tco", J.forS(null, null, null, J.block([...body, J.ret(this.h("NONE"))])))];
    }
    this.scopes.pop();
    this.fnCtx = outer;
    return J.withLoc(this.finishFunction(jsName, params, body, ctx), s.loc);
  }

  // ---------------------------------------------------------------- expressions

  /** A description of an expression for error messages, as Lua 5.1's getobjname. */
  private desc(e: Node): Expr[] {
    switch (e.type) {
      case "Identifier": {
        const b = this.lookup(e.name);
        if (!b) return [J.str(`global '${e.name}'`)];
        return [J.str(`${b.fn === this.fnCtx ? "local" : "upvalue"} '${e.name}'`)];
      }
      case "MemberExpression":
        return [J.str(`${e.indexer === ":" ? "method" : "field"} '${e.identifier.name}'`)];
      case "IndexExpression":
        // Lua 5.1 names only constant string keys: t.x[1] -> "field '?'"
        return [J.str(`field '${e.index.type === "StringLiteral" ? e.index.value : "?"}'`)];
      default:
        return [];
    }
  }

  private descOrUndef(e: Node): Expr {
    return this.desc(e)[0] ?? J.undef();
  }

  /** An expression in single-value context. */
  expr(e: Node): Expr {
    return J.withLoc(this.exprInner(e), reportLoc(e));
  }

  private exprInner(e: Node): Expr {
    switch (e.type) {
      case "NilLiteral":
        return J.undef();
      case "BooleanLiteral":
        return J.bool(e.value);
      case "NumericLiteral":
        if (/[iIuUlL]$/.test(e.raw)) this.error(e, `FFI number literals are not supported: ${e.raw}`);
        return J.num(e.value);
      case "StringLiteral":
        return J.str(e.value);
      case "VarargLiteral":
        // lua: (...)  =>  js: $va[0]
        if (!this.fnCtx.hasVarargs) this.error(e, "cannot use '...' outside a vararg function");
        return J.at(J.id("$va"), J.num(0));
      case "Identifier": {
        const b = this.lookup(e.name);
        // lua: x (local)  =>  js: x
        if (b) return J.id(b.js);
        // lua: x (global)  =>  js: ($1 = $G.strs.x) !== undefined ? $1 : $indexS($G, "x")
        return this.fieldGet(J.id("$G"), e.name, [], e.loc, true);
      }
      case "MemberExpression":
        // lua: a.b  =>  js: (see fieldGet)
        return this.fieldGet(this.expr(e.base), e.identifier.name, this.desc(e.base), endLoc(e));
      case "IndexExpression":
        // lua: a[k]  =>  js: (see indexGet)
        if (e.index.type === "StringLiteral") return this.fieldGet(this.expr(e.base), e.index.value, this.desc(e.base), endLoc(e));
        return this.indexGet(this.expr(e.base), this.expr(e.index), this.desc(e.base), endLoc(e), this.keyKind(e.index));
      case "CallExpression":
      case "StringCallExpression":
      case "TableCallExpression": {
        // lua: f(x) (one value)  =>  js: $first(f(x))
        // (a fixed local function that always returns one value needs no $first)
        const b = e.base.type === "Identifier" && !this.fnCtx.co ? this.lookup(e.base.name) : undefined;
        if (b?.returnsOne) return this.callExpr(e);
        return this.rt("first", [this.callExpr(e)]);
      }
      case "FunctionDeclaration":
        return this.functionExpr(e, undefined);
      case "TableConstructorExpression":
        return this.table(e);
      case "BinaryExpression":
        return this.binary(e);
      case "LogicalExpression":
        return this.logicalValue(e);
      case "UnaryExpression":
        return this.unaryExpr(e);
      default:
        return this.error(e, `unsupported expression ${e.type}`);
    }
  }

  /** An expression in multi-value context: the raw call result (a value or a Multi). */
  private multi(e: Node): Expr {
    if (e.inParens || !isMulti(e)) return this.expr(e);
    // lua: ... (all values)  =>  js: $vret($va)
    if (e.type === "VarargLiteral") {
      if (!this.fnCtx.hasVarargs) this.error(e, "cannot use '...' outside a vararg function");
      return this.rt("vret", [J.id("$va")]);
    }
    return this.callExpr(e);
  }

  /** Arguments with the last one expanded: lua: f(a, g())  =>  js: f(a, ...$vals(g())) */
  private args(list: Node[]): Expr[] {
    return list.map((a, i) => {
      if (i === list.length - 1 && isMulti(a) && !a.inParens) {
        if (a.type === "VarargLiteral") {
          if (!this.fnCtx.hasVarargs) this.error(a, "cannot use '...' outside a vararg function");
          return J.spread(J.id("$va"));
        }
        return J.spread(this.rt("vals", [this.callExpr(a)]));
      }
      return this.expr(a);
    });
  }

  /**
   * lua: f(a)      =>  js: (typeof f === "function" ? f : $callable(f, "local 'f'"))(a)
   * lua: o:m(a)    =>  js: ($1 = o, $2 = $indexS($1, "m"), typeof $2 === "function" ? $2 : $callable($2, "method 'm'"))($1, a)
   */
  callExpr(e: Node): Expr {
    if (this.fnCtx.co) return this.coCall(e);
    const { callee, args, at } = this.callParts(e);
    return J.withLoc(named(J.call(callee, args), callName(e.base)), at);
  }

  /**
   * A call inside a generator twin: it may yield, so it is delegated.
   *   lua: f(a)    =>  js: yield* $cocall(f, [a], "global 'f'")
   *   lua: o:m(a)  =>  js: yield* $cocall(($1 = o, $indexS($1, "m")), [$1, a], "method 'm'")
   */
  private coCall(e: Node): Expr {
    const argNodes: Node[] = e.type === "CallExpression" ? e.arguments : e.type === "StringCallExpression" ? [e.argument] : [e.arguments];
    const base = e.base;
    const at = endLoc(base);
    let f: Expr, args: Expr[], desc: Expr;
    if (base.type === "MemberExpression" && base.indexer === ":") {
      const self = this.temp();
      f = J.seq([J.assign(J.id(self), this.expr(base.base)), J.withLoc(this.rt("indexS", [J.id(self), J.str(base.identifier.name), ...this.desc(base.base)]), base.loc)]);
      args = [J.id(self), ...this.args(argNodes)];
      desc = J.str(`method '${base.identifier.name}'`);
    } else {
      f = this.expr(base);
      args = this.args(argNodes);
      desc = this.descOrUndef(base);
    }
    return J.withLoc({ type: "YieldExpression", delegate: true, argument: this.rt("cocall", [f, J.arr(args), desc], at) }, at);
  }

  private callParts(e: Node): { callee: Expr; args: Expr[]; at: any } {
    const argNodes: Node[] = e.type === "CallExpression" ? e.arguments : e.type === "StringCallExpression" ? [e.argument] : [e.arguments];
    const base = e.base;
    // Lua reports a call's errors on the line of its '(' (where the callee ends)
    const at = endLoc(base);
    if (this.predicate) {
      const fast = this.predicateCallee(base, at);
      if (fast !== undefined) return { callee: fast.callee, args: [...fast.self, ...this.args(argNodes)], at };
    }
    if (base.type === "MemberExpression" && base.indexer === ":") {
      const self = this.temp();
      const fn = this.temp();
      const getM = this.methodGet(J.id(self), base.identifier.name, this.desc(base.base), endLoc(base));
      const callee = J.seq([
        J.assign(J.id(self), this.expr(base.base)),
        J.assign(J.id(fn), getM),
        this.callableTest(J.id(fn), J.str(`method '${base.identifier.name}'`), at),
      ]);
      return { callee, args: [J.id(self), ...this.args(argNodes)], at };
    }
    const f = this.expr(base);
    // lua: f(x) with f a local function never reassigned  =>  js: f(x)
    if (base.type === "Identifier" && this.lookup(base.name)?.fixedFn) return { callee: f, args: this.args(argNodes), at };
    if (f.type === "Identifier") return { callee: this.callableTest(f, this.descOrUndef(base), at), args: this.args(argNodes), at };
    const t = this.temp();
    const callee = J.seq([J.assign(J.id(t), f), this.callableTest(J.id(t), this.descOrUndef(base), at)]);
    return { callee, args: this.args(argNodes), at };
  }

  /**
   * Callees with a fast path in predicate chunks (undefined: none applies).
   * - An event method on the runtime's event table (immutable, shared by every rule) is
   *   called directly; any other receiver takes the generic lookup:
   *     lua: e:get_str(1)  =>  js: (e === $EV ? $ev_get_str : $methodOf(e, "get_str", "local 'e'"))(e, 1)
   * - A global function, or a field of a global table, is looked up once per instance and
   *   cached until `epoch` moves (any write to the globals table, a library table or a table
   *   the lookup went through bumps it); the cache knows what it looks up:
   *     lua: string.contains(s, p)  =>  js: $gv($c1)(s, p)     ($c1 = $cache($G, "string", "contains") in $main)
   *     lua: tostring(x)            =>  js: $gv($c2)(x)        ($c2 = $cache($G, "tostring"))
   */
  private predicateCallee(base: Node, at: any): { callee: Expr; self: Expr[] } | undefined {
    if (base.type === "MemberExpression" && base.indexer === ":" && EVENT_METHODS.has(base.identifier.name)) {
      const name: string = base.identifier.name;
      const o = this.expr(base.base);
      let first: Expr, self: Expr;
      if (o.type === "Identifier") first = self = o;
      else {
        const t = J.id(this.temp());
        first = J.assign(t, o);
        self = t;
      }
      const slow = this.rt("methodOf", [self, J.str(name), ...this.desc(base.base)], at);
      return { callee: J.cond(J.bin("===", first, this.h("EV")), this.h("ev_" + name), slow), self: [self] };
    }
    let names: string[] | undefined;
    if (base.type === "Identifier" && !this.lookup(base.name)) names = [base.name];
    else if (base.type === "MemberExpression" && base.indexer === "." && base.base.type === "Identifier" && !this.lookup(base.base.name)) {
      names = [base.base.name, base.identifier.name];
    }
    if (names === undefined) return undefined;
    this.callCaches.push(names);
    const c = J.id(`$c${this.callCaches.length}`);
    return { callee: this.rt("gv", [c], at), self: [] };
  }

  /**
   * A tail call. JS has no proper tail calls, so:
   * - a self-recursive tail call in a function without closures becomes a jump:
   *     lua: return f(n - 1)  =>  js: if (f === f$) { $1 = $sub(n, 1); n = $1; continue $tco; }
   * - any other tail call is marked in the line table (negative line), so error levels
   *   and tracebacks skip the caller's frame as Lua does:
   *     lua: return f(x)  =>  js: $1 = f; return $1(x);
   */
  private tailCall(e: Node): Stmt[] {
    const ctx = this.fnCtx;
    const out: Stmt[] = [];
    if (ctx.tco && e.type === "CallExpression" && e.base.type === "Identifier" && this.lookup(e.base.name) === ctx.tco.binding && !e.arguments.some(isMulti)) {
      const temps = e.arguments.map((a: Node) => this.tempOf(this.expr(a), out));
      const assigns = ctx.tco.params.map((p, i) => J.exprStmt(J.assign(J.id(p), temps[i] ?? J.undef())));
      ctx.tco.used = true;
      // in a generator twin the Lua variable holds the plain function, whose twin we are
      const fnRef = ctx.co ? J.member(J.id(ctx.tco.binding.js), "$co") : J.id(ctx.tco.binding.js);
      out.push(J.ifS(J.bin("===", fnRef, J.id(ctx.tco.jsName)), J.block([...assigns, J.continueS("$tco")])));
      return [J.block(out), ...(ctx.co ? [J.ret(this.coCall(e))] : this.tailCallPlain(e))];
    }
    if (ctx.co) return [J.ret(this.coCall(e))];
    return this.tailCallPlain(e);
  }

  private tailCallPlain(e: Node): Stmt[] {
    const { callee, args, at } = this.callParts(e);
    const t = this.temp();
    const tailAt = at ? { start: { ...at.start, tail: true } } : undefined;
    return [J.exprStmt(J.assign(J.id(t), callee)), J.ret(named(J.call(J.withLoc(J.id(t), tailAt), args), callName(e.base)))];
  }

  private callableTest(f: Expr, desc: Expr, at?: any): Expr {
    return J.cond(J.bin("===", J.unary("typeof", f), J.str("function")), f, this.rt("callable", [f, desc], at));
  }

  /**
   * lua: {1, 2, x = 3, [k] = 4, f()}  =>  js: $table([1, 2, ...$vals(f())], ["x", 3, k, 4])
   * lua: {}                          =>  js: new $Table()
   */
  private table(e: Node): Expr {
    if (e.fields.length === 0) return J.newE(this.h("Table"), []);
    const names = e.fields.filter((f: Node) => f.type === "TableKeyString").map((f: Node) => f.key.name);
    const onlyNames = names.length === e.fields.length && new Set(names).size === names.length;
    if (onlyNames) return this.recordTable(e.fields);
    const items: Expr[] = [];
    const keyed: Expr[] = [];
    e.fields.forEach((f: Node, i: number) => {
      if (f.type === "TableValue") {
        const last = i === e.fields.length - 1;
        if (last && isMulti(f.value) && !f.value.inParens) {
          if (f.value.type === "VarargLiteral") {
            if (!this.fnCtx.hasVarargs) this.error(f.value, "cannot use '...' outside a vararg function");
            items.push(J.spread(J.id("$va")));
          } else items.push(J.spread(this.rt("vals", [this.callExpr(f.value)])));
        } else items.push(this.expr(f.value));
      } else if (f.type === "TableKeyString") {
        keyed.push(J.str(f.key.name), this.expr(f.value));
      } else {
        keyed.push(this.expr(f.key), this.expr(f.value));
      }
    });
    return this.rt("table", keyed.length ? [J.arr(items), J.arr(keyed)] : [J.arr(items)]);
  }

  /**
   * A record constructor stores its fields inline, so tables built at one site share V8
   * hidden classes:
   *   lua: {x = 1, y = f()}  =>  js: ($1 = $newTable(2), $1.strs.x = 1, ($2 = f()) !== undefined && ($1.strs.y = $2), $1)
   */
  private recordTable(fields: Node[]): Expr {
    const t = J.id(this.temp());
    const parts: Expr[] = [J.assign(t, this.rt("newTable", [J.num(fields.length)]))];
    for (const f of fields) {
      const value = this.expr(f.value);
      const prop = strsProp(t, f.key.name);
      if (value.type === "Literal" || value.type === "FunctionExpression" || value.type === "NewExpression") parts.push(J.assign(prop, value));
      else {
        const v = J.id(this.temp());
        parts.push(J.logical("&&", J.bin("!==", J.assign(v, value), J.undef()), J.assign(strsProp(t, f.key.name), v)));
      }
    }
    parts.push(t);
    return J.seq(parts);
  }

  private static ARITH: Record<string, string> = {
    "+": "add", "-": "sub", "*": "mul", "/": "div", "%": "modulo", "^": "pow", "//": "idiv",
    "&": "band", "|": "bor", "~": "bxor", "<<": "shl", ">>": "shr", "..": "concat",
  };

  /**
   * lua: a + b   =>  js: $add(a, b, "local 'a'", "global 'b'")
   * lua: a < b   =>  js: $lt(a, b)          lua: a > b  =>  js: $gt(a, b)
   * lua: a == b  =>  js: $eq(a, b)          lua: a ~= b =>  js: !$eq(a, b)
   */
  private binary(e: Node): Expr {
    const op: string = e.operator;
    const name = Lowering.ARITH[op];
    if (name) {
      const l = e.left, r = e.right;
      if (l.type === "NumericLiteral" && r.type === "NumericLiteral" && "+-*/".includes(op)) {
        return J.num(foldArith(op, l.value, r.value));
      }
      const dl = this.desc(l), dr = this.desc(r);
      const args = [this.expr(l), this.expr(r)];
      if (dl.length || dr.length) args.push(dl[0] ?? J.undef(), ...(dr.length ? dr : []));
      if (INLINE_ARITH.has(op)) return this.inlineArith(op, l, r, args, name);
      return this.rt(name, args);
    }
    const a = this.expr(e.left), b = this.expr(e.right);
    switch (op) {
      case "==":
        return this.rt("eq", [a, b]);
      case "~=":
        return J.unary("!", this.rt("eq", [a, b]));
      case "<":
        return this.rt("lt", [a, b]);
      case "<=":
        return this.rt("le", [a, b]);
      case ">":
        return this.rt("gt", [a, b]);
      case ">=":
        return this.rt("ge", [a, b]);
    }
    return this.error(e, `unsupported operator ${op}`);
  }

  /**
   * + - * / on numbers in the emitted code itself: no call, so nothing depends on V8's
   * inlining budget (a big loop body runs out of it and then calls the helper).
   *   lua: a + b    =>  js: typeof a === "number" && typeof b === "number" ? a + b : $add(a, b, "local 'a'", "local 'b'")
   *   lua: i * 2    =>  js: i * 2    (i a numeric for variable)
   *   lua: t.x - 1  =>  js: ($1 = <t.x>, typeof $1 === "number" ? $1 - 1 : $sub($1, 1, "field 'x'"))
   */
  private inlineArith(op: string, l: Node, r: Node, args: Expr[], name: string): Expr {
    const pre: Expr[] = [];
    const operand = (e: Expr): Expr => {
      if (e.type === "Literal" || e.type === "Identifier" || (e.type === "UnaryExpression" && e.argument.type === "Literal")) return e;
      const t = J.id(this.temp());
      pre.push(J.assign(t, e));
      return t;
    };
    const a = operand(args[0]), b = operand(args[1]);
    const tests: Expr[] = [];
    if (!this.isNumber(l, a)) tests.push(J.bin("===", J.unary("typeof", a), J.str("number")));
    if (!this.isNumber(r, b)) tests.push(J.bin("===", J.unary("typeof", b), J.str("number")));
    const fast = J.bin(op, a, b);
    let e: Expr = fast;
    if (tests.length > 0) e = J.cond(tests.length === 2 ? J.logical("&&", tests[0], tests[1]) : tests[0], fast, this.rt(name, [a, b, ...args.slice(2)]));
    return pre.length ? J.seq([...pre, e]) : e;
  }

  /** Statically a number: a numeric literal or a numeric for variable. */
  private isNumber(n: Node, js: Expr): boolean {
    if (js.type === "Literal") return typeof js.value === "number";
    if (js.type === "UnaryExpression") return js.operator === "-" && js.argument.type === "Literal" && typeof js.argument.value === "number";
    return n.type === "Identifier" && this.lookup(n.name)?.numKind !== undefined;
  }

  /**
   * lua: a and b  =>  js: ($1 = a) === undefined || $1 === false ? $1 : b
   * lua: a or b   =>  js: ($1 = a) !== undefined && $1 !== false ? $1 : b
   */
  private logicalValue(e: Node): Expr {
    const a = this.expr(e.left);
    const b = this.expr(e.right);
    if (isBoolExpr(e.left) && isBoolExpr(e.right)) return J.logical(e.operator === "and" ? "&&" : "||", a, b);
    let test: Expr, val: Expr;
    if (a.type === "Identifier" || a.type === "Literal") {
      val = a;
      test = this.truthyJs(a);
    } else {
      const t = this.temp();
      val = J.id(t);
      test = J.logical("&&", J.bin("!==", J.assign(J.id(t), a), J.undef()), J.bin("!==", J.id(t), J.bool(false)));
    }
    return e.operator === "and" ? J.cond(test, b, val) : J.cond(test, val, b);
  }

  private unaryExpr(e: Node): Expr {
    switch (e.operator) {
      case "not":
        // lua: not a  =>  js: !(a !== undefined && a !== false)
        return J.unary("!", this.truthy(e.argument));
      case "-":
        // lua: -a  =>  js: $unm(a)
        if (e.argument.type === "NumericLiteral") return J.num(-e.argument.value);
        return this.rt("unm", [this.expr(e.argument), ...this.desc(e.argument)]);
      case "#":
        // lua: #a  =>  js: $len(a)
        return this.rt("len", [this.expr(e.argument), ...this.desc(e.argument)]);
      case "~":
        return this.rt("bnot", [this.expr(e.argument), ...this.desc(e.argument)]);
    }
    return this.error(e, `unsupported operator ${e.operator}`);
  }

  /** A Lua condition as a JS boolean. lua: if x then  =>  js: if (x !== undefined && x !== false) */
  truthy(e: Node): Expr {
    // (parentheses change nothing here: `and`/`or` yield one value either way)
    // lua: if a and (b or c) then  =>  js: if (a !== undefined && a !== false && (b... || c...))
    if (e.type === "LogicalExpression") {
      return J.logical(e.operator === "and" ? "&&" : "||", this.truthy(e.left), this.truthy(e.right));
    }
    if (e.type === "BooleanLiteral") return J.bool(e.value);
    if (e.type === "NilLiteral") return J.bool(false);
    if (e.type === "NumericLiteral" || e.type === "StringLiteral" || e.type === "TableConstructorExpression" || e.type === "FunctionDeclaration") {
      return J.bool(true);
    }
    const x = this.expr(e);
    if (isBoolExpr(e)) return x;
    return this.truthyJs(x);
  }

  private truthyJs(x: Expr): Expr {
    if (x.type === "Identifier") return J.logical("&&", J.bin("!==", x, J.undef()), J.bin("!==", x, J.bool(false)));
    const t = this.temp();
    return J.logical("&&", J.bin("!==", J.assign(J.id(t), x), J.undef()), J.bin("!==", J.id(t), J.bool(false)));
  }
}

// ---------------------------------------------------------------- AST queries

/** A location whose start is where `e` ends (Lua reports operators there). */
function endLoc(e: Node): any {
  return e?.loc ? { start: e.loc.end } : undefined;
}

/** Where errors raised by evaluating `e` are reported, as the reference interpreters do. */
function reportLoc(e: Node): any {
  switch (e.type) {
    case "BinaryExpression":
    case "MemberExpression":
    case "IndexExpression":
      return endLoc(e);
    case "CallExpression":
    case "StringCallExpression":
    case "TableCallExpression":
      return endLoc(e.base);
    default:
      return e.loc;
  }
}

function isMulti(e: Node): boolean {
  return !e.inParens && (e.type === "CallExpression" || e.type === "StringCallExpression" || e.type === "TableCallExpression" || e.type === "VarargLiteral");
}

function isBoolExpr(e: Node): boolean {
  if (e.type === "BooleanLiteral") return true;
  if (e.type === "UnaryExpression" && e.operator === "not") return true;
  if (e.type === "BinaryExpression" && ["==", "~=", "<", "<=", ">", ">="].includes(e.operator)) return true;
  if (e.type === "LogicalExpression") return isBoolExpr(e.left) && isBoolExpr(e.right);
  return false;
}

/** An expression that can be read twice without effects: a variable or a constant. */
function isSimple(x: Expr): boolean {
  return x.type === "Identifier" || x.type === "Literal" || (x.type === "UnaryExpression" && (x.operator === "void" || (x.operator === "-" && x.argument.type === "Literal")));
}

/** js: obj.strs.name (or obj.strs["name"] when name is not an identifier) */
function strsProp(obj: Expr, name: string): Expr {
  const strs = J.member(obj, "strs");
  return /^[A-Za-z_$][\w$]*$/.test(name) ? J.member(strs, name) : J.at(strs, J.str(name));
}

function isConstNum(x: Expr): boolean {
  return x.type === "Literal" || (x.type === "UnaryExpression" && x.operator === "-" && x.argument.type === "Literal");
}

function constNum(x: Expr): number {
  return x.type === "Literal" ? x.value : -x.argument.value;
}

function isPure(x: Expr): boolean {
  return x.type === "Literal" || (x.type === "UnaryExpression" && x.operator === "void");
}

function foldArith(op: string, a: number, b: number): number {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    default: return a / b;
  }
}

/** True when some goto jumps forward over an earlier label of the same block. */
function needsStateMachine(stmts: Node[]): boolean {
  let prevLabel = -1;
  for (let i = 0; i < stmts.length; i++) {
    if (stmts[i].type !== "LabelStatement") continue;
    const name = stmts[i].label.name;
    for (let j = 0; j < prevLabel; j++) if (containsGoto(stmts[j], name)) return true;
    prevLabel = i;
  }
  return false;
}

/**
 * Does this function always return exactly one value? Every return (outside nested
 * functions) has one expression that is not a call or `...` (a tail call to itself is
 * fine), and the body ends with a return (falling off the end returns no value).
 */
function returnsOneValue(fn: Node, selfName: string): boolean {
  const body: Node[] = fn.body;
  if (body.length === 0 || body[body.length - 1].type !== "ReturnStatement") return false;
  let ok = true;
  for (const st of body) walk(st, (x) => {
    if (x.type !== "ReturnStatement") return;
    if (x.arguments.length !== 1) ok = false;
    else {
      const a = x.arguments[0];
      const selfCall = a.type === "CallExpression" && a.base.type === "Identifier" && a.base.name === selfName;
      if (isMulti(a) && !selfCall) ok = false;
    }
  });
  return ok;
}

/** Arithmetic emitted inline for numbers (see inlineArith). */
const INLINE_ARITH = new Set(["+", "-", "*", "/"]);

/** Statements after which a new run of charged statements starts (see chargeCalls). */
const COMPOUND = new Set(["IfStatement", "WhileStatement", "RepeatStatement", "ForNumericStatement", "ForGenericStatement", "DoStatement", "ReturnStatement", "BreakStatement", "GotoStatement", "LabelStatement"]);

/**
 * The calls a statement's run pays for: its own, and those in the blocks of an `if` or `do`
 * (prepaidBlock); not those in loop bodies or loop conditions (paid per iteration) or in
 * nested functions.
 */
function headCalls(s: Node): number {
  switch (s.type) {
    case "IfStatement":
      return s.clauses.reduce((n: number, c: Node) => n + (c.condition ? headCalls(c.condition) : 0) + blockCalls(c.body), 0);
    case "DoStatement":
      return blockCalls(s.body);
    case "ForNumericStatement":
      return [s.start, s.end, s.step].reduce((n: number, e: Node) => n + (e ? headCalls(e) : 0), 0);
    case "ForGenericStatement":
      return s.iterators.reduce((n: number, e: Node) => n + headCalls(e), 0);
    case "WhileStatement":
    case "RepeatStatement":
      return 0;
  }
  let n = 0;
  walk(s, (x) => {
    if (x.type === "CallExpression" || x.type === "StringCallExpression" || x.type === "TableCallExpression") n++;
  });
  return n;
}

function blockCalls(body: Node[]): number {
  return body.reduce((n, st) => n + headCalls(st), 0);
}

/** Does this block create closures (function expressions)? */
function containsFunction(body: Node[]): boolean {
  let found = false;
  for (const st of body) walk(st, (x) => {
    if (x.type === "FunctionDeclaration") found = true;
  });
  return found;
}

/** Does this subtree (not entering nested functions) contain `goto name`? */
function containsGoto(n: Node, name: string): boolean {
  let found = false;
  walk(n, (x) => {
    if (x.type === "GotoStatement" && x.label.name === name) found = true;
  });
  return found;
}

/** Does this block assign to a variable called `name` (anywhere, excluding nested functions)? */
function assignsName(body: Node[], name: string): boolean {
  let found = false;
  for (const s of body) {
    walk(s, (x) => {
      if (x.type === "AssignmentStatement" && x.variables.some((v: Node) => v.type === "Identifier" && v.name === name)) found = true;
      if (x.type === "FunctionDeclaration" && !x.isLocal && x.identifier?.type === "Identifier" && x.identifier.name === name) found = true;
    }, true);
  }
  return found;
}

/**
 * The keys of luaparse nodes that hold child nodes, per node type: walking them directly is
 * several times faster than enumerating every key (walks run on every chunk compile).
 */
const CHILD_KEYS: Record<string, readonly string[]> = {
  Chunk: ["body"],
  LabelStatement: [],
  BreakStatement: [],
  GotoStatement: [],
  ReturnStatement: ["arguments"],
  IfStatement: ["clauses"],
  IfClause: ["condition", "body"],
  ElseifClause: ["condition", "body"],
  ElseClause: ["body"],
  WhileStatement: ["condition", "body"],
  DoStatement: ["body"],
  RepeatStatement: ["body", "condition"],
  LocalStatement: ["variables", "init"],
  AssignmentStatement: ["variables", "init"],
  CallStatement: ["expression"],
  FunctionDeclaration: ["identifier", "parameters", "body"],
  ForNumericStatement: ["variable", "start", "end", "step", "body"],
  ForGenericStatement: ["variables", "iterators", "body"],
  Identifier: [],
  StringLiteral: [],
  NumericLiteral: [],
  BooleanLiteral: [],
  NilLiteral: [],
  VarargLiteral: [],
  TableKey: ["key", "value"],
  TableKeyString: ["key", "value"],
  TableValue: ["value"],
  TableConstructorExpression: ["fields"],
  BinaryExpression: ["left", "right"],
  LogicalExpression: ["left", "right"],
  UnaryExpression: ["argument"],
  MemberExpression: ["base", "identifier"],
  IndexExpression: ["base", "index"],
  CallExpression: ["base", "arguments"],
  TableCallExpression: ["base", "arguments"],
  StringCallExpression: ["base", "argument"],
};

function walk(n: Node, visit: (n: Node) => void, intoFunctions = false): void {
  if (!n || typeof n !== "object") return;
  if (Array.isArray(n)) {
    for (let i = 0; i < n.length; i++) walk(n[i], visit, intoFunctions);
    return;
  }
  if (typeof n.type !== "string") return;
  visit(n);
  if (n.type === "FunctionDeclaration" && !intoFunctions) return;
  const keys = CHILD_KEYS[n.type];
  if (keys !== undefined) {
    for (let i = 0; i < keys.length; i++) {
      const v = n[keys[i]];
      if (v && typeof v === "object") walk(v, visit, intoFunctions);
    }
    return;
  }
  for (const k in n) {
    if (k === "loc") continue;
    const v = n[k];
    if (v && typeof v === "object") walk(v, visit, intoFunctions);
  }
}

/**
 * The name Lua 5.1 gives a function by how it is called (ldebug.c getfuncname): the local,
 * global, upvalue, field or method name of the callee expression, "?" for a non-constant key.
 * transpile/index.ts records it per call position for tracebacks (runtime-shims/errors.ts).
 */
/** How Lua names the callee of a call: `f`, `t.f` -> "f"; `o:m` -> ":m" (a method: argument errors do not count self). */
function callName(base: Node): string | undefined {
  if (base.type === "Identifier") return base.name;
  if (base.type === "MemberExpression") return (base.indexer === ":" ? ":" : "") + base.identifier.name;
  if (base.type === "IndexExpression") return base.index.type === "StringLiteral" ? base.index.value : "?";
  return undefined;
}

function named<T>(call: T, name: string | undefined): T {
  if (name !== undefined) (call as any).callName = name;
  return call;
}
