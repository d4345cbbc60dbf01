// Runs the `npas` CLI's main() in this process and captures what it prints (console.log,
// console.error and direct stdout writes), for CLI tests that need no child process.
import { vi } from 'vitest';
import { main } from '../../src-main/cli/main';

export async function runCliInProcess(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const log = vi
    .spyOn(console, 'log')
    .mockImplementation((...a) => void (stdout += `${a.join(' ')}\n`));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...a) => void (stderr += `${a.join(' ')}\n`));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    write.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
}
