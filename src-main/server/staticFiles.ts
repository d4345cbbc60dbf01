// Serves the built renderer (out/renderer) to browsers: files under the folder only, content
// types for what a Vite build emits, index.html for unknown paths (the app routes itself), and
// /favicon.ico from the app icon in resources/ (browsers ask for it on every page).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resourcesDir } from '../services/resources';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** The checkout's out/renderer (where `npm run build` puts the renderer). */
export function defaultRendererDir(): string {
  return resolve(fileURLToPath(new URL('../../out/renderer', import.meta.url)));
}

/** Whether a built renderer exists in `dir`. */
export function hasRenderer(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

export interface StaticFile {
  status: number;
  type: string;
  body: Buffer | string;
}

/** The page shown when the renderer was never built. */
export function missingRendererPage(dir: string): StaticFile {
  return {
    status: 503,
    type: 'text/html; charset=utf-8',
    body:
      '<!doctype html><meta charset="utf-8"><title>NPAS Studio</title>' +
      `<p>The NPAS Studio interface is not built (no ${dir}/index.html).</p>` +
      '<p>Run <code>npm run build</code> in the NPAS Studio folder, then reload this page. ' +
      'The API at /api/&lt;method&gt; works meanwhile.</p>',
  };
}

/** The app icon for /favicon.ico, or null when neither the renderer nor resources/ holds one. */
function favicon(dir: string): StaticFile | null {
  for (const path of [join(dir, 'favicon.ico'), join(resourcesDir(), 'icon.ico')]) {
    if (existsSync(path)) return { status: 200, type: TYPES['.ico'], body: readFileSync(path) };
  }
  return null;
}

/** The file for a URL path under `dir`; unknown paths without an extension get index.html. */
export function staticFile(dir: string, urlPath: string): StaticFile {
  if (urlPath === '/favicon.ico') {
    const icon = favicon(dir);
    if (icon) return icon;
  }
  if (!hasRenderer(dir)) return missingRendererPage(dir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400, type: 'text/plain; charset=utf-8', body: 'malformed path' };
  }
  const root = resolve(dir);
  const target = resolve(join(root, normalize(decoded)));
  if (target !== root && !target.startsWith(root + sep)) {
    return { status: 403, type: 'text/plain; charset=utf-8', body: 'outside the app folder' };
  }
  const isFile = (() => {
    try {
      return statSync(target).isFile();
    } catch {
      return false;
    }
  })();
  if (isFile) {
    return {
      status: 200,
      type: TYPES[extname(target)] ?? 'application/octet-stream',
      body: readFileSync(target),
    };
  }
  if (extname(target))
    return { status: 404, type: 'text/plain; charset=utf-8', body: `${urlPath} not found` };
  return { status: 200, type: TYPES['.html'], body: readFileSync(join(root, 'index.html')) };
}
