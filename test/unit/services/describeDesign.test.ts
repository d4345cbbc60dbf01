// The Design screen's table (issue #12 item 5): a preset's rows include its batch norms, so they
// add up to the total shown, and a kernel larger than its input map is refused by name.
import { describe, expect, it } from 'vitest';
import { describeDesign } from '../../../src-main/services/app/describeDesign';

describe('describeDesign', () => {
  it.each(['cnn', 'mlp', 'resnet-20', 'wrn-16-2'])(
    'gives %s rows that add up to its total, batch norms included',
    (arch) => {
      const report = describeDesign({ arch });
      expect(report.valid).toBe(true);
      if (!report.valid) return;
      expect(report.rows.reduce((sum, r) => sum + r.params, 0)).toBe(report.totalParams);
      if (arch !== 'mlp') expect(report.rows.some((r) => r.type === 'batchNorm')).toBe(true);
    },
  );

  it('sums the cnn rows to 29,178 with batch norm rows shaped like their input', () => {
    const report = describeDesign({ arch: 'cnn' });
    if (!report.valid) throw new Error(report.message);
    expect(report.totalParams).toBe(29_178);
    const norms = report.rows.filter((r) => r.type === 'batchNorm');
    expect(norms.reduce((sum, r) => sum + r.params, 0)).toBe(29_178 - 28_954);
    const first = report.rows.findIndex((r) => r.type === 'batchNorm');
    expect(report.rows[first].outputShape).toEqual(report.rows[first - 1].outputShape);
  });

  it('refuses a 40×40 kernel on a 14×14 map, naming the layer and the map', () => {
    const report = describeDesign({
      arch: 'design',
      input: '28x28x1',
      classes: 10,
      design: {
        layers: [
          { type: 'maxPool', size: 2 },
          { type: 'conv', filters: 4, kernel: 40 },
        ],
      },
    });
    expect(report).toMatchObject({ valid: false, layerIndex: 1, kind: 'architecture' });
    if (report.valid) return;
    expect(report.message).toContain(
      'design layer 1 (conv): kernel 40 is larger than its 14×14 input',
    );
  });
});
