#!/usr/bin/env node
// The `npas` command. Runs the TypeScript CLI directly through tsx, so a checkout works after
// `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
// `npas inspect | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
