// Starts the engine worker from TypeScript source in a checkout (tests, CLI, `npm start` before
// a build): registers tsx's loader in this thread, then imports the worker module named in
// workerData.entry. The packaged app starts its bundled engineWorker.js instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
