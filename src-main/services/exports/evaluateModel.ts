// `npas eval`: top-1, top-5 and loss of a trained network (a run or a compact file) on its own
// test split, or on another dataset adapted to the network's input as training adapts it (the
// result says so); ensembles report each member and the ensemble.
import { adaptInput } from '../../engine/data/adaptInput';
import type { Dataset } from '../../engine/data/dataset';
import { loadDataset } from '../../engine/data/loadDataset';
import { buildTrainedModel } from '../../engine/export/trainedModel';
import { evaluate } from '../../engine/train/evaluate';
import type { TopK } from '../../engine/npas/superweights/ensembleMetrics';
import type { TrainedSource } from './trainedSource';

export interface EvaluationReport {
  /** What was evaluated, e.g. "Fashion-MNIST sample (test)". */
  dataset: string;
  count: number;
  loss: number;
  top1: number;
  top5: number;
  /** Ensembles: each member's accuracy (the fields above are the ensemble's). */
  members?: TopK[];
  /** Input adaptation and dataset notes. */
  notes: string[];
}

/** Evaluates `source` on `datasetPath` (default: the run's own test split, else validation). */
export async function evaluateModel(
  source: TrainedSource,
  options: { datasetPath?: string; batchSize?: number } = {},
): Promise<EvaluationReport> {
  const { dataset, notes } = await evaluationData(source, options.datasetPath);
  const trained = buildTrainedModel(source.plan, source.tensors);
  try {
    const result = await evaluate(
      trained.model,
      dataset,
      source.plan.normalisation,
      options.batchSize ?? source.plan.config.training.evalBatchSize,
    );
    return {
      dataset: dataset.name,
      count: result.count,
      loss: result.loss,
      top1: result.top1,
      top5: result.top5,
      ...(result.members ? { members: result.members } : {}),
      notes,
    };
  } finally {
    trained.dispose();
  }
}

async function evaluationData(
  source: TrainedSource,
  datasetPath: string | undefined,
): Promise<{ dataset: Dataset; notes: string[] }> {
  const prepared = source.prepared;
  if (!datasetPath && prepared) {
    const split = prepared.data.test ?? prepared.data.validation ?? prepared.data.train;
    return { dataset: split, notes: [...prepared.notes] };
  }
  const path = datasetPath ?? source.plan.config.dataset.path;
  const loaded = await loadDataset(path, {
    format: datasetPath ? 'auto' : source.plan.config.dataset.format,
  });
  const notes = [...loaded.notes];
  const { dataset, note } = adaptInput(loaded.test ?? loaded.train, source.plan.input);
  if (note) notes.push(note);
  if (!loaded.test) notes.push(`${path} has no test split: evaluated on its training images`);
  return { dataset, notes };
}
