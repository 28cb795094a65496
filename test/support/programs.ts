/**
 * Programs the generic tests lint with every rule: the snippet corpus, every rule test case and
 * docs example (in the module styles users write), and the bad inputs of issue 7 (empty files,
 * shebangs, a 10k-line function, deep nesting).
 */
import { readDocExamples, readRuleDoc, ruleDocNames } from './docs.js';
import { ruleNames } from './lint.js';
import { collectRuleCases, type RuleCase } from './rule-cases.js';

export interface Program {
  /** Where it came from, for failure messages. */
  origin: string;
  filename: string;
  code: string;
}

/** Rule test cases (read statically, see rule-cases.ts), collected once per test file. */
export const ruleCases = collectRuleCases(ruleNames);

export interface DocProgram extends Program {
  rule: string;
  options: unknown[] | undefined;
  typed: boolean;
}

/** Every code example in the docs of a rule that exists. */
export function docPrograms(): DocProgram[] {
  return ruleDocNames()
    .filter((name) => ruleNames.includes(name))
    .flatMap((name) =>
      readDocExamples(readRuleDoc(name)).map((example) => ({
        origin: `docs/rules/${name}.md:${example.line}`,
        rule: name,
        filename: `example.${example.language}`,
        code: example.code,
        options: example.options ? [example.options] : undefined,
        typed: example.typed,
      })),
    );
}

export function caseProgram(c: RuleCase): Program {
  return { origin: `${c.source} (${c.kind})`, filename: c.filename ? baseName(c.filename) : 'file.ts', code: c.code };
}

/** Every rule test case once (the same list is often run untyped and typed). */
export function casePrograms(): Program[] {
  const seen = new Set<string>();
  return ruleCases.cases.map(caseProgram).filter((p) => {
    const key = `${p.filename}\0${p.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const baseName = (file: string) => file.split(/[\\/]/).at(-1)!;

/** `import` declarations turned into `require` calls, `export` keywords dropped. */
export function toCommonJS(code: string): string {
  return code
    .replace(/^import\s+type\s.*$/gm, '')
    .replace(/^import\s+\*\s+as\s+(\w+)\s+from\s+(['"][^'"]+['"]);?/gm, 'const $1 = require($2);')
    .replace(/^import\s+(\w+)\s*,\s*\{([^}]*)\}\s+from\s+(['"][^'"]+['"]);?/gm, (_m, d: string, names: string, from: string) => `const ${d} = require(${from});\nconst {${renames(names)}} = ${d};`)
    .replace(/^import\s+\{([^}]*)\}\s+from\s+(['"][^'"]+['"]);?/gm, (_m, names: string, from: string) => `const {${renames(names)}} = require(${from});`)
    .replace(/^import\s+(\w+)\s+from\s+(['"][^'"]+['"]);?/gm, 'const $1 = require($2);')
    .replace(/^import\s+(['"][^'"]+['"]);?/gm, 'require($1);')
    .replace(/^export\s+default\s+/gm, 'module.exports = ')
    .replace(/^export\s+\{[^}]*\};?/gm, '')
    .replace(/^export\s+(?=async|function|class|const|let|var)/gm, '');
}

const renames = (names: string) =>
  names
    .split(',')
    .map((n) => n.trim().replace(/^type\s+/, ''))
    .filter(Boolean)
    .map((n) => n.replace(/^(\w+)\s+as\s+(\w+)$/, '$1: $2'))
    .join(', ');

/** Import lines first, the rest inside an exported async function (a handler body). */
export function inFunction(code: string): string {
  const lines = code.split('\n');
  const imports = lines.filter((l) => /^import\s/.test(l));
  const rest = lines.filter((l) => !/^import\s/.test(l)).map((l) => l.replace(/^export\s+(?=async|function|class|const|let|var)/, ''));
  return `${imports.join('\n')}\nexport async function wrapper(): Promise<void> {\n${rest.join('\n')}\n}\n`;
}

/**
 * One program in each module style: as written, as JS (ESM), with JSX (TSX and JSX), as
 * CommonJS, and inside a function. Styles that do not fit (TS syntax in a .js file) fail to parse
 * and are skipped by the caller.
 */
export function variantsOf(program: Program): Program[] {
  const { origin, filename, code } = program;
  return [
    program,
    { origin: `${origin} as ESM .js`, filename: 'variant.js', code },
    { origin: `${origin} as .tsx`, filename: 'variant.tsx', code },
    { origin: `${origin} as .jsx`, filename: 'variant.jsx', code },
    { origin: `${origin} as CommonJS`, filename: /\.[cm]?tsx?$/.test(filename) ? 'variant.cts' : 'variant.cjs', code: toCommonJS(code) },
    { origin: `${origin} inside a function`, filename: 'variant.ts', code: inFunction(code) },
  ];
}

// ------------------------------------------------------------------ bad input

const HUGE_BODY = [
  "socket.write('frame ' + i);",
  "if (err.code === 'ECONNRESET') { socket.destroy(); }",
  "const timer$ = setInterval(() => socket.write('ping'), 1000);",
  'clients.add(socket);',
  "socket.on('error', (error) => { if (error.code === 'EPIPE') return; console.error(error); });",
  "switch (err.code) { case 'EPIPE': case 'ENOTCONN': break; default: socket.end(); }",
  'if (!socket.destroyed) socket.end();',
  "socket.once('close', () => clients.delete(socket));",
  'i = (i * 31 + 7) % 1009;',
  "if (['ECONNRESET', 'ETIMEDOUT'].includes(err.code)) return;",
];

/** A single function of about `lines` lines of socket code. */
export function hugeFunction(lines = 10_000): string {
  const body: string[] = [];
  for (let n = 0; n < lines; n++) body.push(`  ${HUGE_BODY[n % HUGE_BODY.length]!.replace('$', String(n))}`);
  return `import net from 'node:net';\nconst clients = new Set();\nexport function handle(socket, err) {\n  let i = 0;\n${body.join('\n')}\n}\n`;
}

export type NestingKind = 'if' | 'arrow' | 'listener' | 'array' | 'object' | 'try' | 'ternary';
export const NESTING_KINDS: readonly NestingKind[] = ['if', 'arrow', 'listener', 'array', 'object', 'try', 'ternary'];

/** Code nested `depth` levels deep, around socket calls. */
export function nested(kind: NestingKind, depth: number): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < depth; i++) {
    switch (kind) {
      case 'if':
        open.push(`if (err.code === 'E${i}') {`);
        close.push('}');
        break;
      case 'arrow':
        open.push(`const step${i} = (socket) => {`);
        close.push('};');
        break;
      case 'listener':
        open.push(`socket.on('data', () => {`);
        close.push('});');
        break;
      case 'try':
        open.push('try {');
        close.push("} catch (err) { if (err.code === 'EPIPE') socket.destroy(); }");
        break;
      default:
        break;
    }
  }
  const core = "socket.write('x'); socket.end();";
  if (kind === 'array') return `const socket = net.connect(1);\nexport const table = ${'['.repeat(depth)}socket${']'.repeat(depth)};\n`;
  if (kind === 'object') {
    return `const socket = net.connect(1);\nexport const tree = ${'{ next: '.repeat(depth)}socket${' }'.repeat(depth)};\n`;
  }
  if (kind === 'ternary') {
    let expr = 'socket.destroy()';
    for (let i = 0; i < depth; i++) expr = `err.code === 'E${i}' ? socket.end() : ${expr}`;
    return `export function onError(socket, err) {\n  return ${expr};\n}\n`;
  }
  return `import net from 'node:net';\nconst socket = net.connect(1);\nsocket.on('error', (err) => {\n${open.join('\n')}\n${core}\n${close.reverse().join('\n')}\n});\n`;
}

/** Distinct base names: a typed project drops `x.js` when `x.ts` exists. */
export const EMPTY_PROGRAMS: readonly Program[] = [
  { origin: 'empty file', filename: 'empty.ts', code: '' },
  { origin: 'empty file', filename: 'empty-module.js', code: '' },
  { origin: 'whitespace only', filename: 'blank.ts', code: '\n\n   \n' },
  { origin: 'shebang only', filename: 'cli.js', code: '#!/usr/bin/env node\n' },
  { origin: 'shebang only, no newline', filename: 'cli-no-newline.mjs', code: '#!/usr/bin/env node' },
  { origin: 'shebang only', filename: 'cli-strip-types.ts', code: '#!/usr/bin/env -S node --experimental-strip-types\n' },
  { origin: 'comment only', filename: 'note.cjs', code: '// nothing here yet\n/* socket.end() */\n' },
];

export type { RuleCase };
