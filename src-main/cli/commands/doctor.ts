// `npas doctor`: the product, commit, Node and TensorFlow.js versions (for bug reports), which
// compute backends load here, why the others do not, and which one a run would use (honouring
// NPAS_BACKEND).
import { describeBackendReport, initBackend } from '../../engine/backend/ladder';
import { backendChoice } from '../../services/training';
import { parseFlags } from '../flags';
import { describeVersionInfo, versionInfo } from '../versionInfo';

export async function doctorCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    json: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'auto' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    console.log('usage: npas doctor [--backend NAME] [--json]');
    return 0;
  }
  const report = await initBackend(backendChoice({ backend: values.backend as 'auto' }));
  const info = versionInfo();
  if (values.json) console.log(JSON.stringify({ ...report, npas: info }, null, 2));
  else console.log(`${describeVersionInfo(info)}\n\n${describeBackendReport(report)}`);
  return 0;
}
