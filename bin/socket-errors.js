#!/usr/bin/env node
// The `socket-errors` command: a zero-configuration audit with the plugin's recommended rules.
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`socket-errors | head`) closes the pipe: the next write fails with
// EPIPE. Without a listener that would crash the process; the rest of the report has no reader,
// and the exit code still reports what the audit found.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});

// exitCode rather than exit(): lets a large report finish writing to a pipe.
process.exitCode = await main(process.argv.slice(2));
