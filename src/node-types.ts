/**
 * Does a typed program know Node's sockets? The type-aware rules recognise sockets by their types
 * (`net.Socket` from `@types/node`). A program without Node's types (TypeScript 6 includes no
 * `@types/*` package unless the tsconfig lists it in `"types"`) types every socket as an error
 * type, and the rules then silently see fewer sockets. This tells the user once per process.
 */
import type * as ts from 'typescript';

/** Node's socket modules, as a file names them: a file that imports one needs Node's types. */
const NODE_SOCKET_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"](?:node:)?(?:net|tls|http|https|http2)['"]/u;

const resolvesCache = new WeakMap<ts.Program, boolean>();

/** Whether `net.Socket` resolves in the program: a `net` (or `node:net`) module that exports `Socket`. */
export function programHasNodeSocketTypes(program: ts.Program): boolean {
  let resolves = resolvesCache.get(program);
  if (resolves === undefined) {
    const checker = program.getTypeChecker();
    const net = checker.getAmbientModules().find((module) => module.name === '"net"' || module.name === '"node:net"');
    resolves = net !== undefined && checker.getExportsOfModule(net).some((symbol) => symbol.name === 'Socket');
    resolvesCache.set(program, resolves);
  }
  return resolves;
}

export interface MissingNodeTypes {
  /** The tsconfig the program was built from, when TypeScript says. */
  tsconfig: string | undefined;
  /** The file being linted when it was noticed. */
  filename: string;
}

type Handler = (missing: MissingNodeTypes) => void;

const warned = new Set<string>();
let handler: Handler = (missing) => {
  // Once per tsconfig and process: rules keep no state between files, this only silences repeats.
  const key = missing.tsconfig ?? '';
  if (warned.has(key)) return;
  warned.add(key);
  process.emitWarning(missingNodeTypesMessage(missing.tsconfig), { code: 'SOCKET_ERRORS_NO_NODE_TYPES' });
};

/** The one line shown to the user. */
export function missingNodeTypesMessage(tsconfig: string | undefined): string {
  const where = tsconfig ? `the TypeScript program of ${tsconfig}` : 'the TypeScript program';
  return `eslint-plugin-socket-errors: ${where} has no Node.js types (net.Socket does not resolve), so the type-aware rules cannot see typed sockets; add "types": ["node"] to its compilerOptions (and install @types/node)`;
}

/**
 * Called by the socket detector for each typed file: tells the user (once) when the program lacks
 * Node's types and the file imports a Node socket module, so the gap matters. Cheap: one cached
 * answer per program, and the file's text is only searched when the answer is "missing".
 */
export function checkNodeTypes(program: ts.Program, filename: string, text: string): void {
  if (programHasNodeSocketTypes(program)) return;
  if (!NODE_SOCKET_IMPORT.test(text)) return;
  const tsconfig = (program.getCompilerOptions() as { configFilePath?: unknown }).configFilePath;
  handler({ tsconfig: typeof tsconfig === 'string' ? tsconfig : undefined, filename });
}

/**
 * Replaces the process warning, e.g. by a line in a summary (the `socket-errors` command does).
 * Returns a function that restores the previous handler.
 */
export function onMissingNodeTypes(replacement: Handler): () => void {
  const previous = handler;
  handler = replacement;
  return () => {
    handler = previous;
  };
}
