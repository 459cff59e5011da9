// Where the CLI finds packs when none is given.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const GENERATED_DIR = join(repoRoot, 'resources', 'generated');
export const REFERENCE_PACK_FOLDER = join(GENERATED_DIR, 'packs', 'reference-cog2025');
export const REFERENCE_TABLES_FOLDER = join(GENERATED_DIR, 'reference');

/** The embedded demo pack, generated at build time (see README). */
export const DEMO_PACK_FOLDER = join(GENERATED_DIR, 'packs', 'demo');

/**
 * Builds the resources derived from ../shared/data (reference and demo packs) when they are missing:
 * the CLI works on a clean clone after `npm ci`. Progress goes to stderr; stdout stays clean.
 */
function prepareResources(): void {
  const script = join(repoRoot, 'build', 'prepare-resources.ts');
  if (!existsSync(script)) return;
  process.stderr.write('Préparation des ressources (première utilisation, environ une minute)…\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new CliError('La préparation des ressources a échoué (voir le message ci-dessus).');
}

export function defaultPackFolder(): string {
  if (!existsSync(join(DEMO_PACK_FOLDER, 'manifest.json'))) prepareResources();
  if (!existsSync(join(DEMO_PACK_FOLDER, 'manifest.json'))) {
    throw new CliError('Aucun paquet de démonstration n’est disponible : indiquez un paquet avec --pack <dossier>.');
  }
  return DEMO_PACK_FOLDER;
}

export function requireGeneratedResources(): void {
  if (!existsSync(join(REFERENCE_PACK_FOLDER, 'manifest.json'))) prepareResources();
  if (!existsSync(join(REFERENCE_PACK_FOLDER, 'manifest.json')) || !existsSync(join(REFERENCE_TABLES_FOLDER, 'specialites.csv'))) {
    throw new CliError('Ressources de référence absentes (resources/generated) : lancez « npm run prepare-resources ».');
  }
}
