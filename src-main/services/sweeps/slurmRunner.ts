// Runs Slurm's client commands (sbatch, sacct, scontrol, scancel) for the Slurm executor. A
// command that is not installed is an ExecutorError naming the executor and what to install; a
// command Slurm refuses passes Slurm's own message on.
import { execFile } from 'node:child_process';
import { ExecutorError } from '../../contract/errors';

export type SlurmCommand = 'sbatch' | 'sacct' | 'scontrol' | 'scancel' | 'squeue';

export interface SlurmOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one Slurm command; resolves with its exit code and output (non-zero is not thrown). */
export type SlurmRunner = (command: SlurmCommand, args: string[]) => Promise<SlurmOutput>;

/** What to install for Slurm's client commands, for the not-found message. */
export const SLURM_INSTALL_HINT =
  "install Slurm's client commands on this machine (Debian/Ubuntu: apt-get install slurm-client) " +
  'and make sure they are on PATH, or use --executor local';

/** The real runner: execFile with `env` (default: this process's environment). */
export function createSlurmRunner(env: NodeJS.ProcessEnv = process.env): SlurmRunner {
  return (command, args) =>
    new Promise((resolve, reject) => {
      execFile(
        command,
        args,
        { env, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
            reject(
              new ExecutorError(
                'slurm',
                `the slurm executor needs ${command}, which was not found: ${SLURM_INSTALL_HINT}`,
                { cause: error },
              ),
            );
            return;
          }
          const code =
            error === null
              ? 0
              : typeof error.code === 'number'
                ? error.code
                : error.signal
                  ? 128
                  : 1;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
}

/** Runs a command that must succeed; Slurm's own message (stderr) is the error's message. */
export async function runSlurm(
  runner: SlurmRunner,
  command: SlurmCommand,
  args: string[],
  what: string,
): Promise<string> {
  const out = await runner(command, args);
  if (out.code !== 0) {
    const message = (out.stderr.trim() || out.stdout.trim() || `exit code ${out.code}`).replace(
      /\s*\n\s*/g,
      '; ',
    );
    throw new ExecutorError('slurm', `${what}: ${command} failed: ${message}`);
  }
  return out.stdout;
}
