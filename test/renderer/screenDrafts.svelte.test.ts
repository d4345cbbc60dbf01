// What the Design, Budget and Run screens show survives a reload, per data folder (issue #12
// item 2): set wrn-10-1, SuperWeights and 1 epoch, "reload" (new state objects over the same
// storage), and Start sends exactly that, not the 200-epoch CNN with SSN at 10% defaults.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { RunConfigInput } from '../../src-main/contract/appApi';
import { BudgetState } from '../../src-renderer/features/budget/budgetState.svelte';
import { DesignState } from '../../src-renderer/features/design/designState.svelte';
import { RunFormState } from '../../src-renderer/features/run/runFormState.svelte';
import { SweepFormState } from '../../src-renderer/features/run/sweepFormState.svelte';
import { draftsKey, ScreenDrafts } from '../../src-renderer/screenDrafts.svelte';
import { createFakeApi } from './fakes';

/** A Storage over a Map (what localStorage keeps between reloads). */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v)),
  };
}

/** One page load: fresh state over `storage`, drafts of `dataDir` restored, then loaded. */
async function pageLoad(storage: Storage, dataDir: string) {
  const fake = createFakeApi({
    listRunPresets: async () => [{ name: 'cifar-recipe', config: { training: { epochs: 200 } } }],
  });
  const design = new DesignState(fake.api, null, { delayMs: 0 });
  const budget = new BudgetState(fake.api, design, { delayMs: 0 });
  const form = new RunFormState(fake.api, design, budget);
  const sweepForm = new SweepFormState(fake.api, () => form.config);
  const drafts = new ScreenDrafts(storage, design, budget, form, sweepForm);
  const cleanup = $effect.root(() => drafts.track());
  const restored = drafts.restore(dataDir);
  await Promise.all([design.load(), form.load()]);
  flushSync();
  return { fake, design, budget, form, sweepForm, restored, cleanup };
}

describe('ScreenDrafts', () => {
  it('starts what the screens showed before a reload', async () => {
    const storage = memoryStorage();
    const first = await pageLoad(storage, '/data/a');
    expect(first.restored).toBe(false);
    first.design.choosePreset('wrn');
    first.design.wrnDepth = 10;
    first.design.wrnWidth = 1;
    first.budget.method = 'superweights';
    first.budget.value = 70;
    first.budget.superweights.bins = 3;
    first.form.training.epochs = 1;
    first.form.name = 'after reload';
    flushSync();
    first.cleanup();

    const second = await pageLoad(storage, '/data/a');
    expect(second.restored).toBe(true);
    expect(second.design.arch).toBe('wrn-10-1');
    expect(second.form.training.epochs).toBe(1);
    await second.form.start();
    const sent = second.fake.calls.startRun!.at(-1)![0] as RunConfigInput;
    expect(sent).toMatchObject({
      arch: 'wrn-10-1',
      method: 'superweights',
      budget: '70%',
      name: 'after reload',
      training: { epochs: 1 },
      superweights: { bins: 3 },
    });
    second.cleanup();
  });

  it('keeps the sweep form, Slurm options included, across a reload', async () => {
    const storage = memoryStorage();
    const first = await pageLoad(storage, '/data/a');
    first.sweepForm.name = 'budget study';
    first.sweepForm.methods = ['superweights'];
    first.sweepForm.budgets = '20%, 40%';
    first.sweepForm.seeds = '0, 1, 2';
    first.sweepForm.executor = 'slurm';
    first.sweepForm.slurm.partition = 'gpu';
    first.sweepForm.slurm.mem = '16G';
    flushSync();
    first.cleanup();

    const second = await pageLoad(storage, '/data/a');
    expect(second.sweepForm.toDraft()).toMatchObject({
      name: 'budget study',
      methods: ['superweights'],
      budgets: '20%, 40%',
      seeds: '0, 1, 2',
      executor: 'slurm',
      slurm: { partition: 'gpu', mem: '16G' },
    });
    expect(second.sweepForm.parsed.spec?.grid).toEqual([
      { key: 'method', values: ['superweights'] },
      { key: 'budget', values: ['20%', '40%'] },
      { key: 'seed', values: [0, 1, 2] },
    ]);
    second.cleanup();
  });

  it('keeps each data folder its own screens', async () => {
    const storage = memoryStorage();
    const a = await pageLoad(storage, '/data/a');
    a.form.training.epochs = 3;
    flushSync();
    a.cleanup();
    const b = await pageLoad(storage, '/data/b');
    expect(b.restored).toBe(false);
    expect(b.form.training.epochs).toBe(200);
    b.cleanup();
    expect(JSON.parse(storage.getItem(draftsKey('/data/a'))!).runForm.training.epochs).toBe(3);
  });

  it('ignores a corrupt draft and fields of the wrong kind', async () => {
    const storage = memoryStorage();
    storage.setItem(draftsKey('/data/a'), '{not json');
    const broken = await pageLoad(storage, '/data/a');
    expect(broken.restored).toBe(false);
    broken.cleanup();
    storage.setItem(
      draftsKey('/data/a'),
      JSON.stringify({
        version: 1,
        design: { wrnDepth: 'deep' },
        budget: {},
        runForm: { seed: 7 },
      }),
    );
    const odd = await pageLoad(storage, '/data/a');
    expect(odd.design.wrnDepth).toBe(16);
    expect(odd.form.seed).toBe(7);
    odd.cleanup();
  });
});
