// The shell's notification area: API errors (named after the operation that failed, parsed from
// the transport's `app:<method>: message` prefix) and short confirmations.
import { createContext } from 'svelte';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  /** The AppApi method that failed (e.g. `startRun`), or null for other messages. */
  operation: string | null;
  message: string;
}

/**
 * Splits a failed call's error into the operation and the text: the transport's errors carry the
 * method (`error.method`) and start with `<method>: ` or `app:<method>: `.
 */
export function parseApiError(error: unknown): { operation: string | null; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  const method = (error as { method?: unknown } | null)?.method;
  if (typeof method === 'string' && method) {
    const name = method.replace(/^app:/, '');
    const prefix = new RegExp(`^(app:)?${name}:\\s*`);
    return { operation: name, message: text.replace(prefix, '') };
  }
  const match = /^app:([A-Za-z0-9_]+):\s*([\s\S]*)$/.exec(text);
  return match ? { operation: match[1], message: match[2] } : { operation: null, message: text };
}

/** A queue of visible toasts; errors stay until dismissed, info toasts fade after a while. */
export class ToastState {
  #items = $state<Toast[]>([]);
  #nextId = 1;
  readonly #infoMs: number;

  constructor(options: { infoMs?: number } = {}) {
    this.#infoMs = options.infoMs ?? 4000;
  }

  get items(): readonly Toast[] {
    return this.#items;
  }

  /** Shows an API (or any) error; `fallbackOperation` names it when the message has no prefix. */
  error = (error: unknown, fallbackOperation: string | null = null): void => {
    const { operation, message } = parseApiError(error);
    this.#push({ kind: 'error', operation: operation ?? fallbackOperation, message });
  };

  info = (message: string): void => {
    const id = this.#push({ kind: 'info', operation: null, message });
    if (this.#infoMs > 0) setTimeout(() => this.dismiss(id), this.#infoMs);
  };

  dismiss = (id: number): void => {
    this.#items = this.#items.filter((t) => t.id !== id);
  };

  clear = (): void => {
    this.#items = [];
  };

  #push(toast: Omit<Toast, 'id'>): number {
    const id = this.#nextId++;
    // The newest five are enough: a burst of identical failures should not bury the screen.
    this.#items = [...this.#items, { ...toast, id }].slice(-5);
    return id;
  }
}

export const [getToasts, setToasts] = createContext<ToastState>();
