// `npas export RUN --format onnx|safetensors|tfjs|npas`: writes a trained network as a model file
// (the logic is services/exports) and prints where, how big, and the compact-vs-materialised sizes.
import { parseMemberFlags, exportModel, EXPORT_FORMATS } from '../../services/exports';
import { ConfigError } from '../../contract/errors';
import { parseFlags } from '../flags';
import { formatCount } from '../output';
import { openModelSource, SOURCE_FLAGS } from './modelSource';

const HELP = `usage: npas export RUN --format ${EXPORT_FORMATS.join('|')} [--member K | --subset 0,2] [--out PATH] [--force] [--json]

RUN is a run id (in --data-dir or NPAS_DATA_DIR) or a compact .npas file. Materialises the
generated weights into a plain network and writes it: onnx (opset 17), safetensors (PyTorch
names), tfjs (a folder with model.json), or npas (only the budget's own parameters + the plan).`;

export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    ...SOURCE_FLAGS,
    format: { type: 'string' },
    member: { type: 'string' },
    subset: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.format) throw new ConfigError(`--format is required: ${EXPORT_FORMATS.join(', ')}`);
  const members = parseMemberFlags(
    values.member as string | undefined,
    values.subset as string | undefined,
  );
  const { source, close } = await openModelSource(positionals[0], values, 'export');
  try {
    const result = await exportModel(source, {
      format: values.format as string,
      members,
      out: values.out as string | undefined,
      force: Boolean(values.force),
    });
    if (values.json) {
      console.log(JSON.stringify(result));
      return 0;
    }
    console.log(`wrote ${result.path} (${result.format}, ${formatCount(result.bytes)} bytes)`);
    console.log(
      `  materialised: ${formatCount(result.materialisedParams)} numbers; compact: ${formatCount(result.compactParams)} numbers, ${formatCount(result.compactBytes)} bytes`,
    );
    return 0;
  } finally {
    close();
  }
}
