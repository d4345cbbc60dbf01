// Runs the latest of a stream of requests: each call debounces by `delayMs`, and a response that
// arrives after a newer request was issued is dropped, so a slow answer never overwrites a fresh
// one (the budget ledger recomputes as the slider moves).

export interface RequestSequencer<A> {
  /** Schedules `args`; only the newest scheduled request runs, and only its answer is delivered. */
  schedule(args: A): void;
  /** Forgets pending work; answers still in flight are dropped. */
  cancel(): void;
  /** Number of requests actually sent (tests and diagnostics). */
  readonly sent: number;
}

export interface SequencerHandlers<A, R> {
  request: (args: A) => Promise<R>;
  onResult: (result: R, args: A) => void;
  onError: (error: unknown, args: A) => void;
  /** Called when a request is sent and when its answer (or error) is delivered. */
  onBusy?: (busy: boolean) => void;
}

/** Creates a sequencer; `delayMs` 0 still batches calls made in the same tick. */
export function createRequestSequencer<A, R>(
  handlers: SequencerHandlers<A, R>,
  delayMs = 50,
): RequestSequencer<A> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;
  let sent = 0;

  function send(args: A): void {
    const mine = ++generation;
    sent += 1;
    handlers.onBusy?.(true);
    handlers.request(args).then(
      (result) => {
        if (mine !== generation) return; // a newer request superseded this one
        handlers.onBusy?.(false);
        handlers.onResult(result, args);
      },
      (error: unknown) => {
        if (mine !== generation) return;
        handlers.onBusy?.(false);
        handlers.onError(error, args);
      },
    );
  }

  return {
    schedule(args) {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        send(args);
      }, delayMs);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      generation += 1;
      handlers.onBusy?.(false);
    },
    get sent() {
      return sent;
    },
  };
}
