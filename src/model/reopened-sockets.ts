/**
 * A socket kept in a variable that one function of the file fills anew each time it runs: a
 * reconnecting client (`function connect() { socket = net.connect(…); socket.on('error', onError);
 * socket.on('close', connect); }`). In a listener that function registers on the socket it has just
 * made, the variable holds that socket until a call that may run the function again: the function
 * itself, a function of the file that calls it (three calls deep), or, when the function is handed
 * anywhere but to a listener or a timer, any call the file cannot follow.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { type FunctionNode, enclosingFunction, isFunction, skipWrappers } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { listenerCallOf, referenceKey, variableOf } from './dead-socket.js';
import { namingReferences, resolveFunction } from './functions.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Global calls that run their callback later, never during the call. */
const DEFERRING = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);

/**
 * The function that refills `target` (an identifier), when `registration` is in that function, every
 * other write of the variable is there too, and one of them comes before the registration.
 */
export function reopenerOf(target: TSESTree.Node, registration: TSESTree.CallExpression, sourceCode: SourceCode): FunctionNode | undefined {
  const name = skipWrappers(target);
  const variable = name.type === AST_NODE_TYPES.Identifier ? variableOf(name, sourceCode) : undefined;
  const fn = enclosingFunction(registration);
  if (!variable || !fn) return undefined;
  const writes = variable.references.filter((ref) => ref.isWrite() && !ref.init);
  if (writes.length === 0 || writes.some((ref) => enclosingFunction(ref.identifier) !== fn)) return undefined;
  return writes.some((ref) => ref.identifier.range[0] < registration.range[0]) ? fn : undefined;
}

/** May `call` run `reopener` before it returns? */
export function mayRun(call: TSESTree.CallExpression, reopener: FunctionNode, sourceCode: SourceCode): boolean {
  const callee = skipWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type !== AST_NODE_TYPES.ThisExpression && !isFunction(skipWrappers(callee.object))) {
    // `socket.write(…)`, `queue.shift()`, `console.warn(…)`: a method of another object runs
    // the reopener only if it was handed there.
    return escapes(reopener, sourceCode);
  }
  const fn = resolveFunction(callee, sourceCode);
  if (!fn) return escapes(reopener, sourceCode);
  return reaches(fn, reopener, sourceCode, 0);
}

/** Does `fn` run `target`, itself or through the functions of the file it calls (three deep)? */
function reaches(fn: FunctionNode, target: FunctionNode, sourceCode: SourceCode, depth: number): boolean {
  if (fn === target) return true;
  if (depth >= 3) return false;
  let found = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (found || node.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = resolveFunction(node.callee, sourceCode);
    if (callee && reaches(callee, target, sourceCode, depth + 1)) found = true;
  }, sourceCode);
  return found;
}

const escapesCache = new WeakMap<FunctionNode, boolean>();

/** Is the function named anywhere but in a plain call, as a listener, or as a timer's callback? */
function escapes(fn: FunctionNode, sourceCode: SourceCode): boolean {
  let known = escapesCache.get(fn);
  if (known === undefined) {
    const references = namingReferences(fn, sourceCode);
    known = !references || references.some(({ identifier }) => {
      const parent = identifier.parent;
      if (parent?.type !== AST_NODE_TYPES.CallExpression) return true;
      if (parent.callee === identifier) return false;
      if (listenerCallOf(parent, sourceCode)?.listener === identifier) return false;
      const callee = skipWrappers(parent.callee);
      return !(callee.type === AST_NODE_TYPES.Identifier && DEFERRING.has(callee.name));
    });
    escapesCache.set(fn, known);
  }
  return known;
}

/**
 * Where, after `call`, `owner` itself puts a new socket where the old one was (`this.socket = new
 * net.Socket()`): what it does to that name from there on is the new socket's business.
 */
export function replacedAfter(call: TSESTree.CallExpression, owner: TSESTree.Node | undefined, keys: { has(key: string | undefined): boolean }, sourceCode: SourceCode): number {
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.range[0] < call.range[1] || (owner && node.range[0] >= owner.range[1])) continue;
    const value = skipWrappers(node.right);
    const made = value.type === AST_NODE_TYPES.NewExpression || value.type === AST_NODE_TYPES.CallExpression;
    if (!made || enclosingFunction(node) !== owner || !keys.has(referenceKey(node.left, sourceCode))) continue;
    // `tls.connect({ socket: this.sock })`, or with `options.socket = this.sock` set before: the old socket is wrapped, not replaced.
    return wraps(value, call, keys, sourceCode) ? Number.POSITIVE_INFINITY : node.range[0];
  }
  return Number.POSITIVE_INFINITY;
}

/** Is the old socket given to `made`: as an argument, a property of an object literal, or a property set on an argument since `after`? */
function wraps(made: TSESTree.CallExpression | TSESTree.NewExpression, after: TSESTree.Node, keys: { has(key: string | undefined): boolean }, sourceCode: SourceCode): boolean {
  const isOld = (node: TSESTree.Node) => keys.has(referenceKey(node, sourceCode));
  return made.arguments.some((argument) => {
    if (isOld(argument)) return true;
    if (argument.type === AST_NODE_TYPES.ObjectExpression) return argument.properties.some((property) => property.type === AST_NODE_TYPES.Property && isOld(property.value));
    const holder = referenceKey(argument, sourceCode);
    return holder !== undefined && resourceNodes(sourceCode).nodes.some((node) =>
      node.type === AST_NODE_TYPES.AssignmentExpression && node.range[0] > after.range[1] && node.range[1] < made.range[0] && node.left.type === AST_NODE_TYPES.MemberExpression &&
      referenceKey(node.left.object, sourceCode) === holder && isOld(node.right));
  });
}
