// Issue #9 item 11: parameter accounting is tensor-free. `npas inspect`, the UI ledger and the
// Design screen run in the main (or server) process, which must not load TensorFlow.js (the
// engine worker owns it): neither a static walk of the import graph nor a real import in a fresh
// process may reach an @tensorflow module.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { reachablePackages } from './moduleGraph';

const ACCOUNTING_MODULES = [
  'src-main/services/inspect.ts',
  'src-main/services/app/describeDesign.ts',
  // `npas inspect`: main.ts imports each command only when it runs.
  'src-main/cli/commands/inspect.ts',
];

describe('tensor-free accounting', () => {
  it.each(ACCOUNTING_MODULES)('imports no @tensorflow package from %s', (entry) => {
    const tensorflow = [...reachablePackages(entry)].filter(([name]) =>
      name.startsWith('@tensorflow/'),
    );
    // The chain of files names the import to cut when this fails.
    expect(tensorflow.map(([name, chain]) => `${name} via ${chain.join(' -> ')}`)).toEqual([]);
  });

  it('loads no TensorFlow.js engine when a fresh process imports inspect and describeDesign', () => {
    // tfjs-core creates its engine in a global (`_tfengine`) as soon as it is loaded.
    const script = [
      "const inspect = await import('./src-main/services/inspect.ts');",
      "const design = await import('./src-main/services/app/describeDesign.ts');",
      "const report = inspect.inspectConfig({ arch: 'wrn-16-4', method: 'unshared', ssn: {}, superweights: {}, training: { epochs: 1 }, seed: 0 });",
      'console.log(JSON.stringify({ params: report.unsharedParams, design: typeof design.describeDesign, tf: "_tfengine" in globalThis }));',
    ].join('\n');
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    const outcome = JSON.parse(result.stdout);
    expect(outcome).toEqual({ params: 2_748_890, design: 'function', tf: false });
  });

  it('runs `npas inspect` without loading the TensorFlow.js engine', () => {
    const script = [
      "const { main } = await import('./src-main/cli/main.ts');",
      "const code = await main(['inspect', '--arch', 'wrn-16-4', '--json']);",
      'console.error(JSON.stringify({ code, tf: "_tfengine" in globalThis }));',
    ].join('\n');
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(JSON.parse(result.stdout).unsharedParams).toBe(2_748_890);
    expect(JSON.parse(result.stderr)).toEqual({ code: 0, tf: false });
  });
});
