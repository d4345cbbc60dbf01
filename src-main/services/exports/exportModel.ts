// `npas export` and the app's Export model: materialise a trained network (every member, or the
// members asked for) and write it as ONNX, safetensors, a TF.js LayersModel or the compact NPAS
// form. An existing output is refused unless `force`; the result reports the file sizes of the
// compact and the materialised forms, the ratio the method is about.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../../contract/errors';
import { encodeCheckpoint } from '../../engine/train/checkpoint';
import { buildLayersModel } from '../../engine/export/layersModel';
import { onnxModel } from '../../engine/export/onnxGraph';
import {
  materialiseNetwork,
  plainParameterCount,
  type PlainNetwork,
} from '../../engine/export/plainNetwork';
import { encodeSafetensors } from '../../engine/export/safetensors';
import { torchStateDict } from '../../engine/export/torchNames';
import {
  buildTrainedModel,
  checkMembers,
  type TrainedModelPlan,
} from '../../engine/export/trainedModel';
import { tf } from '../../engine/tf';
import { encodeOnnx } from './encodeOnnx';
import { COMPACT_SUFFIX, type TrainedSource } from './trainedSource';

export const EXPORT_FORMATS = ['onnx', 'safetensors', 'tfjs', 'npas'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const SUFFIX: Record<ExportFormat, string> = {
  onnx: '.onnx',
  safetensors: '.safetensors',
  tfjs: '-tfjs',
  npas: COMPACT_SUFFIX,
};

export interface ExportOptions {
  format: string;
  /** Members to export (default: all); `--member K` is [K], `--subset 0,2` is [0, 2]. */
  members?: number[];
  /** File (or, for tfjs, folder) to write; default: `<run>-<members><suffix>` in `outDir`. */
  out?: string;
  outDir?: string;
  force?: boolean;
  producerVersion?: string;
}

export interface ExportResult {
  format: ExportFormat;
  path: string;
  /** Bytes written (all files of a TF.js folder). */
  bytes: number;
  members: number[];
  /** Float32 numbers of the materialised network(s) and of the compact form. */
  materialisedParams: number;
  compactParams: number;
  /** Bytes of the compact form of the same network(s) (what `--format npas` writes). */
  compactBytes: number;
}

/** Checks the format name, naming the valid ones. */
export function checkFormat(format: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ConfigError(`unknown export format "${format}"; valid: ${EXPORT_FORMATS.join(', ')}`);
  }
  return format as ExportFormat;
}

/** Writes the export; refuses an existing output unless `force`. */
export async function exportModel(
  source: TrainedSource,
  options: ExportOptions,
): Promise<ExportResult> {
  const format = checkFormat(options.format);
  const trained = buildTrainedModel(source.plan, source.tensors);
  try {
    const members = checkMembers(
      options.members ?? trained.members.map((_, m) => m),
      trained.members.length,
    );
    const tag = members.length === trained.members.length ? '' : `-m${members.join('_')}`;
    const stem = source.plan.runId ?? basename(source.label).replace(/\.[^.]*$/, '');
    const path = options.out ?? join(options.outDir ?? '.', `${stem}${tag}${SUFFIX[format]}`);
    if (existsSync(path)) {
      if (!options.force) throw new ConfigError(`${path} exists; pass --force to replace it`);
      rmSync(path, { recursive: true, force: true });
    }
    const nets: PlainNetwork[] = [];
    for (const m of members) nets.push(await materialiseNetwork(trained.members[m]));
    const compact = compactBytes(source.plan, source.tensors);
    mkdirSync(dirname(path), { recursive: true });
    const bytes = await write(format, path, nets, source, compact, options.producerVersion);
    const compactParams = source.tensors.reduce((s, t) => s + t.values.length, 0);
    return {
      format,
      path,
      bytes,
      members,
      materialisedParams: nets.reduce((s, n) => s + plainParameterCount(n), 0),
      compactParams,
      compactBytes: compact.length,
    };
  } finally {
    trained.dispose();
  }
}

/** The compact NPAS form: the network's own tensors plus the JSON plan. */
export function compactBytes(
  plan: TrainedModelPlan,
  tensors: TrainedSource['tensors'],
): Uint8Array {
  return encodeCheckpoint({ tensors: [...tensors], state: { plan } });
}

function metadata(source: TrainedSource, nets: readonly PlainNetwork[]): Record<string, string> {
  const { plan } = source;
  return {
    run_id: plan.runId ?? '',
    class_names: JSON.stringify(plan.classNames),
    architecture: nets.map((n) => n.arch.name).join(','),
    method: plan.config.method,
    normalisation: JSON.stringify(plan.normalisation),
  };
}

async function write(
  format: ExportFormat,
  path: string,
  nets: PlainNetwork[],
  source: TrainedSource,
  compact: Uint8Array,
  producerVersion: string | undefined,
): Promise<number> {
  switch (format) {
    case 'npas':
      writeFileSync(path, compact);
      return compact.length;
    case 'onnx': {
      const bytes = encodeOnnx(
        onnxModel(nets, {
          normalisation: source.plan.normalisation,
          metadata: metadata(source, nets),
          producerVersion: producerVersion ?? 'unknown',
        }),
      );
      writeFileSync(path, bytes);
      return bytes.length;
    }
    case 'safetensors': {
      const tensors = nets.flatMap((net, m) =>
        torchStateDict(net, nets.length === 1 ? '' : `member${m}.`),
      );
      const bytes = encodeSafetensors(tensors, { ...metadata(source, nets), format: 'pt' });
      writeFileSync(path, bytes);
      return bytes.length;
    }
    case 'tfjs':
      return writeLayersModel(path, nets, source);
  }
}

async function writeLayersModel(
  folder: string,
  nets: PlainNetwork[],
  source: TrainedSource,
): Promise<number> {
  const model = buildLayersModel(nets, source.plan.normalisation);
  try {
    mkdirSync(folder, { recursive: true });
    let total = 0;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
        const json = JSON.stringify({
          format: 'layers-model',
          generatedBy: 'NPAS Studio',
          convertedBy: null,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
          userDefinedMetadata: metadata(source, nets),
        });
        writeFileSync(join(folder, 'model.json'), json);
        writeFileSync(join(folder, 'weights.bin'), weights);
        total = statSync(join(folder, 'model.json')).size + weights.length;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    return total;
  } finally {
    model.dispose();
  }
}
