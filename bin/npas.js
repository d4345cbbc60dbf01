#!/usr/bin/env node
// The `npas` command. Runs the compiled CLI that `npm run build` writes to out/main/cli.js, or,
// in a checkout that was not built since its sources last changed (a fresh clone right after
// `npm ci`), the TypeScript CLI through tsx (see cli-entry.js).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliEntry } from './cli-entry.js';

// `npas inspect | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const entry = cliEntry(resolve(import.meta.dirname, '..'));
if (entry.kind === 'source') {
  const { register } = await import('tsx/esm/api');
  register();
}
const { main } = await import(pathToFileURL(entry.path).href);
process.exitCode = await main(process.argv.slice(2));
