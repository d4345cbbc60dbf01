// The live-run screen (issue #12 item 7): the last batch's figures are labelled as train and
// sit beside the best validation and test top-1; images/s, ETA and the phase show only while the
// run trains; an empty per-epoch chart says when its first point comes; smoothing, log y and the
// learning-rate chart are there.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { RunDetailsWire } from '../../src-main/contract/appApi';
import ContextScope from '../../src-renderer/components/ContextScope.svelte';
import LiveScreen from '../../src-renderer/features/live/LiveScreen.svelte';
import { LiveRunState, setLiveRun } from '../../src-renderer/features/live/liveRunState.svelte';
import { QueueState, setQueue } from '../../src-renderer/features/run/queueState.svelte';
import { NavigationState, setNavigation } from '../../src-renderer/lib/state/navigation.svelte';
import { createFakeApi, settle } from './fakes';
import { liveProgress, liveRunDetails } from './fakeLiveRun';

afterEach(() => cleanup());

const runDetails = (status: RunDetailsWire['run']['status']) =>
  liveRunDetails(status, { run: { config: { training: { epochs: 2 } } } });

const progress = (step: number) =>
  liveProgress({ step, loss: 1.25, imagesPerSecond: 321, etaSeconds: 42 });

async function renderLive() {
  const fake = createFakeApi({
    getRun: async () => runDetails('running'),
    listQueue: async () => [],
    stopRun: async () => 'stopping',
  });
  const live = new LiveRunState(fake.api);
  render(ContextScope, {
    props: {
      component: LiveScreen as never,
      provide: () => {
        setNavigation(new NavigationState('#/live/RUN1'));
        setQueue(new QueueState(fake.api));
        setLiveRun(live);
        live.track();
      },
    },
  });
  await waitFor(() => expect(live.run?.id).toBe('RUN1'));
  return { fake, live };
}

describe('the Live screen', () => {
  it('labels the last batch as train and shows the best validation and test top-1 beside it', async () => {
    const { fake } = await renderLive();
    fake.emit('run.progress', progress(0));
    await settle();
    expect(screen.getByText('Train loss (last batch)')).toBeTruthy();
    expect(screen.getByText('Train accuracy (last batch)')).toBeTruthy();
    expect(screen.getByTestId('live-train-loss').textContent).toContain('1.25');
    expect(screen.getByTestId('live-best-val').textContent).toBe('—');
    fake.emit('run.epoch', {
      runId: 'RUN1',
      record: {
        phase: 'main',
        epoch: 0,
        lr: 0.1,
        seconds: 1,
        imagesPerSecond: 300,
        train: { loss: 1.2, accuracy: 0.55 },
        validation: { loss: 1.1, top1: 0.625, top5: 0.9, count: 100 },
        test: { loss: 1.1, top1: 0.6, top5: 0.9, count: 100 },
      },
    });
    await settle();
    expect(screen.getByText('Best validation top-1')).toBeTruthy();
    expect(screen.getByTestId('live-best-val').textContent).toMatch(/62\.5/);
    expect(screen.getByTestId('live-best-test').textContent).toMatch(/60/);
  });

  it('hides images/s, ETA and the phase once the run has stopped', async () => {
    const { fake } = await renderLive();
    fake.emit('run.progress', progress(1));
    await settle();
    expect(screen.getByTestId('live-speed').textContent).toContain('321');
    expect(screen.getByTestId('live-eta')).toBeTruthy();
    expect(screen.getByText('main training')).toBeTruthy();
    fake.emit('run.status', { runId: 'RUN1', status: 'stopped', error: null });
    await settle();
    expect(screen.queryByTestId('live-speed')).toBeNull();
    expect(screen.queryByTestId('live-eta')).toBeNull();
    expect(screen.queryByText('main training')).toBeNull();
    expect(screen.getByText('stopped')).toBeTruthy();
  });

  it('says when the per-epoch charts get their first point, and offers smoothing, log y and the learning rate', async () => {
    const { fake } = await renderLive();
    fake.emit('run.progress', progress(0));
    await settle();
    const empties = screen.getAllByTestId('chart-empty').map((e) => e.textContent);
    expect(empties).toEqual([
      'First point after epoch 1 finishes.',
      'First point after epoch 1 finishes.',
    ]);
    expect(screen.getByRole('figure', { name: 'Learning rate' })).toBeTruthy();
    const logY = screen.getByLabelText('Log-scale y (loss, learning rate)') as HTMLInputElement;
    await fireEvent.click(logY);
    expect(logY.checked).toBe(true);
    expect(
      screen.getByRole('figure', { name: 'Train loss per step' }).getAttribute('data-log-y'),
    ).toBe('true');
    const slider = screen.getByRole('slider', { name: 'Smoothing' }) as HTMLInputElement;
    await fireEvent.input(slider, { target: { value: '0.9' } });
    expect(screen.getByText('0.90')).toBeTruthy();
  });
});
