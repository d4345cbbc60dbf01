// One flag vocabulary for every `npas` command: flags map onto fields of the run configuration
// (src-main/contract/config.ts), a `--config file.json` or `--preset name` supplies the rest, and
// flags override the file. Parsing is strict: an unknown flag or a malformed value is a
// ConfigError that names it.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../contract/errors';
import type { RunConfigInput } from '../contract/config';
import { loadPreset } from '../services/presets';

/** Flags shared by train, inspect and bench. */
export const RUN_FLAGS = {
  config: { type: 'string' },
  preset: { type: 'string' },
  arch: { type: 'string' },
  classes: { type: 'string' },
  input: { type: 'string' },
  dataset: { type: 'string' },
  'dataset-format': { type: 'string' },
  method: { type: 'string' },
  budget: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  'max-steps': { type: 'string' },
  combiner: { type: 'string' },
  upsampler: { type: 'string' },
  groups: { type: 'string' },
  members: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export type FlagValues = Record<string, string | boolean | undefined>;

/** Parses argv strictly against `options`. */
export function parseFlags(
  argv: string[],
  options: ParseArgsConfig['options'],
): { values: FlagValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as FlagValues, positionals };
  } catch (error) {
    throw new ConfigError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text))
    throw new ConfigError(`--${flag} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new ConfigError(`--${flag} must be a number, got "${text}"`);
  }
  return value;
}

/** `--budget 500000`, `--budget 5e5`, `--budget 10%`. */
export function parseBudget(text: string): number | string {
  if (/^\d+(\.\d+)?%$/.test(text)) return text;
  const value = Number(text);
  if (!Number.isFinite(value) || !Number.isInteger(value)) {
    throw new ConfigError(
      `--budget must be a parameter count or a percentage like 10%, got "${text}"`,
    );
  }
  return value;
}

function readConfigFile(path: string): RunConfigInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`--config ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as RunConfigInput;
  } catch (error) {
    throw new ConfigError(`--config ${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** Builds a (not yet validated) run configuration from file/preset and flags; flags win. */
export function configFromFlags(values: FlagValues): RunConfigInput {
  const base: RunConfigInput = values.config
    ? readConfigFile(String(values.config))
    : values.preset
      ? loadPreset(String(values.preset))
      : {};
  const config = structuredClone(base) as Record<string, unknown> & RunConfigInput;
  const training = { ...(config.training ?? {}) } as Record<string, unknown>;
  const dataset = { ...(config.dataset ?? {}) } as Record<string, unknown>;
  const ssn = { ...(config.ssn ?? {}) } as Record<string, unknown>;
  const superweights = { ...(config.superweights ?? {}) } as Record<string, unknown>;
  const str = (key: string) =>
    typeof values[key] === 'string' ? (values[key] as string) : undefined;

  if (str('arch')) config.arch = str('arch');
  if (str('classes')) config.classes = integer('classes', str('classes')!);
  if (str('input')) config.input = str('input');
  if (str('method')) config.method = str('method') as RunConfigInput['method'];
  if (str('budget')) config.budget = parseBudget(str('budget')!);
  if (str('seed')) config.seed = integer('seed', str('seed')!);
  if (str('backend')) config.backend = str('backend') as RunConfigInput['backend'];
  if (str('dataset')) dataset.path = str('dataset');
  if (str('dataset-format')) dataset.format = str('dataset-format');
  if (str('epochs')) training.epochs = integer('epochs', str('epochs')!);
  if (str('batch-size')) training.batchSize = integer('batch-size', str('batch-size')!);
  if (str('lr')) training.lr = number('lr', str('lr')!);
  if (str('max-steps')) training.maxStepsPerEpoch = integer('max-steps', str('max-steps')!);
  if (str('combiner')) ssn.combiner = str('combiner');
  if (str('upsampler')) ssn.upsampler = str('upsampler');
  if (str('groups')) ssn.groups = str('groups');
  if (str('members')) superweights.members = str('members');

  return { ...config, training, dataset, ssn, superweights } as RunConfigInput;
}
