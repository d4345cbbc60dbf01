// One flag vocabulary for every `npas` command: flags map onto fields of the run configuration
// (src-main/contract/config.ts), a `--config file.json` or `--preset name` supplies the rest, and
// flags override the file. Parsing is strict: an unknown flag, an empty or malformed value, or a
// value over one of contract/limits.ts's limits is a ConfigError that names it (exit code 2).
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../contract/errors';
import {
  archLimitIssue,
  budgetLimitIssue,
  inputLimitIssue,
  jsonTextDepth,
  LIMITS,
  LimitError,
  nestingMessage,
} from '../contract/limits';
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

/** Parses argv strictly against `options`; a flag given an empty value is an error. */
export function parseFlags(
  argv: string[],
  options: ParseArgsConfig['options'],
): { values: FlagValues; positionals: string[] } {
  let parsed: { values: FlagValues; positionals: string[] };
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
    parsed = { values: values as FlagValues, positionals };
  } catch (error) {
    throw new ConfigError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  // `--budget=` or `--arch ''` would otherwise be skipped as "not given" and train something
  // other than what was asked.
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string' && value.trim() === '') {
      throw new ConfigError(`--${name} needs a value, got an empty one`);
    }
  }
  return parsed;
}

/** Limits of the integer flags, from contract/limits.ts. */
const INTEGER_LIMITS: Record<string, number> = {
  classes: LIMITS.classes,
  epochs: LIMITS.epochs,
  'batch-size': LIMITS.batchSize,
};

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text))
    throw new ConfigError(`--${flag} must be a non-negative integer, got "${text}"`);
  const limit = INTEGER_LIMITS[flag];
  if (limit !== undefined && Number(text) > limit) throw new LimitError(`--${flag}`, text, limit);
  return Number(text);
}

/** Throws a ConfigError naming the flag when a limits.ts check finds an issue. */
function checkIssue(flag: string, issue: string | null): void {
  if (issue) throw new ConfigError(`--${flag}: ${issue}`);
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
  if (/^\d+(\.\d+)?%$/.test(text)) {
    checkIssue('budget', budgetLimitIssue(text));
    return text;
  }
  const value = Number(text);
  if (!Number.isFinite(value) || !Number.isInteger(value)) {
    throw new ConfigError(
      `--budget must be a parameter count or a percentage like 10%, got "${text}"`,
    );
  }
  checkIssue('budget', budgetLimitIssue(value));
  return value;
}

/**
 * Reads a config file of at most LIMITS.configFileBytes. The size is checked on the open file
 * before reading, and the read itself stops one byte past the limit, so /dev/zero, a FIFO or a
 * file that grows cannot make it read for ever.
 */
function readConfigText(path: string): string {
  let fd: number;
  try {
    // Stat before opening: opening a FIFO blocks until something writes to it.
    if (!statSync(path).isFile()) throw new ConfigError(`--config ${path} is not a regular file`);
    fd = openSync(path, 'r');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`--config ${path}: ${(error as Error).message}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new ConfigError(`--config ${path} is not a regular file`);
    }
    if (stats.size > LIMITS.configFileBytes) {
      throw new LimitError(`--config ${path} size`, `${stats.size} bytes`, LIMITS.configFileBytes);
    }
    const buffer = Buffer.alloc(LIMITS.configFileBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > LIMITS.configFileBytes) {
        throw new LimitError(
          `--config ${path} size`,
          `more than ${LIMITS.configFileBytes} bytes`,
          LIMITS.configFileBytes,
        );
      }
    }
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`--config ${path}: ${(error as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

function readConfigFile(path: string): RunConfigInput {
  const text = readConfigText(path);
  // Measured before parsing: JSON.parse and structuredClone recurse into deep nesting.
  if (jsonTextDepth(text) > LIMITS.jsonDepth) {
    throw new ConfigError(`--config ${path}: ${nestingMessage()}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--config ${path}: not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(
      `--config ${path}: a run configuration is a JSON object, got ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed).slice(0, 40)}`,
    );
  }
  return parsed as RunConfigInput;
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

  if (str('arch')) {
    checkIssue('arch', archLimitIssue(str('arch')!));
    config.arch = str('arch');
  }
  if (str('classes')) config.classes = integer('classes', str('classes')!);
  if (str('input')) {
    checkIssue('input', inputLimitIssue(str('input')!));
    config.input = str('input');
  }
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
