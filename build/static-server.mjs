// Minimal static file server for the built renderer (web mode and end-to-end tests).
// It adds nothing special (no COOP/COEP headers): the renderer must run on any static server.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import mimeTypes from '../common/mime-types.json' with { type: 'json' };

/** @type {Record<string, string>} */
const MIME_TYPES = mimeTypes;

/**
 * Serves `root` on 127.0.0.1. Resolves with the server and its base URL.
 * @param {string} root
 * @param {{ port?: number }} [options] port 0 picks a free port
 * @returns {Promise<{ server: import('node:http').Server, url: string }>}
 */
export function startStaticServer(root, { port = 0 } = {}) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    try {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      let file = normalize(join(base, pathname));
      if (file !== base && !file.startsWith(base + sep)) throw new Error('outside root');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const info = await stat(file);
      response.writeHead(200, {
        'content-type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': info.size,
      });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Introuvable');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolvePromise({ server, url: `http://127.0.0.1:${actualPort}/` });
    });
  });
}
