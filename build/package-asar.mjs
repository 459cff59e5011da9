// Builds dist/app.asar from the build output as electron-builder packs it (files of electron-builder.yml),
// to check and measure the package where no Electron binary can be downloaded.
import { cpSync, mkdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asar from '@electron/asar';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, 'dist', 'asar-stage');
export const asarPath = join(root, 'dist', 'app.asar');

/** @returns {Promise<number>} size of app.asar in bytes */
export async function packageAsar() {
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  cpSync(join(root, 'out'), join(stage, 'out'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Runtime dependencies are installed by electron-builder on the release machine; here only the app.
  writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: pkg.name, productName: pkg.productName, version: pkg.version, main: pkg.main, type: pkg.type }, null, 2));
  await asar.createPackage(stage, asarPath);
  rmSync(stage, { recursive: true, force: true });
  return statSync(asarPath).size;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await packageAsar();
  console.log(`dist/app.asar : ${(bytes / 1e6).toFixed(1)} Mo`);
}
