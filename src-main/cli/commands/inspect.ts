// `npas inspect`: the parameter accounting of an architecture, method and budget, computed
// without tensors or training (the same functions the UI's budget ledger calls).
import { parseRunConfig } from '../../contract/config';
import { inspectConfig } from '../../services/inspect';
import { configFromFlags, parseFlags, RUN_FLAGS } from '../flags';
import { formatCount } from '../output';

const HELP = `usage: npas inspect --arch NAME [--classes N] [--input HxWxC] [--method M] [--budget N|P%] [--json]

Prints unshared, budget and trainable parameter counts and a per-layer (and per-group) list.`;

export async function inspectCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, RUN_FLAGS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const report = inspectConfig(parseRunConfig(configFromFlags(values)));
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  const a = report.accounting;
  console.log(
    `${report.arch} (${report.input}, ${report.classes} classes), method ${a.method}` +
      (a.requestedBudget !== null ? `, budget ${formatCount(a.requestedBudget)}` : ''),
  );
  console.log(`  unshared parameters:  ${formatCount(a.unsharedParams)}`);
  console.log(`  budget parameters:    ${formatCount(a.budgetParams)}`);
  console.log(`  trainable parameters: ${formatCount(a.trainableParams)}`);
  console.log('');
  console.log('  id  layer                          shape              params  group');
  for (const layer of a.layers) {
    console.log(
      `  ${String(layer.id).padStart(2)}  ${layer.name.padEnd(30)} ${layer.shape.join('×').padEnd(16)} ${formatCount(layer.params).padStart(9)}  ${layer.group ?? '-'}`,
    );
  }
  if (a.groups.length) {
    console.log('');
    for (const g of a.groups) {
      console.log(
        `  group ${g.id}: ${formatCount(g.storeParams)} parameters, layers ${g.layers.join(', ')}`,
      );
    }
  }
  return 0;
}
