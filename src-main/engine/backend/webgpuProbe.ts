// Asks a short-lived child process which WebGPU adapter Dawn offers (issue 10). The ladder probes
// every rung in every process that initialises a backend; probing in-process would print Dawn's
// driver warnings (lavapipe prints two on every adapter request) into the CLI's and the app's
// stderr, and a crashing Vulkan driver would take the engine down with it. The child answers
// one JSON line; only the rung that is actually used opens Dawn in this process.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describeAdapterInfo, dawnFlags, type WebGpuAdapterInfo } from './webgpuAdapter';
import { WebGpuError } from './webgpuErrors';

/** What the child prints: the adapter's fields, or why there is none. */
interface ChildAnswer {
  loadError?: string;
  requestError?: string;
  adapter?: {
    info: Record<string, string | boolean | undefined>;
    isFallbackAdapter?: boolean;
    maxBufferSize: number;
  } | null;
}

// Runs as an ES module: argv[1] is the `webgpu` entry's URL, argv[2] Dawn's flags as JSON.
const CHILD = `
const say = (answer) => process.stdout.write(JSON.stringify(answer) + '\\n', () => process.exit(0));
let dawn;
try { dawn = await import(process.argv[1]); } catch (e) { say({ loadError: String(e && e.message || e) }); }
if (dawn) {
  try {
    const adapter = await dawn.create(JSON.parse(process.argv[2])).requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) say({ adapter: null });
    else {
      const i = adapter.info ?? {};
      say({ adapter: {
        info: { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter },
        isFallbackAdapter: adapter.isFallbackAdapter,
        maxBufferSize: adapter.limits.maxBufferSize,
      } });
    }
  } catch (e) { say({ requestError: String(e && e.message || e) }); }
}
`;

/** The adapter Dawn would give this process, found in a child; WebGpuError when there is none. */
export async function probeWebGpuAdapter(
  adapterName = process.env.NPAS_WEBGPU_ADAPTER,
  timeoutMs = 30_000,
): Promise<WebGpuAdapterInfo> {
  let entry: string;
  try {
    entry = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch (error) {
    throw dawnError(error instanceof Error ? error.message : String(error));
  }
  const answer = await new Promise<ChildAnswer>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', CHILD, entry, JSON.stringify(dawnFlags(adapterName))],
      // Electron's binary behaves as Node with this variable; plain Node ignores it.
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: timeoutMs },
      (error, stdout) => {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(line) as ChildAnswer);
        } catch {
          reject(
            dawnError(`the adapter probe ended without an answer (${error?.message ?? line})`),
          );
        }
      },
    );
  });
  if (answer.loadError !== undefined) throw dawnError(answer.loadError.split('\n')[0]);
  if (answer.requestError !== undefined) {
    throw new WebGpuError(
      'no-adapter',
      `no WebGPU adapter matches NPAS_WEBGPU_ADAPTER '${adapterName ?? ''}': ` +
        answer.requestError.replace(/\s*\n\s*/g, ' ').trim(),
    );
  }
  if (!answer.adapter) {
    throw new WebGpuError(
      'no-adapter',
      'no WebGPU adapter: Dawn found no Vulkan, Metal or Direct3D 12 device (on Linux without a ' +
        'GPU, Mesa ≥ 23 lavapipe gives a software one: mesa-vulkan-drivers from bookworm-backports)',
    );
  }
  const { info, isFallbackAdapter, maxBufferSize } = answer.adapter;
  return describeAdapterInfo({ info, isFallbackAdapter, limits: { maxBufferSize } });
}

function dawnError(detail: string): WebGpuError {
  return new WebGpuError(
    'dawn-unloadable',
    `Dawn for Node (the 'webgpu' package's dawn.node for ${process.platform}-${process.arch}) ` +
      `is missing or cannot load: ${detail}`,
  );
}
