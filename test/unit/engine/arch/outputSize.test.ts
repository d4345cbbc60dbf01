import { describe, expect, it } from 'vitest';
import { convOutputSize, poolOutputSize } from '../../../../src-main/engine/arch/outputSize';

describe('convOutputSize', () => {
  it('follows PyTorch for numeric padding: ⌊(H + 2p − k)/s⌋ + 1', () => {
    expect(convOutputSize(32, 3, 1, 1)).toBe(32);
    expect(convOutputSize(32, 3, 2, 1)).toBe(16);
    expect(convOutputSize(7, 3, 2, 1)).toBe(4);
    expect(convOutputSize(32, 1, 2, 0)).toBe(16);
    expect(convOutputSize(5, 3, 2, 2)).toBe(4);
  });

  it("follows tfjs for 'same' (⌈H/s⌉) and 'valid' (⌊(H − k)/s⌋ + 1)", () => {
    expect(convOutputSize(7, 3, 2, 'same')).toBe(4);
    expect(convOutputSize(7, 3, 2, 'valid')).toBe(3);
  });

  it('returns 0 when the kernel does not fit', () => {
    expect(convOutputSize(2, 5, 1, 0)).toBe(0);
    expect(poolOutputSize(3, 4, 4)).toBe(0);
    expect(poolOutputSize(28, 2, 2)).toBe(14);
    expect(poolOutputSize(7, 2, 2)).toBe(3);
  });
});
