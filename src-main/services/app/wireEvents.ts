// Maps the job queue's events onto the UI's event map: the same names and payloads, except
// 'run.finished', whose full training history stays in the main process (the UI reloads what
// it needs from the store) and 'run.event', which the UI does not get.
import type { AppEventEnvelope } from '../../contract/events';
import type { RunFinishedWire } from '../../contract/wire';
import type { JobEventMap } from '../jobs/events';

/** The queue events forwarded to the UI as they are. */
export const FORWARDED_QUEUE_EVENTS = [
  'run.status',
  'run.started',
  'run.progress',
  'run.epoch',
  'queue.idle',
  'queue.error',
  'engine.log',
] as const satisfies readonly (keyof JobEventMap)[];

/** A finished job as the UI gets it. */
export function finishedToWire(finished: JobEventMap['run.finished']): RunFinishedWire {
  const { result, error } = finished;
  const best = result?.best ?? null;
  return {
    runId: finished.runId,
    status: finished.status,
    error: error ? { name: error.name, kind: error.kind, message: error.message } : null,
    best: best
      ? {
          epoch: best.epoch,
          valTop1: best.validation?.top1 ?? null,
          testTop1: best.test?.top1 ?? null,
        }
      : null,
    imagesPerSecond: result?.imagesPerSecond ?? null,
  };
}

/** The envelope for a forwarded queue event (payloads are plain JSON already). */
export function queueEnvelope<K extends (typeof FORWARDED_QUEUE_EVENTS)[number]>(
  name: K,
  payload: JobEventMap[K],
): AppEventEnvelope {
  return { name, payload } as AppEventEnvelope;
}
