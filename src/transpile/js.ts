// Tiny ESTree builders. The lowering builds a JS syntax tree with these and astring
// prints it (precedence and parentheses are the printer's job, never string pasting).

export type Expr = any;
export type Stmt = any;
export interface Loc {
  start: { line: number; column: number };
}

export const id = (name: string): Expr => ({ type: "Identifier", name });

export function num(n: number): Expr {
  if (n !== n) return bin("/", num(0), num(0));
  if (n === Infinity) return bin("/", num(1), num(0));
  if (n === -Infinity) return unary("-", num(Infinity));
  if (n < 0 || (n === 0 && 1 / n < 0)) return unary("-", num(-n));
  return { type: "Literal", value: n, raw: String(n) };
}

const PLAIN = /^[ !#-\[\]-~]*$/;

/** A string literal; bytes 0x7f..0xff and control chars are written as \xNN escapes. */
export function str(s: string): Expr {
  // printable ASCII without quotes or backslashes (most literals) needs no escaping
  if (PLAIN.test(s)) return { type: "Literal", value: s, raw: '"' + s + '"' };
  const raw = JSON.stringify(s).replace(/[\x7f-\xff]|\\u00([0-9a-f]{2})/g, (m, hex) =>
    hex ? "\\x" + hex : "\\x" + m.charCodeAt(0).toString(16).padStart(2, "0"),
  );
  return { type: "Literal", value: s, raw };
}

export const bool = (b: boolean): Expr => ({ type: "Literal", value: b, raw: String(b) });
export const undef = (): Expr => ({ type: "UnaryExpression", operator: "void", prefix: true, argument: num(0) });
export const call = (callee: Expr, args: Expr[]): Expr => ({ type: "CallExpression", callee, arguments: args, optional: false });
export const newE = (callee: Expr, args: Expr[]): Expr => ({ type: "NewExpression", callee, arguments: args });
export const member = (object: Expr, prop: string): Expr => ({ type: "MemberExpression", object, property: id(prop), computed: false, optional: false });
export const at = (object: Expr, prop: Expr): Expr => ({ type: "MemberExpression", object, property: prop, computed: true, optional: false });
export const bin = (operator: string, left: Expr, right: Expr): Expr => ({ type: "BinaryExpression", operator, left, right });
export const logical = (operator: "&&" | "||", left: Expr, right: Expr): Expr => ({ type: "LogicalExpression", operator, left, right });
export const unary = (operator: string, argument: Expr): Expr => ({ type: "UnaryExpression", operator, prefix: true, argument });
export const cond = (test: Expr, consequent: Expr, alternate: Expr): Expr => ({ type: "ConditionalExpression", test, consequent, alternate });
export const assign = (left: Expr, right: Expr): Expr => ({ type: "AssignmentExpression", operator: "=", left, right });
export const update = (operator: "++" | "--", argument: Expr, prefix = true): Expr => ({ type: "UpdateExpression", operator, prefix, argument });
export const seq = (expressions: Expr[]): Expr => (expressions.length === 1 ? expressions[0] : { type: "SequenceExpression", expressions });
export const arr = (elements: Expr[]): Expr => ({ type: "ArrayExpression", elements });
export const spread = (argument: Expr): Expr => ({ type: "SpreadElement", argument });
export const rest = (name: string): Expr => ({ type: "RestElement", argument: id(name) });

export function fn(name: string | null, params: Expr[], body: Stmt[]): Expr {
  return {
    type: "FunctionExpression",
    id: name ? id(name) : null,
    params,
    body: block(body),
    generator: false,
    async: false,
  };
}

export const block = (body: Stmt[]): Stmt => ({ type: "BlockStatement", body });
export const exprStmt = (expression: Expr): Stmt => ({ type: "ExpressionStatement", expression });
export const ifS = (test: Expr, consequent: Stmt, alternate: Stmt | null = null): Stmt => ({ type: "IfStatement", test, consequent, alternate });
export const ret = (argument: Expr | null): Stmt => ({ type: "ReturnStatement", argument });
export const throwS = (argument: Expr): Stmt => ({ type: "ThrowStatement", argument });
export const breakS = (label?: string): Stmt => ({ type: "BreakStatement", label: label ? id(label) : null });
export const continueS = (label?: string): Stmt => ({ type: "ContinueStatement", label: label ? id(label) : null });
export const labeled = (label: string, body: Stmt): Stmt => ({ type: "LabeledStatement", label: id(label), body });
export const whileS = (test: Expr, body: Stmt): Stmt => ({ type: "WhileStatement", test, body });
export const forS = (init: Stmt | Expr | null, test: Expr | null, upd: Expr | null, body: Stmt): Stmt => ({ type: "ForStatement", init, test, update: upd, body });

export function decl(kind: "let" | "const", pairs: [string, Expr | null][]): Stmt {
  return {
    type: "VariableDeclaration",
    kind,
    declarations: pairs.map(([n, init]) => ({ type: "VariableDeclarator", id: id(n), init })),
  };
}

/**
 * Attach a Lua source location to a JS node (for the source map / error lines). The
 * printer maps leaf tokens only, so the location goes to the leftmost leaf that has none.
 */
export function withLoc<T>(node: T, loc: Loc | undefined): T {
  if (!loc || !node || typeof node !== "object") return node;
  let n: any = node;
  for (;;) {
    if (n.type === "CallExpression" || n.type === "NewExpression") n = n.callee;
    else if (n.type === "MemberExpression") n = n.object;
    else if (n.type === "SequenceExpression") n = n.expressions[0];
    else if (n.type === "AssignmentExpression" || n.type === "BinaryExpression" || n.type === "LogicalExpression") n = n.left;
    else if (n.type === "ConditionalExpression") n = n.test;
    else if (n.type === "UnaryExpression" && n.operator !== "void") n = n.argument;
    else if (n.type === "ExpressionStatement") n = n.expression;
    else break;
  }
  if (!n.loc) n.loc = { start: loc.start };
  return node;
}
