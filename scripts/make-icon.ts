// Draws the app icon (a rounded tile holding a 4×4 grid of weight blocks, coloured by the
// sharing group each belongs to) and writes resources/icon.png (512×512), icon.ico (256×256
// PNG inside) and icon.icns (512 and 256 PNGs inside), the files electron-builder asks for.
// Run with `npx tsx scripts/make-icon.ts`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Rgb = [number, number, number];

const BACKGROUND_TOP: Rgb = [30, 41, 82];
const BACKGROUND_BOTTOM: Rgb = [17, 24, 48];
const GROUP_COLOURS: Rgb[] = [
  [94, 234, 212],
  [129, 140, 248],
  [251, 191, 36],
];
// Which group each block of the 4×4 grid shares: the picture of a layer→group map.
const GROUPS = [
  [0, 0, 1, 2],
  [0, 1, 1, 2],
  [1, 1, 2, 2],
  [0, 2, 2, 0],
];

/** Signed distance from (x, y) to a rounded rectangle (negative inside). */
function roundedRect(
  x: number,
  y: number,
  cx: number,
  cy: number,
  half: number,
  radius: number,
): number {
  const dx = Math.abs(x - cx) - (half - radius);
  const dy = Math.abs(y - cy) - (half - radius);
  const outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
  return outside + Math.min(Math.max(dx, dy), 0) - radius;
}

/** The colour and coverage of point (u, v) in [0, 1)². */
function shade(u: number, v: number): { rgb: Rgb; alpha: number } {
  if (roundedRect(u, v, 0.5, 0.5, 0.47, 0.1) > 0) return { rgb: [0, 0, 0], alpha: 0 };
  const cell = 0.17;
  const gap = 0.03;
  const origin = 0.5 - (4 * cell + 3 * gap) / 2;
  const col = Math.floor((u - origin) / (cell + gap));
  const row = Math.floor((v - origin) / (cell + gap));
  if (row >= 0 && row < 4 && col >= 0 && col < 4) {
    const cx = origin + col * (cell + gap) + cell / 2;
    const cy = origin + row * (cell + gap) + cell / 2;
    if (roundedRect(u, v, cx, cy, cell / 2, 0.03) <= 0)
      return { rgb: GROUP_COLOURS[GROUPS[row][col]], alpha: 1 };
  }
  const t = v;
  const rgb = BACKGROUND_TOP.map((c, i) => Math.round(c + (BACKGROUND_BOTTOM[i] - c) * t)) as Rgb;
  return { rgb, alpha: 1 };
}

/** Renders the icon at `size` pixels with 4×4 supersampling. */
export function drawIcon(size: number): PNG {
  const png = new PNG({ width: size, height: size });
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const { rgb, alpha } = shade(
            (x + (sx + 0.5) / samples) / size,
            (y + (sy + 0.5) / samples) / size,
          );
          r += rgb[0] * alpha;
          g += rgb[1] * alpha;
          b += rgb[2] * alpha;
          a += alpha;
        }
      }
      const i = (y * size + x) * 4;
      const n = samples * samples;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((255 * a) / n);
    }
  }
  return png;
}

/** A Windows .ico holding one PNG image (supported since Windows Vista). */
export function icoFromPng(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6); // 0 means 256
  header.writeUInt8(size >= 256 ? 0 : size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, png]);
}

/** A macOS .icns holding PNG images under their type codes (ic09 = 512, ic08 = 256). */
export function icnsFromPngs(images: { type: string; png: Buffer }[]): Buffer {
  const chunks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

function main(): void {
  const dir = join(import.meta.dirname, '..', 'resources');
  const big = PNG.sync.write(drawIcon(512));
  const small = PNG.sync.write(drawIcon(256));
  writeFileSync(join(dir, 'icon.png'), big);
  writeFileSync(join(dir, 'icon.ico'), icoFromPng(small, 256));
  writeFileSync(
    join(dir, 'icon.icns'),
    icnsFromPngs([
      { type: 'ic09', png: big },
      { type: 'ic08', png: small },
    ]),
  );
  console.log(`wrote icon.png, icon.ico and icon.icns to ${dir}`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) main();
