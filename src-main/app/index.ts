// Electron main-process entry: single instance, one hardened window (see security.ts), the
// AppApi bound to IPC with its events forwarded to the window, the data folder and settings in
// userData, the job queue started, and a clean shutdown (the running job checkpoints first).
import { app, BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { createAppService, type AppService } from '../services/appService';
import { SETTINGS_FILE } from '../services/settings';
import { bindAppApi, forwardEvents } from './ipc';
import { electronNativeBinding } from './nativeBinding';
import { lockDownContents, lockDownSession, secureWebPreferences } from './security';

// A packaged app keeps the sample data and presets beside its code (electron-builder's
// extraResources); the services find them through this variable.
if (app.isPackaged && !process.env.NPAS_RESOURCES_DIR) {
  process.env.NPAS_RESOURCES_DIR = join(process.resourcesPath, 'resources');
}

function createWindow(service: AppService): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'NPAS Studio',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  lockDownContents(window.webContents, (url) => void shell.openExternal(url));
  forwardEvents(service, window.webContents);
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

function startService(): AppService {
  const userData = app.getPath('userData');
  return createAppService({
    appVersion: app.getVersion(),
    settingsFile: join(userData, SETTINGS_FILE),
    defaultDataDir: userData,
    nativeBinding: electronNativeBinding({ appRoot: app.getAppPath(), packaged: app.isPackaged }),
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let service: AppService | null = null;
  let closing = false;
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  void app.whenReady().then(() => {
    lockDownSession(session.defaultSession);
    const started = startService();
    service = started;
    if (started.problem) console.error(`NPAS Studio: ${started.problem}`);
    bindAppApi(started);
    createWindow(started);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow(started);
    });
  });
  // Let the running job checkpoint and the database close before the process ends.
  app.on('before-quit', (event) => {
    if (!service || closing) return;
    event.preventDefault();
    closing = true;
    service
      .close()
      .catch((error: unknown) => console.error('NPAS Studio: shutdown failed:', error))
      .finally(() => {
        service = null;
        app.quit();
      });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
