// Exporting a chart as PNG or SVG: SVG charts serialise themselves (colours that follow the
// theme are resolved first, since a saved file has no stylesheet) and are drawn onto a canvas for
// PNG; canvas charts (uPlot) give PNG directly and build an SVG of the same series elsewhere.
import { downloadText, downloadUrl } from '../../lib/download';

/** Serialises an on-screen SVG as a standalone file: currentColor and CSS variables resolved. */
export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const color = getComputedStyle(svg).color || '#1c2230';
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const { width, height } = svg.viewBox.baseVal ?? { width: 0, height: 0 };
  if (!clone.getAttribute('width') && width) clone.setAttribute('width', String(width));
  if (!clone.getAttribute('height') && height) clone.setAttribute('height', String(height));
  const text = new XMLSerializer().serializeToString(clone);
  return text.replace(/currentColor/g, color);
}

/** Draws SVG text onto a canvas of its size (over `background`) and returns a PNG data URL. */
export function svgToPng(svgText: string, width: number, height: number, background = '#ffffff') {
  return new Promise<string>((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      const ctx = canvas.getContext('2d');
      if (!ctx) return reject(new Error('this browser cannot draw on a canvas'));
      ctx.scale(ratio, ratio);
      ctx.fillStyle = background;
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(image, 0, 0, width, height);
      resolve(canvas.toDataURL('image/png'));
    };
    image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  });
}

/** A canvas chart as PNG, flattened over `background` (uPlot leaves it transparent). */
export function canvasToPng(source: HTMLCanvasElement, background = '#ffffff'): string {
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0);
  return canvas.toDataURL('image/png');
}

/** A file name for an exported chart: npas-<chart>-<date>.<ext>. */
export function chartFileName(chart: string, extension: 'png' | 'svg'): string {
  return `npas-${chart}-${new Date().toISOString().slice(0, 10)}.${extension}`;
}

/** Saves an SVG chart element as .svg or .png. */
export async function exportSvgChart(svg: SVGSVGElement, chart: string, format: 'png' | 'svg') {
  const text = serializeSvg(svg);
  if (format === 'svg') return downloadText(text, chartFileName(chart, 'svg'), 'image/svg+xml');
  const box = svg.viewBox.baseVal;
  const url = await svgToPng(text, box?.width || svg.clientWidth, box?.height || svg.clientHeight);
  downloadUrl(url, chartFileName(chart, 'png'));
}
