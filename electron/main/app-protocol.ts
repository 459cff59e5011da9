// Maps app:// URLs to files of the built renderer. Pure (no Electron import) so that it is tested in Node.
import { extname, join, normalize, sep } from 'node:path';
import mimeTypes from '../../common/mime-types.json';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const MIME_TYPES: Record<string, string> = mimeTypes;

export const mimeTypeOf = (path: string): string => MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

/**
 * The file under `root` that an app:// URL designates, or null when the URL is not ours or would
 * escape the root (path traversal, encoded or not).
 */
export function resolveAppFile(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // Dot segments left after decoding were percent-encoded on purpose: refuse rather than fold them.
  if (pathname.includes('\0') || pathname.split(/[/\\]/).includes('..')) return null;
  const relativePath = normalize(pathname).replace(/^([/\\])+/, '');
  if (relativePath === '' || relativePath === '.') return null;
  const file = join(root, relativePath);
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}
