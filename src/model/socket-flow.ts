/**
 * The shape of what the code does with one socket from where it obtains it (its origin, its uses,
 * the variables that hold it), shared by the modules that build it (hand-offs.ts), follow it into
 * the file's functions (summaries.ts) and read it along the function's paths (listener-state.ts,
 * listener-paths.ts). Types only, plus `ownerOf`: no module of the model imports it back.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction } from './ast.js';
import type { LibraryObject } from '../libraries.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** The function that holds a socket, or the program for module-level code. */
export type Owner = TSESTree.FunctionLike | TSESTree.Program;

/** When something is done to a socket: right away, in a callback that runs later, or after the function paused. */
export type Timing = 'now' | 'callback' | 'await';

/**
 * How a function handles the socket in one of its parameters ('none': never listens nor hands it on;
 * `{ handOff }`: no listener of its own, it only hands the socket on, that late).
 */
export type ParameterSummary = Timing | 'none' | { handOff: Exclude<Timing, 'now'> };

/**
 * What a function of the file does with the socket given to `call` at `argument`; undefined when
 * the callee is not followed (the socket then counts as handed on).
 */
export type SummaryOf = (call: TSESTree.CallExpression, argument: Node) => ParameterSummary | undefined;

/** Where the code obtains a socket. */
export interface Origin {
  /** The function (or program) that holds it. */
  owner: Owner;
  /** The creation, or the parameter that receives it. */
  node: Node;
  /** Where pauses start to count: the end of the creation, the start of the function's body. */
  from: number;
}

/** What a use does to the socket: gives it an 'error' listener, hands it on, or destroys it. */
export type Effect = 'listener' | 'escape' | 'destroy';

export interface Use {
  effect: Effect;
  /** The node whose position says when it happens (the listener call, the hand-off). */
  at: Node;
  /** The read of the socket (or its creation) the use was reached from: where it is on the code paths. */
  from: Node;
  /** For a hand-off to a function of this file: when that function listens or hands the socket on. */
  when?: Timing;
  /** That function only hands the socket on (at `when`), it adds no listener of its own. */
  handedOn?: true;
}

export interface SocketFlow {
  origin: Origin;
  /** What is done with the socket, in the order the code is read. */
  uses: Use[];
  /** The variables the socket was stored in, in order (for messages and the suggestion). */
  names: TSESTree.Identifier[];
  /** Every read of a variable that holds the socket, whatever it does (for the paths without a listener). */
  reads: TSESTree.Identifier[];
  /** Set when the object is a library's (src/libraries.ts): its own chain methods and listener shapes. */
  library?: LibraryObject;
}

/** The nearest function around `node`, or the program. */
export function ownerOf(node: Node, sourceCode: SourceCode): Owner {
  return enclosingFunction(node) ?? sourceCode.ast;
}
