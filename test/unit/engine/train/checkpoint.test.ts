import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../../src-main/contract/errors';
import { readCheckpoint, writeCheckpoint } from '../../../../src-main/engine/train/checkpoint';

const data = {
  tensors: [
    { name: 'param:layer0.weight', shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6]) },
    { name: 'momentum:layer0.weight', shape: [1], values: Float32Array.from([-0.5]) },
  ],
  state: { position: { epoch: 2, step: 7 } },
};

describe('checkpoints', () => {
  it('round-trip tensors and trainer state exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npas-ckpt-'));
    writeCheckpoint(join(dir, 'last.ckpt'), data);
    const back = readCheckpoint(join(dir, 'last.ckpt'));
    expect(back.state).toEqual(data.state);
    expect(back.tensors.map((t) => [t.name, t.shape, Array.from(t.values)])).toEqual(
      data.tensors.map((t) => [t.name, t.shape, Array.from(t.values)]),
    );
    expect(readdirSync(dir)).toEqual(['last.ckpt']);
  });

  it('refuses a truncated file, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npas-ckpt-'));
    const file = join(dir, 'last.ckpt');
    writeCheckpoint(file, data);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 3));
    expect(() => readCheckpoint(file)).toThrow(CheckpointError);
    expect(() => readCheckpoint(file)).toThrow(/last\.ckpt: truncated data/);
  });

  it('detects a flipped byte with the checksum', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npas-ckpt-'));
    const file = join(dir, 'last.ckpt');
    writeCheckpoint(file, data);
    const bytes = readFileSync(file);
    bytes[bytes.length - 2] ^= 0xff;
    writeFileSync(file, bytes);
    expect(() => readCheckpoint(file)).toThrow(/checksum mismatch/);
  });

  it('refuses a file that is not a checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npas-ckpt-'));
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'hello world, not a checkpoint');
    expect(() => readCheckpoint(file)).toThrow(/not an NPAS checkpoint/);
    expect(() => readCheckpoint(join(dir, 'missing.ckpt'))).toThrow(/missing\.ckpt: cannot read/);
  });

  it('leaves no partial file behind when the write fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npas-ckpt-'));
    const file = join(dir, 'no-such-folder', 'last.ckpt');
    expect(() => writeCheckpoint(file, data)).toThrow(CheckpointError);
    expect(readdirSync(dir)).toEqual([]);
  });
});
