// Terminal output for `npas`: a one-line progress bar redrawn in place on a TTY (plain epoch
// lines otherwise), JSON-lines events with --json, number and duration formatting.
import type { TrainEvent } from '../engine/train/events';

/** Formats seconds as m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Renders trainer events for humans; returns a sink. */
export function createProgressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  let lineOpen = false;
  const clear = () => {
    if (lineOpen) stream.write('\r\x1b[2K');
    lineOpen = false;
  };
  return (event: TrainEvent) => {
    switch (event.type) {
      case 'step': {
        if (!tty) return;
        const width = 20;
        const done = Math.round(((event.step + 1) / event.steps) * width);
        const bar = '#'.repeat(done) + '-'.repeat(width - done);
        clear();
        stream.write(
          `${event.phase} epoch ${event.epoch + 1}/${event.epochs} [${bar}] step ${event.step + 1}/${event.steps}` +
            ` loss ${event.loss.toFixed(3)} acc ${percent(event.accuracy)}` +
            ` ${event.imagesPerSecond.toFixed(1)} img/s ETA ${formatDuration(event.etaSeconds)}`,
        );
        lineOpen = true;
        return;
      }
      case 'epoch': {
        clear();
        const val = event.validation ? ` val ${percent(event.validation.top1)}` : '';
        const test = event.test
          ? ` test ${percent(event.test.top1)} (top-5 ${percent(event.test.top5)}, loss ${event.test.loss.toFixed(3)})`
          : '';
        stream.write(
          `${event.phase} epoch ${event.epoch + 1}/${event.epochs}: train loss ${event.train.loss.toFixed(3)}` +
            ` acc ${percent(event.train.accuracy)}${val}${test}` +
            ` — ${event.imagesPerSecond.toFixed(1)} img/s, ${formatDuration(event.seconds)}\n`,
        );
        return;
      }
      case 'phase':
      case 'log':
        clear();
        stream.write(`${event.message}\n`);
        return;
      case 'checkpoint':
        return;
    }
  };
}

/** Writes one JSON object per line to stdout. */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
