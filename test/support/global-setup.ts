/**
 * Runs once before any test file: test files run in parallel workers, and several load the plugin
 * from `dist/`, so the build they would each refresh is refreshed here, once, before they start.
 */
import { ensureBuilt } from './build.js';

export default function setup(): void {
  ensureBuilt();
}
