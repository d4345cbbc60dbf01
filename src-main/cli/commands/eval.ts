// `npas eval RUN [--dataset PATH]`: top-1, top-5 and loss of a trained network; an ensemble
// reports each member and the ensemble.
import { evaluateModel } from '../../services/exports';
import { parseFlags } from '../flags';
import { openModelSource, SOURCE_FLAGS } from './modelSource';

const HELP = `usage: npas eval RUN [--dataset PATH] [--json]

RUN is a run id (in --data-dir or NPAS_DATA_DIR) or a compact .npas file. Evaluates on the run's
test split, or on PATH adapted to the network's input as training adapts data.`;

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

export async function evalCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    ...SOURCE_FLAGS,
    dataset: { type: 'string' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { source, close } = await openModelSource(positionals[0], values, 'eval');
  try {
    const report = await evaluateModel(source, {
      datasetPath: values.dataset as string | undefined,
    });
    if (values.json) {
      console.log(JSON.stringify(report));
      return 0;
    }
    for (const note of report.notes) console.error(`note: ${note}`);
    const what = report.members ? 'ensemble' : 'network';
    console.log(`${report.dataset}, ${report.count} images`);
    console.log(
      `  ${what}: top-1 ${pct(report.top1)}, top-5 ${pct(report.top5)}, loss ${report.loss.toFixed(4)}`,
    );
    report.members?.forEach((m, i) =>
      console.log(`  member ${i}: top-1 ${pct(m.top1)}, top-5 ${pct(m.top5)}`),
    );
    return 0;
  } finally {
    close();
  }
}
