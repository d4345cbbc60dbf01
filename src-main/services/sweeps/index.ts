// Sweeps: grid expansion and validation, the local and Slurm executors, the service over both.
export {
  createSweepService,
  previewSweep,
  type SweepService,
  type SweepServiceOptions,
} from './sweepService';
export { expandGrid, checkAxes, gridValue, MAX_SWEEP_CELLS, type GridCell } from './expandGrid';
export { slurmScript, arraySpec, sweepPaths } from './slurmScript';
export { createSlurmRunner, SLURM_INSTALL_HINT, type SlurmRunner } from './slurmRunner';
export { parseSacct, parseScontrol, cellStateOf, taskIds } from './slurmState';
