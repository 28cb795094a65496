/**
 * The CommonJS entry: `require('eslint-plugin-socket-errors')` returns the plugin itself, with
 * `configs`, `rules` and `meta`, as `eslint.config.cjs` files and tools written for CommonJS
 * plugins expect. (A plain `require()` of the ES module entry would return its namespace.) It is
 * the same object `import plugin from 'eslint-plugin-socket-errors'` gives, so configs mixing
 * both forms register one plugin.
 */
import type { Plugin } from './public.js';

const plugin = (require('./index.js') as { default: Plugin }).default;

// Configs written for 0.1.0 read `require('eslint-plugin-socket-errors').default`: keep them working.
if (!Object.prototype.hasOwnProperty.call(plugin, 'default')) {
  Object.defineProperty(plugin, 'default', { value: plugin, enumerable: false });
}

export = plugin;
