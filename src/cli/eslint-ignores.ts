/**
 * The project's own ESLint ignores. The audit runs without the project's config (zero config, our
 * rules only), but files the project keeps out of linting (generated code, vendored bundles) should
 * stay out of the audit too, so the global `ignores` of its `eslint.config.*` are reused.
 *
 * The config file is read, never run: auditing a repository (a cloned dependency, say) must not
 * execute its code. The file is parsed and its exported config evaluated statically: literals,
 * arrays, objects, top-level `const`s, spreads of those, `defineConfig(...)` / `tseslint.config(...)`
 * and `globalIgnores([...])`. What only running the file could tell (a computed list, a function
 * call of the project's own) is left out, so such ignores are not applied.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { rebaseToSubdirectory, repositoryAncestors } from './gitignore.js';

/** ESLint's own search order. */
const CONFIG_FILES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];

export interface EslintIgnores {
  /** The config file read, if any. */
  file?: string;
  /** Global ignore patterns, relative to the scan root. */
  patterns: string[];
  /** Why the config could not be read (the audit goes on without its ignores). */
  problem?: string;
}

/** The global ignores of the nearest ESLint config in `root` or its repository's directories above. */
export async function readEslintIgnores(root: string): Promise<EslintIgnores> {
  for (const dir of [root, ...repositoryAncestors(root).reverse()]) {
    const file = CONFIG_FILES.map((name) => path.join(dir, name)).find((candidate) => existsSync(candidate));
    if (!file) continue;
    try {
      const patterns = globalIgnores(await staticConfig(file));
      return { file, patterns: rebaseToSubdirectory(patterns, path.relative(dir, root).split(path.sep).join('/')) };
    } catch (error) {
      return { file, patterns: [], problem: firstLine(error) };
    }
  }
  return { patterns: [] };
}

/** Stands for a value only running the config would give. */
const UNKNOWN = Symbol('unknown');

/** The exported config of an `eslint.config.*` file, as far as it can be known without running it. */
export async function staticConfig(file: string): Promise<unknown> {
  const { parse } = await import('@typescript-eslint/parser');
  const program = parse(readFileSync(file, 'utf8'), { sourceType: 'module', range: false, loc: false, jsx: false }) as TSESTree.Program;
  const constants = new Map<string, TSESTree.Expression>();
  let exported: TSESTree.Node | undefined;
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.VariableDeclaration && declaration.kind === 'const') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init) constants.set(declarator.id.name, declarator.init);
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      exported = statement.declaration;
    } else if (
      statement.type === AST_NODE_TYPES.ExpressionStatement &&
      statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
      isModuleExports(statement.expression.left)
    ) {
      exported = statement.expression.right;
    }
  }
  if (!exported) return UNKNOWN;

  const seen = new Set<string>(); // a constant that refers to itself
  const evaluate = (node: TSESTree.Node): unknown => {
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        return node.value;
      case AST_NODE_TYPES.TemplateLiteral:
        return node.expressions.length === 0 ? node.quasis.map((q) => q.value.cooked).join('') : UNKNOWN;
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
        return evaluate(node.expression);
      case AST_NODE_TYPES.Identifier: {
        const init = constants.get(node.name);
        if (!init || seen.has(node.name)) return UNKNOWN;
        seen.add(node.name);
        try {
          return evaluate(init);
        } finally {
          seen.delete(node.name);
        }
      }
      case AST_NODE_TYPES.ArrayExpression: {
        const items: unknown[] = [];
        for (const element of node.elements) {
          if (element === null) continue;
          if (element.type === AST_NODE_TYPES.SpreadElement) {
            const spread = evaluate(element.argument);
            if (Array.isArray(spread)) items.push(...(spread as unknown[]));
            else items.push(UNKNOWN);
          } else {
            items.push(evaluate(element));
          }
        }
        return items;
      }
      case AST_NODE_TYPES.ObjectExpression: {
        const object: Record<string, unknown> = {};
        for (const property of node.properties) {
          if (property.type === AST_NODE_TYPES.SpreadElement) return UNKNOWN; // which keys it adds is unknown
          const key = property.computed
            ? evaluate(property.key)
            : property.key.type === AST_NODE_TYPES.Identifier
              ? property.key.name
              : evaluate(property.key);
          if (typeof key !== 'string') return UNKNOWN;
          object[key] = evaluate(property.value);
        }
        return object;
      }
      case AST_NODE_TYPES.CallExpression: {
        const callee = node.callee.type === AST_NODE_TYPES.MemberExpression && !node.callee.computed ? node.callee.property : node.callee;
        const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : '';
        const args = node.arguments.map((arg) => (arg.type === AST_NODE_TYPES.SpreadElement ? UNKNOWN : evaluate(arg)));
        // `defineConfig(...)` (eslint/config) and typescript-eslint's `config(...)` flatten their arguments.
        if (name === 'defineConfig' || name === 'config') return args;
        // `globalIgnores(patterns, name?)` from eslint/config.
        if (name === 'globalIgnores' && Array.isArray(args[0])) {
          return typeof args[1] === 'string' ? { ignores: args[0], name: args[1] } : { ignores: args[0] };
        }
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  };
  return evaluate(exported);
}

function isModuleExports(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    !node.computed &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    node.object.name === 'module' &&
    node.property.type === AST_NODE_TYPES.Identifier &&
    node.property.name === 'exports'
  );
}

/**
 * The patterns of a flat config's global-ignore objects (objects with `ignores` and nothing but a
 * `name` or `basePath` beside it), in order; patterns under a `basePath` are prefixed with it.
 */
export function globalIgnores(config: unknown): string[] {
  const patterns: string[] = [];
  const visit = (item: unknown) => {
    if (Array.isArray(item)) {
      for (const child of item) visit(child);
      return;
    }
    if (typeof item !== 'object' || item === null) return;
    const entry = item as { ignores?: unknown; basePath?: unknown };
    if (!Array.isArray(entry.ignores)) return;
    if (Object.keys(entry).some((key) => key !== 'ignores' && key !== 'name' && key !== 'basePath')) return;
    if (entry.basePath !== undefined && typeof entry.basePath !== 'string') return; // only running the file would tell
    const base = typeof entry.basePath === 'string' ? entry.basePath.replace(/^\.\/?/, '').replace(/\/+$/, '') : '';
    for (const pattern of entry.ignores) {
      if (typeof pattern !== 'string') continue; // functions and other forms are not portable
      const negated = pattern.startsWith('!');
      const body = negated ? pattern.slice(1) : pattern;
      const rebased = base === '' ? body : `${base}/${body.replace(/^\.\//, '')}`;
      patterns.push(negated ? `!${rebased}` : rebased);
    }
  };
  visit(config);
  return patterns;
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}
