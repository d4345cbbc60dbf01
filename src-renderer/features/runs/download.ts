// Saving a file from the renderer: moved to lib/download.ts (charts in components/ use it too);
// this re-export keeps the Runs feature's imports as they were.
export * from '../../lib/download';
