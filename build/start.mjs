// `npm start`: launches the desktop app; without an Electron binary, tries Electron's own install
// step; when that cannot reach the network, serves the same renderer on 127.0.0.1 instead.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveWeb } from './serve-web.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Path of the Electron binary, or null when the npm package has none (download skipped or failed). */
function electronBinary() {
  try {
    // The electron package exports the binary path and throws when the binary is missing.
    return require('electron');
  } catch {
    return null;
  }
}

function tryElectronInstall() {
  console.log('Binaire Electron absent : tentative de téléchargement par l’installateur d’Electron…');
  const installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
  const result = spawnSync(process.execPath, [installer], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  // Keep the error line, not the stack frames (e.g. "RequestError: getaddrinfo ENOTFOUND github.com").
  const lines = `${result.stderr ?? ''}${result.stdout ?? ''}`.split('\n').map((l) => l.trim());
  const errorLine = lines.find((l) => /error|ENOTFOUND|ECONNREFUSED|EAI_AGAIN/i.test(l) && !l.startsWith('at ')) ?? '';
  return { ok: result.status === 0, detail: result.error?.message ?? errorLine };
}

let binary = electronBinary();
let reason = '';
if (!binary) {
  const attempt = tryElectronInstall();
  binary = attempt.ok ? electronBinary() : null;
  if (!binary) {
    reason =
      `Electron n’a pas pu être téléchargé (${attempt.detail || 'pas d’accès réseau'}) : ` +
      'l’application de bureau ne peut pas démarrer sur cette machine, le même renderer est servi en local.';
  }
}

if (binary) {
  const child = spawn(binary, [repoRoot], { stdio: 'inherit' });
  child.on('error', async (error) => {
    await serveWeb(`Electron n’a pas pu démarrer (${error.message}).`);
  });
  child.on('exit', (code) => {
    if (code !== null) process.exit(code);
  });
} else {
  await serveWeb(reason);
}
