// The layer registry: turns an architecture name ('wrn-28-10', 'resnet-20', 'mlp', 'cnn') plus
// class count and input shape into an Architecture (ssn.md §5), lists presets for the UI and
// parses input-shape text such as '32x32x3'.
import { ArchitectureError, ConfigError } from '../../contract/errors';
import { checkLimit, LIMITS } from '../../contract/limits';
import { buildCnn } from './cnn';
import { buildMlp } from './mlp';
import { buildResnet } from './resnet';
import type { Architecture, BuildOptions, InputShape } from './types';
import { buildWrn } from './wrn';

/** A named architecture the UI offers, with a one-line description. */
export interface ArchitecturePreset {
  name: string;
  description: string;
}

export const ARCHITECTURE_PRESETS: readonly ArchitecturePreset[] = [
  {
    name: 'wrn-28-10',
    description: 'Wide ResNet 28-10 (36.5M params at 100 classes), the SSN paper baseline',
  },
  { name: 'wrn-16-8', description: 'Wide ResNet 16-8 (11.0M params at 100 classes)' },
  { name: 'wrn-40-4', description: 'Wide ResNet 40-4 (9.0M params at 100 classes)' },
  {
    name: 'wrn-28-4',
    description: 'Wide ResNet 28-4 (5.9M params at 100 classes), a SuperWeights ensemble member',
  },
  {
    name: 'wrn-16-4',
    description: 'Wide ResNet 16-4 (2.8M params at 100 classes), small and quick',
  },
  {
    name: 'resnet-20',
    description: 'ResNet-20 for CIFAR (0.27M params), parameter-free shortcuts',
  },
  {
    name: 'resnet-32',
    description: 'ResNet-32 for CIFAR (0.46M params), parameter-free shortcuts',
  },
  {
    name: 'resnet-56',
    description: 'ResNet-56 for CIFAR (0.85M params), parameter-free shortcuts',
  },
  {
    name: 'cnn',
    description: 'Small 3-conv CNN for 28×28 grey images; trains in minutes on a CPU',
  },
  { name: 'mlp', description: 'Two-hidden-layer perceptron (256, 128), the fastest baseline' },
];

const VALID_FORMS =
  "'wrn-D-K' (D = 6n+4, K ≥ 1, e.g. wrn-28-10), 'resnet-D' or 'resnet-D-b' (D = 6n+2, e.g. resnet-20; " +
  "-b uses projection shortcuts), 'mlp', 'cnn'";

/** Builds the architecture called `name` for `options.classes` classes and `options.input`. */
export function buildArchitecture(name: string, options: BuildOptions): Architecture {
  checkBuildOptions(options);
  const key = name.trim().toLowerCase();
  const wrn = /^wrn-(\d+)-(\d+)$/.exec(key);
  if (wrn) return buildWrn(Number(wrn[1]), Number(wrn[2]), options);
  const resnet = /^resnet-(\d+)(-b)?$/.exec(key);
  if (resnet) return buildResnet(Number(resnet[1]), options, resnet[2] ? 'B' : 'A');
  if (key === 'mlp') return buildMlp(options);
  if (key === 'cnn') return buildCnn(options);
  throw new ArchitectureError(`unknown architecture '${name}': valid forms are ${VALID_FORMS}`);
}

/** Rejects class counts and input shapes no architecture can use. */
export function checkBuildOptions(options: BuildOptions): void {
  if (!Number.isInteger(options.classes) || options.classes < 1) {
    throw new ArchitectureError(
      `class count ${options.classes} is invalid: use a positive integer`,
    );
  }
  checkLimit('classes', options.classes, LIMITS.classes);
  const { height, width, channels } = options.input;
  for (const [field, value] of Object.entries({ height, width, channels })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new ArchitectureError(`input ${field} ${value} is invalid: use a positive integer`);
    }
    checkLimit(
      `input ${field}`,
      value,
      field === 'channels' ? LIMITS.inputChannels : LIMITS.inputSide,
    );
  }
}

/** Parses 'HxWxC' (also 'H×W×C', spaces allowed) into an InputShape. */
export function parseInputShape(text: string): InputShape {
  const parts = text.trim().split(/\s*[x×X]\s*/);
  const dims = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : NaN));
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ConfigError(
      `input shape '${text}' is invalid: write height x width x channels as positive integers, e.g. '32x32x3'`,
    );
  }
  const [height, width, channels] = dims;
  return { height, width, channels };
}

/** Formats an InputShape as 'HxWxC' (the inverse of parseInputShape). */
export function formatInputShape(input: InputShape): string {
  return `${input.height}x${input.width}x${input.channels}`;
}
