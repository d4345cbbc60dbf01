// The browser mode's static files: /favicon.ico is the app icon from resources/ (a browser asks
// for it on every page; before, it answered 404 and the console showed an error), unless the
// built renderer holds its own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staticFile } from '../../../src-main/server/staticFiles';
import { resourcesDir } from '../../../src-main/services/resources';

const folders: string[] = [];
function rendererDir(files: Record<string, string> = { 'index.html': '<!doctype html>' }) {
  const dir = mkdtempSync(join(tmpdir(), 'npas-static-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));

describe('staticFile', () => {
  it('answers /favicon.ico with the app icon from resources/', () => {
    const file = staticFile(rendererDir(), '/favicon.ico');
    expect(file.status).toBe(200);
    expect(file.type).toBe('image/x-icon');
    expect(Buffer.from(file.body).equals(readFileSync(join(resourcesDir(), 'icon.ico')))).toBe(
      true,
    );
  });

  it('answers /favicon.ico even before the renderer is built', () => {
    const file = staticFile(rendererDir({}), '/favicon.ico');
    expect(file.status).toBe(200);
    expect(file.type).toBe('image/x-icon');
  });

  it('prefers a favicon.ico the built renderer holds', () => {
    const file = staticFile(
      rendererDir({ 'index.html': '<!doctype html>', 'favicon.ico': 'own icon' }),
      '/favicon.ico',
    );
    expect(String(file.body)).toBe('own icon');
  });

  it('still answers 404 for other missing files', () => {
    expect(staticFile(rendererDir(), '/missing.png').status).toBe(404);
  });
});
