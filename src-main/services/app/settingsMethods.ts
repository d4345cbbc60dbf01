// The Settings part of the AppApi: the saved settings, the view the Settings screen shows, and
// updates, which switch the data folder when they name another one (the folder is opened before
// the settings are saved, so an unusable folder changes nothing).
import { resolve } from 'node:path';
import type { AppApi } from '../../contract/appApi';
import type { AppSettings, SettingsView } from '../../contract/wire';
import { saveSettings } from '../settings';
import type { DataFolderSession } from './dataFolderSession';
import type { EventHub } from './eventHub';

export interface SettingsOptions {
  /** The settings JSON file. */
  settingsFile: string;
  /** Use this data folder for this session, whatever the settings say. */
  dataDirOverride?: string;
}

export interface SettingsDomain {
  /** The settings as saved (the backend for new runs comes from here). */
  current(): AppSettings;
  methods: Pick<AppApi, 'getSettings' | 'updateSettings'>;
}

export function createSettingsDomain(
  options: SettingsOptions,
  defaults: AppSettings,
  loaded: AppSettings,
  session: DataFolderSession,
  events: EventHub,
): SettingsDomain {
  let saved = loaded;
  const view = (): SettingsView => ({
    ...saved,
    dataDir: session.active,
    defaultDataDir: defaults.dataDir,
    settingsFile: options.settingsFile,
    dataDirError: session.context ? null : session.problem,
  });
  return {
    current: () => saved,
    methods: {
      async getSettings() {
        return view();
      },
      async updateSettings(patch) {
        const next: AppSettings = { ...saved, ...patch };
        const target = patch.dataDir ? resolve(patch.dataDir) : null;
        if (target && (target !== session.active || !session.context)) {
          next.dataDir = target;
          await session.switchTo(target, () => saveSettings(options.settingsFile, next));
        } else {
          if (target) next.dataDir = target;
          else if (options.dataDirOverride === undefined) next.dataDir = saved.dataDir;
          saveSettings(options.settingsFile, next);
        }
        saved = next;
        const settings = view();
        events.emit({ name: 'settings.changed', payload: settings });
        return settings;
      },
    },
  };
}
