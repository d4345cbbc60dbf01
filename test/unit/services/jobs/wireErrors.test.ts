// Errors rebuilt from the engine's wire form keep their class, kind and message.
import { describe, expect, it } from 'vitest';
import {
  BundleError,
  CheckpointError,
  ConfigError,
  DatasetError,
  ExecutorError,
  NpasError,
  toWireError,
} from '../../../../src-main/contract/errors';
import { fromWireError } from '../../../../src-main/services/jobs/wireErrors';
import { StoreError } from '../../../../src-main/store';

describe('fromWireError', () => {
  it.each([
    new ConfigError('training.epochs: too small'),
    new DatasetError('/data/x', 'no images'),
    new CheckpointError('last.ckpt: checksum mismatch'),
    new StoreError('npas.db is not an SQLite database'),
    new ExecutorError('slurm', 'the slurm executor needs sbatch, which was not found'),
    new BundleError('/shared/cell-1', 'partial: its run is running'),
  ])('rebuilds $name with its message', (original) => {
    const rebuilt = fromWireError(toWireError(original));
    expect(rebuilt).toBeInstanceOf(original.constructor);
    expect(rebuilt.message).toBe(original.message);
    expect(rebuilt.kind).toBe(original.kind);
  });

  it('keeps the file of a dataset error and turns unknown errors into internal ones', () => {
    expect((fromWireError(toWireError(new DatasetError('/d', 'bad'))) as DatasetError).file).toBe(
      '/d',
    );
    const internal = fromWireError(toWireError(new RangeError('out of memory')));
    expect(internal).toBeInstanceOf(NpasError);
    expect(internal.kind).toBe('internal');
  });

  it('keeps the path of a bundle error', () => {
    const wire = toWireError(new BundleError('/shared/cell-1', 'corrupt: bad hash'));
    expect((fromWireError(wire) as BundleError).path).toBe('/shared/cell-1');
  });
});
