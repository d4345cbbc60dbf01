// The command a cluster node runs as `npas` (issue #14: each Slurm array task runs `npas train
// --bundle ...`): this Node binary with this checkout's bin/npas.js, so the nodes run exactly the
// build that submitted the sweep; NPAS_COMMAND overrides it (an `npas` installed elsewhere on
// the cluster), written into the batch script verbatim.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The npas command as a shell word list (already quoted where needed). */
export function npasCommand(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.NPAS_COMMAND?.trim();
  if (override) return override;
  // Same depth in the sources (src-main/services/) and the bundle (out/main/): see resources.ts.
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'npas.js');
  return `${shellQuote(process.execPath)} ${shellQuote(script)}`;
}

/** One shell word: plain when safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
