// The Run screen's dataset import: a folder that holds no dataset shows the engine's plain
// "no dataset recognised here" answer, with what was looked for, in place under the form.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { DatasetNotRecognisedError, toWireError } from '../../src-main/contract/errors';
import ContextScope from '../../src-renderer/components/ContextScope.svelte';
import DatasetPicker from '../../src-renderer/features/run/DatasetPicker.svelte';
import { BudgetState } from '../../src-renderer/features/budget/budgetState.svelte';
import { DesignState } from '../../src-renderer/features/design/designState.svelte';
import { RunFormState, setRunForm } from '../../src-renderer/features/run/runFormState.svelte';
import { createFakeApi } from './fakes';

afterEach(() => cleanup());

describe('dataset import', () => {
  it('shows "no dataset recognised here" and what was looked for when /etc is imported', async () => {
    const refusal = toWireError(
      new DatasetNotRecognisedError('/etc', [
        // What the engine's detection lists (test/unit/engine/data/loadDataset.test.ts checks it).
        'IDX files (train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz])',
        'CIFAR-10 binary batches (data_batch_1..5.bin + test_batch.bin)',
        'CIFAR-100 binary batches (train.bin + test.bin)',
        'one sub-folder of images per class (train/<class>/*.png|jpg or <class>/*.png|jpg)',
      ]),
    );
    const fake = createFakeApi({
      importDataset: async (path: string) => {
        // What the transports throw: the method name, then the service's message.
        throw Object.assign(new Error(`importDataset: ${refusal.message}`), {
          method: 'importDataset',
          path,
        });
      },
    });
    const design = new DesignState(fake.api);
    const form = new RunFormState(fake.api, design, new BudgetState(fake.api, design));
    render(ContextScope, {
      props: { component: DatasetPicker as never, provide: () => setRunForm(form) },
    });
    await fireEvent.input(screen.getByPlaceholderText('/path/to/dataset'), {
      target: { value: '/etc' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const alert = await waitFor(() => screen.getByRole('alert', { name: 'Import error' }));
    const text = alert.textContent ?? '';
    expect(text).toMatch(/^\/etc: no dataset recognised here\. Looked for /);
    for (const layout of [
      'IDX files',
      'CIFAR-10 binary batches',
      'CIFAR-100 binary batches',
      'one sub-folder of images per class',
    ]) {
      expect(text).toContain(layout);
    }
    expect(text).not.toContain('importDataset');
  });
});
