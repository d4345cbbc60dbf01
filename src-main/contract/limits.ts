// Upper bounds on every input that sizes work (issue #9): network depth and width, design
// length, input shape, classes, budget, batch size, epochs, config file size and JSON nesting.
// One table, used by the zod schemas at every transport's edge, by the CLI's flag parser and by
// the architecture builders (defence in depth), so an oversized value is refused at once with a
// message naming the value and the limit instead of hanging or failing deep inside the engine.
// The limits sit far above real use: WRN-40-10, WRN-28-20, ResNet-1202, 224×224×3 inputs,
// ImageNet-22k's classes, batch 4096, 10k epochs.
import { ConfigError } from './errors';

export const LIMITS = {
  /** D of wrn-D-K. */
  wrnDepth: 1000,
  /** K of wrn-D-K (the widest layer has 64·K channels). */
  wrnWidth: 64,
  /** D of resnet-D. */
  resnetDepth: 1202,
  /** Layers in a user design (pools and flattens included). */
  designLayers: 256,
  /** Filters of a design conv, units of a design dense layer. */
  layerWidth: 65_536,
  /** Height and width of the network input; also a design's kernel and pool size. */
  inputSide: 4096,
  /** Channels of the network input. */
  inputChannels: 256,
  classes: 100_000,
  /** A budget in parameters, given or resolved from a percentage. */
  budgetParams: 1_000_000_000,
  /** A budget as a percentage of the unshared count (above 100% is SSN's high regime). */
  budgetPercent: 1000,
  /** Training and evaluation batch size. */
  batchSize: 65_536,
  epochs: 100_000,
  /** A config file is refused above this size before it is read. */
  configFileBytes: 4 * 1024 * 1024,
  /** Nesting of arrays and objects in a config (a real one nests 4 deep). */
  jsonDepth: 64,
} as const;

/** A value above one of LIMITS: names the value and the limit. */
export class LimitError extends ConfigError {
  readonly value: number | string;
  readonly limit: number;
  constructor(what: string, value: number | string, limit: number) {
    super(`${what} ${value} is over the limit of ${limit}`);
    this.value = value;
    this.limit = limit;
  }
}

/** Throws a LimitError when `value` exceeds `limit`. */
export function checkLimit(what: string, value: number, limit: number): void {
  if (value > limit) throw new LimitError(what, value, limit);
}

/** The message for an architecture name whose depth or width is over the limits, else null. */
export function archLimitIssue(name: string): string | null {
  const key = name.trim().toLowerCase();
  const wrn = /^wrn-(\d+)-(\d+)$/.exec(key);
  if (wrn) {
    if (Number(wrn[1]) > LIMITS.wrnDepth) {
      return `WRN depth ${wrn[1]} is over the limit of ${LIMITS.wrnDepth}`;
    }
    if (Number(wrn[2]) > LIMITS.wrnWidth) {
      return `WRN width ${wrn[2]} is over the limit of ${LIMITS.wrnWidth}`;
    }
  }
  const resnet = /^resnet-(\d+)(-b)?$/.exec(key);
  if (resnet && Number(resnet[1]) > LIMITS.resnetDepth) {
    return `ResNet depth ${resnet[1]} is over the limit of ${LIMITS.resnetDepth}`;
  }
  return null;
}

/** The message for an 'HxWxC' text whose sides or channels are over the limits, else null. */
export function inputLimitIssue(text: string): string | null {
  const dims = text.trim().split(/\s*[x×X]\s*/);
  if (dims.length !== 3) return null;
  const [height, width, channels] = dims;
  for (const [field, value, limit] of [
    ['height', height, LIMITS.inputSide],
    ['width', width, LIMITS.inputSide],
    ['channels', channels, LIMITS.inputChannels],
  ] as const) {
    if (Number(value) > limit) return `input ${field} ${value} is over the limit of ${limit}`;
  }
  return null;
}

/** The message for a budget over the limits (count or percentage), else null. */
export function budgetLimitIssue(budget: number | string): string | null {
  if (typeof budget === 'number') {
    return budget > LIMITS.budgetParams
      ? `budget ${budget} is over the limit of ${LIMITS.budgetParams} parameters`
      : null;
  }
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(budget.trim());
  if (percent && Number(percent[1]) > LIMITS.budgetPercent) {
    return `budget ${budget} is over the limit of ${LIMITS.budgetPercent}%`;
  }
  return null;
}

/**
 * The deepest nesting of arrays and objects in a JSON text, found by scanning it (strings
 * skipped) so that a hostile text is measured before JSON.parse recurses into it. Stops counting
 * once past `stopAbove`.
 */
export function jsonTextDepth(text: string, stopAbove = LIMITS.jsonDepth): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/**
 * The deepest nesting of arrays and objects in a parsed value, walked without recursion (a value
 * that arrived over IPC was never JSON text). Stops once past `stopAbove`.
 */
export function valueDepth(value: unknown, stopAbove = LIMITS.jsonDepth): number {
  let deepest = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value !== 'object' || item.value === null || seen.has(item.value)) continue;
    seen.add(item.value);
    const depth = item.depth + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > stopAbove) return deepest;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth });
  }
  return deepest;
}

/** The message for a value nested deeper than LIMITS.jsonDepth, else null. */
export function depthLimitIssue(value: unknown): string | null {
  return valueDepth(value) > LIMITS.jsonDepth ? nestingMessage() : null;
}

/** The depth is only counted to one past the limit: the message says "more than". */
export function nestingMessage(): string {
  return `nesting depth more than ${LIMITS.jsonDepth} is over the limit of ${LIMITS.jsonDepth}`;
}
