// Where the CLI finds packs when none is given.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The embedded demo pack, generated at build time (see README). */
export const DEMO_PACK_FOLDER = join(repoRoot, 'resources', 'generated', 'packs', 'demo');

export function defaultPackFolder(): string {
  if (!existsSync(join(DEMO_PACK_FOLDER, 'manifest.json'))) {
    throw new CliError(
      'Aucun paquet de démonstration n’est disponible dans cette version : indiquez un paquet avec --pack <dossier>.',
    );
  }
  return DEMO_PACK_FOLDER;
}
