// Saving a file from the renderer: a Blob behind an object URL (or a data URL) and a temporary
// <a download> click. Works in Electron and in a browser alike.

/** Offers `url` for download as `filename`. */
export function downloadUrl(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** Offers `content` for download as `filename`. */
export function downloadBlob(content: Blob, filename: string): void {
  const url = URL.createObjectURL(content);
  try {
    downloadUrl(url, filename);
  } finally {
    // Revoke after the click has been handled; revoking at once can cancel the download.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** Offers text (CSV, SVG, JSON) for download. */
export function downloadText(text: string, filename: string, type: string): void {
  downloadBlob(new Blob([text], { type }), filename);
}
