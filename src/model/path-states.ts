/**
 * A socket's state on each segment of its holder's code path (src/model/listener-paths.ts places
 * the steps): where it has no listener yet, where some path gave it one, and what the states say
 * at the ends of the paths (a pause reached without a listener, a read that keeps the socket on a
 * path that never gets one, a path that returns without touching it).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type Node = TSESTree.Node;
type Segment = TSESLint.CodePathSegment;
type CodePath = TSESLint.CodePath;

/** What happens to the socket at one point of a segment, in the order of the segment. */
export interface Step {
  at: number;
  kind: 'origin' | 'cover' | 'read' | 'pause';
  node: Node;
}

/** Paths a socket is on at a point: not made yet, without listener, or listened to (handed on, destroyed). */
export const NONE = 1;
export const OPEN = 2;
export const COVERED = 4;

/**
 * The state at the start of every reachable segment of `path` (paths merge: the states join). A
 * `catch` is entered from the start of its `try` block as well as from later in it: when some
 * path into it has listened, the throw is taken to come after the listener (what throws in a `try`
 * is rarely the line before the listener, and `await once(socket, 'connect')` rejects only after
 * the socket's error, which destroyed it).
 */
export function statesAlong(
  path: CodePath,
  steps: Map<Segment, Step[]>,
  initial: number,
  { catches, loops, absent }: { catches: WeakSet<Segment>; loops: WeakMap<Segment, Set<Segment>> | undefined; absent: (from: Segment, to: Segment) => boolean },
): Map<Segment, number> {
  const start = new Map<Segment, number>();
  const queue: Segment[] = [path.initialSegment];
  start.set(path.initialSegment, initial);
  while (queue.length > 0) {
    const segment = queue.shift()!;
    const out = through(start.get(segment)!, steps.get(segment));
    for (const next of segment.nextSegments) {
      if (!next.reachable) continue;
      const before = start.get(next) ?? 0;
      const forgotten = (loops?.get(segment)?.has(next) ?? false) || absent(segment, next);
      const carried = forgotten && out & OPEN ? (out & ~OPEN) | NONE : out;
      let joined = before | carried;
      if (catches.has(next) && joined & COVERED) joined &= ~OPEN;
      if (joined === before && start.has(next)) continue;
      start.set(next, joined);
      queue.push(next);
    }
  }
  return start;
}

/** The state after the steps of one segment. */
export function through(state: number, steps: readonly Step[] | undefined, onStep?: (step: Step, state: number) => void): number {
  let current = state;
  for (const step of steps ?? []) {
    onStep?.(step, current);
    if (step.kind === 'origin') current = OPEN;
    else if (step.kind === 'cover' && current & OPEN) current = (current & ~OPEN) | COVERED;
  }
  return current;
}

export function firstPause(path: CodePath, steps: Map<Segment, Step[]>, states: Map<Segment, number>): Node | undefined {
  let found: Node | undefined;
  for (const [segment, state] of states) {
    through(state, steps.get(segment), (step, current) => {
      if (step.kind === 'pause' && current & OPEN && (!found || step.node.range[0] < found.range[0])) found = step.node;
    });
  }
  return found;
}

/**
 * A read of the socket reached on some path without a listener, from which no path gets one (every
 * path on from it ends with the socket kept), while some path of the function does listen. A read
 * from which a listener is still reachable (`if (socket.destroyed) return;` before the listener) is
 * not one: only reads on branches of their own are compared, as `uncoveredBranch` compares the
 * branches of one statement.
 */
export function keptRead(path: CodePath, steps: Map<Segment, Step[]>, states: Map<Segment, number>, ends: readonly Segment[]): TSESTree.Identifier | undefined {
  const endSet = new Set(ends);
  if (![...states.keys()].some((segment) => endSet.has(segment))) return undefined;
  const covered = [...states].some(([segment, state]) => through(state, steps.get(segment)) & COVERED);
  if (!covered) return undefined;
  // What is reachable from where: worked out once, for the first read that needs it.
  let ahead: { coverAhead: Set<Segment>; endAhead: Set<Segment> } | undefined;
  let found: TSESTree.Identifier | undefined;
  for (const [segment, state] of states) {
    const list = steps.get(segment) ?? [];
    through(state, list, (step, current) => {
      if (step.kind !== 'read' || !(current & OPEN) || (found && found.range[0] <= step.node.range[0])) return;
      if (list.some((other) => other.at >= step.at && other.kind === 'cover')) return;
      ahead ??= {
        coverAhead: reachesAhead(states, (each) => (steps.get(each) ?? []).some((other) => other.kind === 'cover')),
        endAhead: reachesAhead(states, (each) => endSet.has(each)),
      };
      const { coverAhead, endAhead } = ahead;
      if (segment.nextSegments.some((next) => coverAhead.has(next))) return;
      if (!endSet.has(segment) && !segment.nextSegments.some((next) => endAhead.has(next))) return;
      found = step.node as TSESTree.Identifier;
    });
  }
  return found;
}

/** Does some path return with the socket never listened to, handed on or destroyed, while another path does? */
export function openAtEnd(steps: Map<Segment, Step[]>, states: Map<Segment, number>, ends: readonly Segment[]): boolean {
  const after = (segment: Segment): number => through(states.get(segment)!, steps.get(segment));
  return [...states.keys()].some((segment) => after(segment) & COVERED) && ends.some((segment) => states.has(segment) && (after(segment) & OPEN) !== 0);
}

/** The segments from which a segment that `holds` can be reached (itself included). */
function reachesAhead(states: Map<Segment, number>, holds: (segment: Segment) => boolean): Set<Segment> {
  const result = new Set<Segment>();
  let changed = true;
  const segments = [...states.keys()];
  for (const segment of segments) if (holds(segment)) result.add(segment);
  while (changed) {
    changed = false;
    for (const segment of segments) {
      if (result.has(segment)) continue;
      if (segment.nextSegments.some((next) => result.has(next))) {
        result.add(segment);
        changed = true;
      }
    }
  }
  return result;
}
