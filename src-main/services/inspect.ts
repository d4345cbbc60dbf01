// Parameter accounting for a run configuration, without tensors: what `npas inspect` prints and
// what the UI's ledger shows while the budget slider moves.
import type { RunConfig } from '../contract/config';
import type { Accounting } from '../engine/npas/provider';
import { describeSharing, type SharingDescription } from '../engine/npas/sharingDescription';
import { accountingFor } from '../engine/train/accounting';

export interface InspectReport {
  arch: string;
  input: string;
  classes: number;
  unsharedParams: number;
  budgetParams: number;
  trainableParams: number;
  accounting: Accounting;
  /** Groups or banks with their members and sizes: the same description every screen draws. */
  sharing: SharingDescription;
}

/** Accounts a config's model. */
export function inspectConfig(config: RunConfig): InspectReport {
  const { arch, accounting } = accountingFor(config);
  return {
    arch: arch.name,
    input: `${arch.input.height}x${arch.input.width}x${arch.input.channels}`,
    classes: arch.classes,
    unsharedParams: accounting.unsharedParams,
    budgetParams: accounting.budgetParams,
    trainableParams: accounting.trainableParams,
    accounting,
    sharing: describeSharing(accounting.method, accounting.layers),
  };
}
