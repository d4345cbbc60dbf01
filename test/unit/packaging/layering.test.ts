// ARCHITECTURE.md's layering, enforced by ESLint (issue #9 item 16): an import that reaches up a
// layer (store → services, engine → store, app → server, cli → store, engine/protocol → train,
// npas → nn...) fails lint with no-restricted-imports, while the allowed direction passes.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The no-restricted-imports messages for `code` linted as if it were `filePath`. */
async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return result.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layering lint rules', () => {
  it.each([
    [
      'src-main/store/queries/x.ts',
      "import '../../services/dataDir';",
      /src-main\/store must not import/,
    ],
    ['src-main/store/x.ts', "import '../engine/protocol';", /src-main\/store must not import/],
    ['src-main/contract/x.ts', "import '../store';", /src-main\/contract must not import/],
    [
      'src-main/engine/npas/ssn/x.ts',
      "import '../../../store';",
      /src-main\/engine must not import/,
    ],
    [
      'src-main/services/jobs/x.ts',
      "import '../../server/startServer';",
      /src-main\/services must not import/,
    ],
    [
      'src-main/app/ipc.ts',
      "import { callValidated } from '../server/callValidated';",
      /src-main\/app must not import/,
    ],
    [
      'src-main/cli/commands/runs.ts',
      "import { requireRun } from '../../store';",
      /src-main\/cli must not import/,
    ],
    ['src-main/server/x.ts', "import '../cli/main';", /src-main\/server must not import/],
    [
      'src-main/engine/protocol.ts',
      "import type { TrainResult } from './train/trainer';",
      /bottom of the engine/,
    ],
    ['src-main/engine/npas/ssn/x.ts', "import '../../nn/model';", /engine\/npas must not import/],
    ['src-main/engine/arch/x.ts', "import '../train/trainer';", /engine\/arch must not import/],
    ['src-main/services/x.ts', "import 'electron';", /Only src-main\/app may import electron/],
  ])('refuses in %s: %s', async (filePath, code, message) => {
    const errors = await layeringErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['src-main/services/jobs/x.ts', "import '../../store';"],
    ['src-main/services/app/x.ts', "import '../jobs/events';"],
    ['src-main/cli/commands/x.ts', "import '../../services/runs';"],
    ['src-main/app/ipc.ts', "import '../services/callValidated';"],
    ['src-main/engine/train/x.ts', "import '../nn/model';"],
    ['src-main/engine/worker.ts', "import './train/executeRun';"],
    ['src-main/engine/protocol.ts', "import type { Accounting } from '../contract/engineTypes';"],
    ['src-main/app/x.ts', "import 'electron';"],
  ])('allows in %s: %s', async (filePath, code) => {
    expect(await layeringErrors(filePath, code)).toEqual([]);
  });
});
