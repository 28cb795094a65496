/**
 * The type of the ES module entry as a project sees it: the plugin, typed with the public types
 * (index.ts types its rules with typescript-eslint's types, which ESLint's do not accept).
 */
import type { Plugin } from './public.js';

export type * from './public.js';

declare const plugin: Plugin;
export default plugin;
