// The one number field of the method options and training settings (issue #12 item 12): typed
// numbers are passed on, an emptied field is marked in place and passes nothing on.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import NumberField from '../../src-renderer/components/NumberField.svelte';

afterEach(() => cleanup());

describe('NumberField', () => {
  it('passes typed numbers on and marks an emptied field without passing it on', async () => {
    const seen: number[] = [];
    render(NumberField, { label: 'Epochs', value: 200, min: 1, onvalue: (v) => seen.push(v) });
    const input = screen.getByRole('spinbutton', { name: 'Epochs' });
    await fireEvent.input(input, { target: { value: '3' } });
    expect(seen).toEqual([3]);
    await fireEvent.input(input, { target: { value: '' } });
    expect(seen).toEqual([3]);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('note').textContent).toBe('enter a number');
  });
});
