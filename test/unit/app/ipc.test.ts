// The Electron binding with electron mocked: exactly the AppApi methods are registered as
// app:<method>, arguments are validated before the service runs, errors come back as ApiResult
// with their kind, events go to the window on 'app:event' until it is destroyed, and the
// preload exposes the methods plus on(), never ipcRenderer itself.
import { describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
const exposed: Record<string, unknown> = {};
const rendererListeners: ((event: unknown, envelope: unknown) => void)[] = [];
const invoke = vi.fn();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
      handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (_channel: string, fn: (event: unknown, envelope: unknown) => void) =>
      rendererListeners.push(fn),
  },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
}));

const { bindAppApi, forwardEvents } = await import('../../../src-main/app/ipc');
const { APP_API_METHODS } = await import('../../../src-main/contract/appApi');
const { BudgetError } = await import('../../../src-main/contract/errors');

function fakeService() {
  return Object.fromEntries(
    APP_API_METHODS.map((method) => [
      method,
      vi.fn(async (...args: unknown[]) => ({ method, args })),
    ]),
  ) as unknown as Record<string, ReturnType<typeof vi.fn>>;
}

describe('the Electron IPC binding', () => {
  it('registers exactly the AppApi methods and removes them again', () => {
    const off = bindAppApi(fakeService() as never);
    expect([...handlers.keys()].sort()).toEqual(APP_API_METHODS.map((m) => `app:${m}`).sort());
    off();
    expect(handlers.size).toBe(0);
  });

  it('validates arguments before the service runs and returns errors with their kind', async () => {
    const service = fakeService();
    service.startRun.mockRejectedValueOnce(new BudgetError('budget 10 is below the minimum 232'));
    const off = bindAppApi(service as never);
    const bad = await handlers.get('app:tagRun')!({}, '01ABC', []);
    expect(bad).toEqual({
      ok: false,
      error: {
        name: 'ConfigError',
        kind: 'config',
        message: 'app:tagRun: invalid arguments: 1: give at least one tag',
      },
    });
    expect(service.tagRun).not.toHaveBeenCalled();
    expect(await handlers.get('app:tagRun')!({}, '01ABC', ['x'])).toEqual({
      ok: true,
      value: { method: 'tagRun', args: ['01ABC', ['x']] },
    });
    const failed = await handlers.get('app:startRun')!({}, { arch: 'cnn' });
    expect(failed).toMatchObject({
      ok: false,
      error: { kind: 'budget', name: 'BudgetError', message: 'budget 10 is below the minimum 232' },
    });
    off();
  });

  it('forwards events on app:event until the window is destroyed', () => {
    let listener: ((envelope: unknown) => void) | null = null;
    const source = {
      subscribe: (fn: (envelope: unknown) => void) => ((listener = fn), () => (listener = null)),
    };
    const sent: unknown[] = [];
    let onDestroyed: (() => void) | null = null;
    const contents = {
      isDestroyed: () => false,
      send: (channel: string, envelope: unknown) => sent.push([channel, envelope]),
      once: (_name: string, fn: () => void) => (onDestroyed = fn),
    };
    forwardEvents(source as never, contents as never);
    listener!({ name: 'queue.idle', payload: {} });
    expect(sent).toEqual([['app:event', { name: 'queue.idle', payload: {} }]]);
    onDestroyed!();
    expect(listener).toBeNull();
  });

  it('the preload exposes the methods and on(), unwraps results and drops the event argument', async () => {
    await import('../../../src-main/app/preload');
    const api = exposed.api as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual([...APP_API_METHODS, 'on'].sort());
    expect(JSON.stringify(Object.keys(api))).not.toContain('ipcRenderer');
    invoke.mockResolvedValueOnce({ ok: true, value: 42 });
    await expect(api.getVersions()).resolves.toBe(42);
    expect(invoke).toHaveBeenLastCalledWith('app:getVersions');
    invoke.mockResolvedValueOnce({
      ok: false,
      error: { name: 'StoreError', kind: 'store', message: "no run with id 'x'" },
    });
    await expect(api.getRun('x')).rejects.toThrow("app:getRun: [store] no run with id 'x'");
    const seen: unknown[] = [];
    const off = api.on('run.progress', (payload: unknown) => seen.push(payload)) as () => void;
    rendererListeners.forEach((fn) =>
      fn({ sender: 'electron' }, { name: 'run.progress', payload: { step: 1 } }),
    );
    rendererListeners.forEach((fn) => fn({}, { name: 'queue.idle', payload: {} }));
    off();
    rendererListeners.forEach((fn) => fn({}, { name: 'run.progress', payload: { step: 2 } }));
    expect(seen).toEqual([{ step: 1 }]);
    expect(() => api.on('run.secret', () => {})).toThrow(/unknown event 'run.secret'/);
  });
});
