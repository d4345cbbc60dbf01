// The Design screen: every layer shows its parameters, the total follows edits, and an invalid
// layer shows the error naming it.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import DesignScreen from '../../src-renderer/features/design/DesignScreen.svelte';
import { DesignState, setDesign } from '../../src-renderer/features/design/designState.svelte';
import { createFakeApi } from './fakes';
import ContextScope from '../../src-renderer/components/ContextScope.svelte';

function renderDesign() {
  const fake = createFakeApi();
  const design = new DesignState(fake.api, null, { delayMs: 1 });
  design.editLayers();
  render(ContextScope, {
    props: {
      component: DesignScreen as never,
      provide: () => {
        setDesign(design);
        design.track();
      },
    },
  });
  return { fake, design };
}

describe('DesignScreen', () => {
  afterEach(() => cleanup());

  it("shows each layer's parameters and the total", async () => {
    renderDesign();
    await waitFor(() => expect(screen.getByTestId('design-total').textContent).toBe('105,914'));
    expect(screen.getByLabelText('layer 0 parameters').textContent).toBe('176');
    expect(screen.getByLabelText('layer 2 parameters').textContent).toBe('4,672');
    expect(screen.getByLabelText('layer 5 parameters').textContent).toBe('100,416');
  });

  it('updates the total when a layer is edited', async () => {
    renderDesign();
    await waitFor(() => screen.getByTestId('design-total'));
    await fireEvent.input(screen.getByLabelText('layer 5 units'), { target: { value: '32' } });
    // dense 1568→32 (50,208) and a 32-input classifier (330)
    await waitFor(() => expect(screen.getByTestId('design-total').textContent).toBe('55,386'));
  });

  it('says which layer is invalid and why', async () => {
    renderDesign();
    await waitFor(() => screen.getByTestId('design-total'));
    await fireEvent.input(screen.getByLabelText('layer 2 filters'), { target: { value: '0' } });
    const alert = await screen.findByRole('alert', { name: 'Design error' });
    expect(alert.textContent).toContain('design layer 2 (conv): filters 0 is invalid');
    expect(screen.getByRole('row', { name: 'layer 2 (conv)' }).dataset.invalid).toBe('true');
    expect(screen.queryByTestId('design-total')).toBeNull();
  });

  it('adds, moves and removes layers with the buttons', async () => {
    const { design } = renderDesign();
    await fireEvent.click(screen.getByRole('button', { name: '+ global avg pool' }));
    expect(design.layers.at(-1)?.type).toBe('globalAvgPool');
    await fireEvent.click(screen.getByRole('button', { name: 'Move layer 0 down' }));
    expect(design.layers[0].type).toBe('maxPool');
    await fireEvent.click(screen.getByRole('button', { name: 'Remove layer 0' }));
    expect(design.layers[0].type).toBe('conv');
    expect(design.layers).toHaveLength(6);
  });
});
