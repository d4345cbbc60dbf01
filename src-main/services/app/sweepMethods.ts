// The sweeps part of the AppApi (issue #14): list, show (refreshing a Slurm sweep's states and
// importing finished bundles), submit, preview, cancel and resubmit. The work lives in
// services/sweeps; this file binds it to the open data folder.
import type { AppApi } from '../../contract/appApi';
import { NpasError } from '../../contract/errors';
import type { DataFolderSession } from './dataFolderSession';

type SweepMethodNames =
  | 'listSweeps'
  | 'getSweep'
  | 'submitSweep'
  | 'previewSweep'
  | 'cancelSweepCells'
  | 'resubmitSweepCells';

export function sweepMethods(_session: DataFolderSession): Pick<AppApi, SweepMethodNames> {
  const notYet = (): never => {
    throw new NpasError('internal', 'sweeps are not implemented yet');
  };
  return {
    listSweeps: async () => notYet(),
    getSweep: async () => notYet(),
    submitSweep: async () => notYet(),
    previewSweep: async () => notYet(),
    cancelSweepCells: async () => notYet(),
    resubmitSweepCells: async () => notYet(),
  };
}
