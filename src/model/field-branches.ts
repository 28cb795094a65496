/**
 * A field that one function fills on several branches (`this._socket = tls.connect(…)` on one,
 * `net.connect(…)` on another, a connection the caller gave on a third), where the code after most
 * of them gives the socket an 'error' listener and after one of them does not. The file itself says
 * that the field's socket needs a listener; the branch that forgets it keeps a socket whose first
 * error crashes the process (a reset of a connection adopted from the caller, say).
 *
 * What follows an assignment is read statement by statement to the end of its function: a
 * statement gives the listener when it, a callback in it, or a function of the file it calls (two
 * calls deep, `this.method()` included) listens for 'error' on the field or destroys it; an `if`
 * gives it only when both branches do; a `return` or `throw` ends the reading. Precision first: a
 * branch that hands the field's socket on (an argument, a return, a copy), fills the field from a
 * function of the file (which may listen itself) or with a socket that keeps Node's own listener
 * (`new tls.TLSSocket(raw)`) is not reported, nor are branches in a function that fills the field
 * once or never with a socket Node makes.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, type FunctionNode, isFunction, isNullish, skipWrappers } from './ast.js';
import { visitChildren } from './classes.js';
import { listenerCallOf, readMethodCall, referenceKey } from './dead-socket.js';
import { resolveFunction } from './functions.js';
import { keyedCopies } from './key-aliases.js';
import { holdsOnlyOwnListenerTls, keepsNodesErrorListener } from './once-tls.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** How deep calls are followed from a statement after the assignment. */
const CALL_DEPTH = 2;

export interface UncoveredFieldBranch {
  /** The assignment whose socket gets no listener. */
  site: TSESTree.AssignmentExpression;
  /** An assignment of the same field in the same function after which the socket gets one. */
  covered: TSESTree.AssignmentExpression;
}

type Coverage = 'listens' | 'handed' | 'none';

/**
 * The branches of the file's functions that fill a field without the 'error' listener the other
 * branches give it. `isSocketCreation` tells a call or `new` that makes one of Node's sockets.
 */
export function uncoveredFieldBranches(sourceCode: SourceCode, isSocketCreation: (node: Node) => boolean): UncoveredFieldBranch[] {
  const groups = new Map<string, TSESTree.AssignmentExpression[]>();
  for (const { node, target } of keyedCopies(sourceCode)) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || skipWrappers(node.left).type !== AST_NODE_TYPES.MemberExpression) continue;
    const fn = ownerOf(node);
    if (!fn) continue;
    const key = `${fn.range[0]}|${target}`;
    const sites = groups.get(key);
    if (sites) sites.push(node);
    else groups.set(key, [node]);
  }
  const found: UncoveredFieldBranch[] = [];
  for (const [groupKey, sites] of groups) {
    if (sites.length < 2 || !sites.some((site) => isSocketCreation(skipWrappers(site.right)))) continue;
    const key = groupKey.slice(groupKey.indexOf('|') + 1);
    const coverage = sites.map((site) => afterAssignment(site, key, sourceCode));
    const covered = sites.find((_, i) => coverage[i] === 'listens');
    if (!covered) continue;
    sites.forEach((site, i) => {
      if (coverage[i] !== 'none' || isNullish(skipWrappers(site.right)) || fromFileFunction(site.right, sourceCode)) return;
      // `new tls.TLSSocket(raw)` keeps Node's own 'error' listener (src/model/once-tls.ts).
      if (keepsNodesErrorListener(site.right, sourceCode) || holdsOnlyOwnListenerTls(site.right, sourceCode)) return;
      found.push({ site, covered });
    });
  }
  return found;
}

/**
 * The function whose branches a site is one of: the function around it, or, for a callback
 * (`resolve(opts, (err, found) => { this.socket = tls.connect(…) })`), the function that passes it.
 */
function ownerOf(node: Node): FunctionNode | undefined {
  let fn = enclosingFunction(node);
  while (fn && (fn.parent.type === AST_NODE_TYPES.CallExpression || fn.parent.type === AST_NODE_TYPES.NewExpression) && fn.parent.callee !== fn) {
    const outer = enclosingFunction(fn.parent);
    if (!outer) break;
    fn = outer;
  }
  return fn;
}

/** `this.x = this.make()`: a function of the file may listen itself. */
function fromFileFunction(value: Node, sourceCode: SourceCode): boolean {
  const target = skipWrappers(value);
  const call = target.type === AST_NODE_TYPES.AwaitExpression ? skipWrappers(target.argument) : target;
  return call.type === AST_NODE_TYPES.CallExpression && resolveFunction(call.callee, sourceCode) !== undefined;
}

/** What the statements after the assignment, to the end of its function, do to the field's socket. */
function afterAssignment(site: TSESTree.AssignmentExpression, key: string, sourceCode: SourceCode): Coverage {
  // `const tls = this.socket = tls.connect(…)`: the variable names the same socket.
  const holder = site.parent;
  const alias = holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === site ? referenceKey(holder.id, sourceCode) : undefined;
  const reader = new FieldReader(alias === undefined ? [key] : [key, alias], sourceCode);
  // The assignment's own statement, then what follows it in each enclosing block.
  let child: Node = site;
  let parent: Node | undefined = site.parent;
  if (reader.handsOn(site.parent, site)) return 'handed';
  while (parent && !isFunction(parent)) {
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program || parent.type === AST_NODE_TYPES.SwitchCase) {
      const body: Node[] = parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : parent.body;
      const rest = body.slice(body.indexOf(child) + 1);
      const outcome = reader.sequence(rest);
      if (outcome !== 'continue') return outcome;
    }
    child = parent;
    parent = parent.parent;
  }
  return 'none';
}

class FieldReader {
  /** The field's key, and a variable's given the same socket in the assignment itself. */
  readonly #keys: readonly string[];
  readonly #sourceCode: SourceCode;
  readonly #functionAnswers = new Map<FunctionNode, boolean>();

  constructor(keys: readonly string[], sourceCode: SourceCode) {
    this.#keys = keys;
    this.#sourceCode = sourceCode;
  }

  #names(node: Node): boolean {
    const key = referenceKey(node, this.#sourceCode);
    return key !== undefined && this.#keys.includes(key);
  }

  /** Statements in order: 'continue' when they neither give the listener nor end the function. */
  sequence(statements: readonly Node[]): Coverage | 'continue' {
    for (const statement of statements) {
      if (this.handsOn(statement)) return 'handed';
      if (this.#gives(statement)) return 'listens';
      if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return 'none';
    }
    return 'continue';
  }

  /** Does the statement give the field's socket a listener (or destroy it) on every way through it? */
  #gives(statement: Node): boolean {
    if (statement.type === AST_NODE_TYPES.IfStatement) {
      return this.#givesBlock(statement.consequent) && statement.alternate !== null && this.#givesBlock(statement.alternate);
    }
    return this.#listensIn(statement, 0, new Set());
  }

  #givesBlock(statement: TSESTree.Statement): boolean {
    const list = statement.type === AST_NODE_TYPES.BlockStatement ? statement.body : [statement];
    for (const inner of list) {
      if (this.#gives(inner)) return true;
      if (inner.type === AST_NODE_TYPES.ReturnStatement || inner.type === AST_NODE_TYPES.ThrowStatement) return false;
    }
    return false;
  }

  /** Anywhere in `node`, callbacks included: an 'error' listener on the field, a `destroy()` of it, or a call of a function of the file that has one. */
  #listensIn(node: Node, depth: number, seen: Set<FunctionNode>): boolean {
    let found = false;
    const visit = (current: Node): void => {
      if (found) return;
      if (current.type === AST_NODE_TYPES.CallExpression) {
        const listener = listenerCallOf(current, this.#sourceCode);
        if (listener?.event === 'error' && this.#names(listener.target)) {
          found = true;
          return;
        }
        const method = readMethodCall(current);
        if (method?.name === 'destroy' && this.#names(method.object)) {
          found = true;
          return;
        }
        const callee = depth < CALL_DEPTH ? resolveFunction(current.callee, this.#sourceCode) : undefined;
        if (callee && !seen.has(callee) && this.#calleeListens(callee, depth, seen)) {
          found = true;
          return;
        }
      }
      visitChildren(current, visit, this.#sourceCode);
    };
    visit(node);
    return found;
  }

  #calleeListens(fn: FunctionNode, depth: number, seen: Set<FunctionNode>): boolean {
    const known = this.#functionAnswers.get(fn);
    if (known !== undefined) return known;
    seen.add(fn);
    const answer = this.#listensIn(fn.body, depth + 1, seen);
    this.#functionAnswers.set(fn, answer);
    return answer;
  }

  /** Is the field's socket handed on in `node` (not inside `except`): an argument of a call, returned, or copied elsewhere? */
  handsOn(node: Node, except?: Node): boolean {
    let handed = false;
    const visit = (current: Node): void => {
      if (handed || current === except) return;
      const parent = current.parent;
      if ((current.type === AST_NODE_TYPES.MemberExpression || current.type === AST_NODE_TYPES.Identifier) && parent && this.#names(current)) {
        const asArgument = parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current);
        const returned = parent.type === AST_NODE_TYPES.ReturnStatement || parent.type === AST_NODE_TYPES.ArrowFunctionExpression;
        const copied = (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current) || (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current);
        if (asArgument || returned || copied) {
          handed = true;
          return;
        }
      }
      visitChildren(current, visit, this.#sourceCode);
    };
    visit(node);
    return handed;
  }
}
