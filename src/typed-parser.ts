/**
 * The parser of `recommended-type-checked`: typescript-eslint's, with its project service, and
 * syntax only for a file no tsconfig.json includes. typescript-eslint's parser stops such a file
 * with "was not found by the project service"; in a project that is the root `eslint.config.js`,
 * scripts, fixtures: files our rules read as well by syntax as `recommended` does.
 *
 * The parser (and TypeScript with it) is loaded on the first file, so that a project using only
 * `recommended` never needs TypeScript installed.
 */
import { createRequire } from 'node:module';

import type * as TSParser from '@typescript-eslint/parser';

import { PACKAGE_VERSION } from './package-info.js';

const require = createRequire(import.meta.url);
let tsParser: typeof TSParser | undefined;

/** typescript-estree's message for a file outside every tsconfig.json the project service knows. */
const OUTSIDE_PROJECTS = 'was not found by the project service';

export const typedParser = {
  meta: { name: 'eslint-plugin-socket-errors/typed-parser', version: PACKAGE_VERSION },
  parseForESLint(code: string, options?: TSParser.ParserOptions | null): ReturnType<typeof TSParser.parseForESLint> {
    tsParser ??= require('@typescript-eslint/parser') as typeof TSParser;
    try {
      return tsParser.parseForESLint(code, options);
    } catch (error) {
      if (!options || !(error instanceof Error) || !error.message.includes(OUTSIDE_PROJECTS)) throw error;
      return tsParser.parseForESLint(code, tsParser.withoutProjectParserOptions(options));
    }
  },
};
