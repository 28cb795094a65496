/**
 * Every call of a function of the file, and what those calls pass: a parameter of a function of
 * this file is a socket when every call passes one (`function tunnel(req, client) {}` called as
 * `tunnel(req, socket)`, or bound to it first: `tunnel.bind(null, req, socket)`). Only when the file sees every call: a function declaration or a variable
 * holding only that function, or a class method called through `this` (src/model/functions.ts'
 * shapes), used in no other way than being called (or exported by name).
 *
 * The calls of a function depend on the file alone and are cached per function in a module-level
 * `WeakMap`; what each call passes is the detector's answer (its options), cached per detector.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { boundCall, isNullish, keyName, outermost } from './ast.js';
import { classMembers } from './classes.js';
import type { SocketEvidence, SocketMatch } from './options.js';

type Variable = TSESLint.Scope.Variable;

const EVIDENCE_STRENGTH: Record<SocketEvidence, number> = { syntax: 0, type: 1, name: 2 };

/** The weaker of two kinds of evidence (syntax > type > name). */
export function weakest(a: SocketEvidence, b: SocketEvidence): SocketEvidence {
  return EVIDENCE_STRENGTH[a] >= EVIDENCE_STRENGTH[b] ? a : b;
}

/** How the detector knows the file's variables (its caches, shared by every rule of the file). */
export interface FileVariables {
  variableOf: (identifier: TSESTree.Identifier) => Variable | null;
  /** Every value a variable holds, when each write is an initialiser or a plain `=`. */
  variableWrites: (variable: Variable) => { values: TSESTree.Node[] } | undefined;
}

/**
 * What one call passes: the call's arguments, or the arguments a `.bind(thisArg, a, b)` fixes
 * first for every call of the bound function (`fromPeer.on('data', this.onMessage.bind(this, conn))`).
 */
export interface CallSite {
  /** The call, or the `bind()` call. */
  node: TSESTree.CallExpression;
  args: readonly TSESTree.CallExpressionArgument[];
}

const sitesCache = new WeakMap<TSESTree.FunctionLike, CallSite[] | null>();

/** Every call of `fn` in this file, when the file sees them all and `fn` is used no other way. */
export function callSites(
  fn: TSESTree.FunctionLike,
  sourceCode: Readonly<TSESLint.SourceCode>,
  variables: FileVariables,
): CallSite[] | undefined {
  let sites = sitesCache.get(fn);
  if (sites === undefined) {
    sites = findCallSites(fn, sourceCode, variables) ?? null;
    sitesCache.set(fn, sites);
  }
  return sites ?? undefined;
}

/** Every value a variable holds, when each write is an initialiser or a plain `=` (nullish values left out). */
export function plainWrites(variable: Variable): { values: TSESTree.Node[] } | undefined {
  const values: TSESTree.Node[] = [];
  for (const ref of variable.references) {
    if (!ref.isWrite()) continue;
    const identifier = ref.identifier;
    const parent = identifier.parent;
    const plain =
      (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id === identifier && parent.init != null) ||
      (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && parent.left === identifier);
    if (!plain || !ref.writeExpr) return undefined;
    if (!isNullish(ref.writeExpr)) values.push(ref.writeExpr);
  }
  return { values };
}

function readsOf(variable: Variable): TSESTree.Node[] {
  return variable.references.filter((ref) => ref.isRead()).map((ref) => ref.identifier);
}

function findCallSites(
  fn: TSESTree.FunctionLike,
  sourceCode: Readonly<TSESLint.SourceCode>,
  { variableOf, variableWrites }: FileVariables,
): CallSite[] | undefined {
  let reads: TSESTree.Node[];
  const holder = outermost(fn).parent;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
    const variable = variableOf(fn.id);
    if (!variable || variable.references.some((ref) => ref.isWrite())) return undefined;
    reads = readsOf(variable);
  } else if (
    (fn.type === AST_NODE_TYPES.ArrowFunctionExpression || fn.type === AST_NODE_TYPES.FunctionExpression) &&
    holder?.type === AST_NODE_TYPES.VariableDeclarator &&
    holder.id.type === AST_NODE_TYPES.Identifier
  ) {
    const variable = variableOf(holder.id);
    if (!variable || variableWrites(variable)?.values.length !== 1) return undefined;
    reads = readsOf(variable);
  } else if (holder?.type === AST_NODE_TYPES.MethodDefinition && holder.kind === 'method' && !holder.static && !holder.computed) {
    const name = keyName(holder.key);
    const member = name === undefined ? undefined : classMembers(holder.parent, sourceCode).get(name);
    if (!member || member.opaque || member.values.length > 0) return undefined;
    reads = member.reads;
  } else {
    return undefined;
  }
  const calls: CallSite[] = [];
  for (const read of reads) {
    const value = outermost(read);
    const parent = value.parent;
    if (parent?.type === AST_NODE_TYPES.ExportSpecifier) continue;
    const bind = boundCall(value);
    if (bind && bind.arguments.length >= 2) {
      calls.push({ node: bind, args: bind.arguments.slice(1) });
      continue;
    }
    if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee !== value) return undefined;
    calls.push({ node: parent, args: parent.arguments });
  }
  return calls.length > 0 ? calls : undefined;
}

/**
 * The detector's call-site flow: `role(fn, index)` is the socket every call of `fn` passes as its
 * argument `index`, with the weakest evidence of the calls, when they all pass one of the same
 * kind. `match` is the detector's own answer for an argument; make one per detector.
 */
export function createCallSiteRoles(
  match: (node: TSESTree.Node) => SocketMatch | undefined,
  sitesOf: (fn: TSESTree.FunctionLike) => CallSite[] | undefined,
): (fn: TSESTree.FunctionLike, index: number) => SocketMatch | undefined {
  const callRolesCache = new WeakMap<TSESTree.FunctionLike, Map<number, SocketMatch | null>>();
  return (fn, index) => {
    let roles = callRolesCache.get(fn);
    if (!roles) {
      roles = new Map();
      callRolesCache.set(fn, roles);
    }
    if (roles.has(index)) return roles.get(index) ?? undefined;
    roles.set(index, null); // a function that passes its own parameter on to itself adds nothing
    const sites = sitesOf(fn);
    let found: SocketMatch | undefined;
    for (const { args } of sites ?? []) {
      const spread = args.findIndex((argument) => argument.type === AST_NODE_TYPES.SpreadElement);
      const argument = spread >= 0 && spread <= index ? undefined : args[index];
      const here = argument && match(argument);
      if (!here || (found && found.kind !== here.kind)) {
        found = undefined;
        break;
      }
      found = found ? { kind: found.kind, via: weakest(found.via, here.via) } : here;
    }
    roles.set(index, found ?? null);
    return found;
  };
}
