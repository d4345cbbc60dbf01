// The run bundle (issue #14): one training run as self-contained files in one folder, written
// by `npas train --bundle DIR` on a cluster node (never a SQLite file) and imported into a data
// folder by `npas runs import`. The manifest is written last: it lists every file with its size
// and SHA-256, so a bundle still being written, cut short by a copy, or edited since is told
// apart from a finished one before anything is imported.
import { z } from 'zod';

/** What this build writes and the newest format it can read. */
export const BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_FORMAT = 'npas-run-bundle';

export const MANIFEST_FILE = 'manifest.json';
export const CONFIG_FILE = 'config.json';
/** One JSON object per line: a 'started' record, then the trainer's events in order. */
export const METRICS_FILE = 'metrics.jsonl';
export const RESULT_FILE = 'result.json';
export const CHECKPOINTS_FOLDER = 'checkpoints';

export const BUNDLE_STATUSES = ['running', 'stopped', 'failed', 'completed'] as const;
export type BundleStatus = (typeof BUNDLE_STATUSES)[number];

const fileEntrySchema = z.strictObject({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Only the version fields are read strictly before the version check: a newer format may
 * change everything else, and must be refused as newer, not as corrupt.
 */
export const manifestHeaderSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.number().int().positive(),
});

export const manifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.number().int().positive(),
  /** Stable across resumes of the same bundle: what makes an import idempotent. */
  bundleId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  name: z.string().nullable(),
  status: z.enum(BUNDLE_STATUSES),
  /** How many times `npas train --bundle` started on this folder. */
  attempts: z.number().int().nonnegative(),
  createdAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().nullable(),
  error: z.string().nullable(),
  /** Every file of a finished bundle (relative path → size and hash); empty while running. */
  files: z.record(z.string(), fileEntrySchema),
});
export type BundleManifest = z.infer<typeof manifestSchema>;

/** The first line a run attempt writes to metrics.jsonl once the model exists. */
export interface BundleStartedLine {
  type: 'started';
  attempt: number;
  arch: string;
  environment: Record<string, unknown>;
  accounting: {
    budgetParams: number;
    trainableParams: number;
    unsharedParams: number;
    layers: {
      id: number;
      name: string;
      shape: number[];
      params: number;
      group?: number;
      detail?: Record<string, unknown>;
    }[];
  };
  notes: string[];
}
