/**
 * Saves text as a file through the browser's own download: a Blob, an object URL and a
 * temporary <a download>. The URL is revoked once the download has had time to start, so the
 * exported log does not stay in memory.
 */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
