// Named run configurations shipped in resources/presets (quickstart, the reference CIFAR recipe).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../contract/errors';
import type { RunConfigInput } from '../contract/config';
import { resourcesDir } from './resources';

/** Names of the bundled presets. */
export function listPresets(): string[] {
  const dir = join(resourcesDir(), 'presets');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Reads a bundled preset by name. */
export function loadPreset(name: string): RunConfigInput {
  const available = listPresets();
  if (!available.includes(name)) {
    throw new ConfigError(`unknown preset "${name}"; available: ${available.join(', ') || 'none'}`);
  }
  return JSON.parse(readFileSync(join(resourcesDir(), 'presets', `${name}.json`), 'utf8'));
}
