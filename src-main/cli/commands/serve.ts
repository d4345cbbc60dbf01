// `npas serve`: browser mode. Hosts the app's services (runs database, job queue, engine) over
// HTTP + WebSocket so the same UI runs in any browser: on 127.0.0.1 by default, or on another
// address with a token every request must carry. Runs until Ctrl+C, then lets the running job
// checkpoint before it exits.
import { join } from 'node:path';
import { ConfigError } from '../../contract/errors';
import { createAppService } from '../../services/appService';
import { defaultDataDir } from '../../services/dataDir';
import { SETTINGS_FILE, userSettingsFile } from '../../services/settings';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../../server/startServer';
import { defaultRendererDir, hasRenderer } from '../../server/staticFiles';
import { parseFlags } from '../flags';
import { serveToken } from './serveToken';

const HELP = `usage: npas serve [--host 127.0.0.1] [--port ${DEFAULT_PORT}] [--token-file F] [--data-dir D]

Serves NPAS Studio to a web browser. On 127.0.0.1 (the default) only this machine can connect.
Any other --host (e.g. 0.0.0.0 for a remote GPU box) requires a token: put it in a file only you
can read and pass --token-file F, or set NPAS_TOKEN; else one is generated and printed.
(--token T works too, but every user of the machine can read it with \`ps\`.) Open the printed URL
once: it carries ?token=..., which the server trades for a cookie and removes from the address.
Settings live in the data folder when --data-dir is given, else in
~/.config/npas-studio/settings.json.`;

const FLAGS = {
  host: { type: 'string', default: DEFAULT_HOST },
  port: { type: 'string', default: String(DEFAULT_PORT) },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function port(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) {
    throw new ConfigError(`--port must be an integer from 0 to 65535, got "${text}"`);
  }
  return value;
}

/** Resolves when the server has stopped (Ctrl+C or SIGTERM). */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const host = String(values.host);
  // Before anything is opened: a token file that cannot be read stops here (exit 2).
  const token = serveToken(values, process.env);
  const dataDir =
    typeof values['data-dir'] === 'string' ? values['data-dir'] : process.env.NPAS_DATA_DIR;
  const service = createAppService({
    appVersion: process.env.npm_package_version ?? '0.1.0',
    settingsFile: dataDir ? join(dataDir, SETTINGS_FILE) : userSettingsFile(),
    defaultDataDir: defaultDataDir(),
    dataDirOverride: dataDir,
  });
  if (service.problem) console.error(`npas serve: ${service.problem}`);
  let server;
  try {
    server = await startServer({
      service,
      host,
      port: port(String(values.port)),
      token,
    });
  } catch (error) {
    await service.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      throw new ConfigError(
        `cannot listen on ${host}:${String(values.port)} (${code}); choose another --host or --port`,
      );
    }
    throw error;
  }
  console.log(
    `NPAS Studio is serving ${service.dataDirPath ?? '(no data folder)'} at ${server.url}`,
  );
  if (server.tokenGenerated) console.log(`token (generated): ${server.token}`);
  if (!hasRenderer(defaultRendererDir())) {
    console.log('The interface is not built yet: run `npm run build`, then reload the page.');
  }
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log('npas serve: stopping (the running job checkpoints first)...');
  await server.close();
  await service.close();
  return 0;
}
