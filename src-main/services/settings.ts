// The app's settings (data folder, backend for new runs, theme), persisted as one JSON file:
// in Electron's userData folder, else in the data folder (`npas serve --data-dir`) or
// ~/.config/npas-studio. Writes are atomic; a damaged file is set aside (never overwritten
// unread) and the defaults are used, with a note saying so.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { makeFolders } from './makeFolders';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { BACKEND_CHOICES, formatIssues } from '../contract/config';
import { ConfigError } from '../contract/errors';
import { THEMES, type AppSettings } from '../contract/wire';

export const SETTINGS_FILE = 'settings.json';

const fileSchema = z.object({
  dataDir: z.string().min(1).optional(),
  backend: z.enum(BACKEND_CHOICES).optional(),
  webgpuAdapter: z.string().max(200).optional(),
  theme: z.enum(THEMES).optional(),
});

/** What loading found: the settings and, when the file was damaged, what was done about it. */
export interface LoadedSettings {
  settings: AppSettings;
  warning: string | null;
}

/** ~/.config/npas-studio/settings.json (XDG_CONFIG_HOME honoured). */
export function userSettingsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config');
  return join(base, 'npas-studio', SETTINGS_FILE);
}

/** The defaults for a data folder. */
export function defaultSettings(dataDir: string): AppSettings {
  return { dataDir: resolve(dataDir), backend: 'auto', webgpuAdapter: '', theme: 'system' };
}

/** Reads `file`; a missing file gives the defaults, a damaged one is renamed aside. */
export function loadSettings(file: string, defaults: AppSettings): LoadedSettings {
  if (!existsSync(file)) return { settings: { ...defaults }, warning: null };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return {
      settings: { ...defaults },
      warning: `${file} cannot be read (${(error as Error).message}); using the defaults`,
    };
  }
  let problem: string;
  try {
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const saved = parsed.data;
      return {
        settings: {
          ...defaults,
          ...saved,
          dataDir: saved.dataDir ? resolve(saved.dataDir) : defaults.dataDir,
        },
        warning: null,
      };
    }
    problem = formatIssues(parsed.error.issues);
  } catch (error) {
    problem = `not JSON (${(error as Error).message})`;
  }
  const aside = `${file}.damaged-${Date.now()}`;
  try {
    renameSync(file, aside);
  } catch {
    return {
      settings: { ...defaults },
      warning: `${file} is damaged (${problem}); using the defaults`,
    };
  }
  return {
    settings: { ...defaults },
    warning: `${file} was damaged (${problem}); it was kept as ${aside} and the defaults are used`,
  };
}

/** Writes the settings atomically; a ConfigError names the file when it cannot be written. */
export function saveSettings(file: string, settings: AppSettings): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    makeFolders(dirname(file));
    writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new ConfigError(
      `the settings file ${file} cannot be written (${(error as Error).message}); the settings ` +
        'were not changed',
      { cause: error },
    );
  }
}
