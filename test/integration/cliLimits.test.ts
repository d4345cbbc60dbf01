// Issue #9 items 4 and 5 on the command line: every input that sizes work has a limit, and a
// value over it (or an empty flag value) ends the command at once with exit code 2 and one line
// naming the value and the limit, instead of hanging or an internal error. Most cases call the
// CLI's main() in this process (fast); the two that used to hang run the real `npas` process.
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src-main/cli/main';
import { LIMITS } from '../../src-main/contract/limits';

const folder = mkdtempSync(join(tmpdir(), 'npas-limits-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let errors: string[] = [];
beforeEach(() => {
  errors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args.join(' '));
  });
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** Runs `npas ...args` in this process: the exit code and the one stderr line. */
async function npas(...args: string[]): Promise<{ code: number; error: string }> {
  errors = [];
  const code = await main(args);
  expect(errors).toHaveLength(1);
  return { code, error: errors[0] };
}

function configFile(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

const refusals: Array<[string, string[], RegExp]> = [
  [
    'WRN depth',
    ['inspect', '--arch', 'wrn-1000000000000000000000000000000-1'],
    /WRN depth 1000000000000000000000000000000 is over the limit of 1000\b/,
  ],
  ['WRN width', ['inspect', '--arch', 'wrn-16-65'], /WRN width 65 is over the limit of 64\b/],
  [
    'ResNet depth',
    ['inspect', '--arch', 'resnet-1208'],
    /ResNet depth 1208 is over the limit of 1202\b/,
  ],
  [
    'input height',
    ['inspect', '--input', '99999x99999x3'],
    /input height 99999 is over the limit of 4096\b/,
  ],
  [
    'input channels',
    ['inspect', '--input', '32x32x257'],
    /input channels 257 is over the limit of 256\b/,
  ],
  [
    'classes',
    ['inspect', '--classes', '1000000000'],
    /--classes 1000000000 is over the limit of 100000\b/,
  ],
  [
    'budget in parameters',
    ['inspect', '--method', 'ssn', '--budget', '100000000000000000000'],
    /budget 100000000000000000000 is over the limit of 1000000000 parameters/,
  ],
  [
    'budget in percent',
    ['inspect', '--method', 'ssn', '--budget', '100000000000000000000%'],
    /budget 100000000000000000000% is over the limit of 1000%/,
  ],
  [
    'batch size',
    ['train', '--batch-size', '65537'],
    /--batch-size 65537 is over the limit of 65536\b/,
  ],
  ['epochs', ['train', '--epochs', '100001'], /--epochs 100001 is over the limit of 100000\b/],
];

describe('npas limits on inputs that size work', () => {
  it.each(refusals)(
    'refuses an oversized %s with exit code 2, naming value and limit',
    async (_, args, message) => {
      const { code, error } = await npas(...args);
      expect(code).toBe(2);
      expect(error).toMatch(message);
    },
  );

  it('refuses oversized values inside a config file too (classes, epochs, design layers)', async () => {
    const classes = configFile('classes.json', JSON.stringify({ classes: 200_000 }));
    expect(await npas('inspect', '--config', classes)).toEqual({
      code: 2,
      error: expect.stringMatching(/classes 200000 is over the limit of 100000/),
    });
    const epochs = configFile('epochs.json', JSON.stringify({ training: { epochs: 1e9 } }));
    expect(await npas('train', '--config', epochs)).toEqual({
      code: 2,
      error: expect.stringMatching(/epochs 1000000000 is over the limit of 100000/),
    });
    const layers = Array.from({ length: LIMITS.designLayers + 1 }, () => ({ type: 'flatten' }));
    const design = configFile(
      'design.json',
      JSON.stringify({ arch: 'design', design: { layers } }),
    );
    expect(await npas('inspect', '--config', design)).toEqual({
      code: 2,
      error: expect.stringMatching(/design layer count 257 is over the limit of 256/),
    });
  });

  it('refuses a config file over the size limit before reading it', async () => {
    const big = configFile('big.json', `{"name": "${'x'.repeat(LIMITS.configFileBytes)}"}`);
    const { code, error } = await npas('inspect', '--config', big);
    expect(code).toBe(2);
    expect(error).toMatch(/size 4194316 bytes is over the limit of 4194304/);
  });

  it('refuses a config that is not a regular file: a FIFO and /dev/zero', async () => {
    const fifo = join(folder, 'config.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await npas('inspect', '--config', fifo)).toEqual({
      code: 2,
      error: expect.stringMatching(/config.fifo is not a regular file/),
    });
    expect(await npas('inspect', '--config', '/dev/zero')).toEqual({
      code: 2,
      error: expect.stringMatching(/\/dev\/zero is not a regular file/),
    });
  });

  it('refuses a config file holding null with a typed error', async () => {
    const empty = configFile('null.json', 'null');
    const { code, error } = await npas('inspect', '--config', empty);
    expect(code).toBe(2);
    expect(error).toMatch(/null.json: a run configuration is a JSON object, got null/);
  });

  it('refuses a deeply nested config before parsing it, naming the depth limit', async () => {
    const deep = configFile('deep.json', `{"ssn": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const { code, error } = await npas('inspect', '--config', deep);
    expect(code).toBe(2);
    expect(error).toMatch(/nesting depth more than 64 is over the limit of 64/);
  });

  it('still accepts the large real networks: WRN-28-20 at 224x224x3 with 22k classes', async () => {
    const code = await main([
      'inspect',
      '--arch',
      'wrn-28-20',
      '--input',
      '224x224x3',
      '--classes',
      '22000',
      '--json',
    ]);
    expect(errors).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('npas empty flag values', () => {
  it.each([['--budget='], ['--arch='], ['--classes='], ['--input='], ['--config=']])(
    'refuses %s with exit code 2, naming the flag',
    async (flag) => {
      const { code, error } = await npas('inspect', flag);
      expect(code).toBe(2);
      expect(error).toContain(`${flag.slice(0, -1)} needs a value, got an empty one`);
    },
  );

  it("refuses an empty separate value (--budget '', --epochs '') on train too", async () => {
    expect(await npas('train', '--budget', '')).toEqual({
      code: 2,
      error: expect.stringContaining('--budget needs a value'),
    });
    expect(await npas('train', '--epochs', '')).toEqual({
      code: 2,
      error: expect.stringContaining('--epochs needs a value'),
    });
  });
});

describe('npas process on inputs that used to hang', () => {
  // Exit well before the spawn timeout: these hung (or grew past 4 GB) before the limits.
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/npas.js', ...args], { encoding: 'utf8', timeout: 60_000 });

  it('answers inspect of wrn-1000000000000000000000000000000-1 at once with exit code 2', () => {
    const result = run('inspect', '--arch', 'wrn-1000000000000000000000000000000-1');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/WRN depth .* over the limit of 1000/);
  });

  it('answers --config /dev/zero at once with exit code 2', () => {
    const result = run('inspect', '--config', '/dev/zero');
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('npas inspect: --config /dev/zero is not a regular file');
  });
});
