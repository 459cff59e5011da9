// `npm run web`: serves the built renderer on 127.0.0.1 (browser mode).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';

export const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'renderer');

/** @param {string} [reason] why the app is served in a browser instead of Electron */
export async function serveWeb(reason) {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error('Erreur : le renderer n’est pas construit (out/renderer). Lancez « npm run build ».');
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 4173);
  const { url } = await startStaticServer(rendererDir, { port });
  if (reason) console.log(reason);
  console.log(`Territoire Santé (mode navigateur) : ouvrez ${url} dans Chromium, Chrome, Edge ou Firefox.`);
  console.log('Arrêt : Ctrl+C.');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await serveWeb();
}
