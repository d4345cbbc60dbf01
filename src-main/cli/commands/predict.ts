// `npas predict RUN IMAGE...`: the top-5 classes of each PNG or JPEG, with class names; images of
// another size or channel count are adapted as in training, and the output says so.
import { ConfigError } from '../../contract/errors';
import { predictImages } from '../../services/exports';
import { parseFlags } from '../flags';
import { openModelSource, SOURCE_FLAGS } from './modelSource';

const HELP = `usage: npas predict RUN IMAGE... [--json]

RUN is a run id (in --data-dir or NPAS_DATA_DIR) or a compact .npas file.`;

export async function predictCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, SOURCE_FLAGS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [run, ...images] = positionals;
  if (run && images.length === 0) throw new ConfigError('npas predict needs at least one IMAGE');
  const { source, close } = await openModelSource(run, values, 'predict');
  try {
    const predictions = await predictImages(source, images);
    if (values.json) {
      console.log(JSON.stringify(predictions));
      return 0;
    }
    for (const p of predictions) {
      console.log(p.file);
      if (p.adapted) console.log(`  (${p.adapted})`);
      for (const t of p.top5)
        console.log(`  ${(100 * t.probability).toFixed(1).padStart(5)}%  ${t.name}`);
    }
    return 0;
  } finally {
    close();
  }
}
