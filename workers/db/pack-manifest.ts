// Reading a pack's manifest.json: its `schemaVersion` is checked, older versions are migrated step by
// step to today's (PACK_SCHEMA_VERSION), newer ones are refused. Same pattern as the scenario files
// (workers/engine/scenario-migrations.ts): each step takes the JSON document of version n (untyped) and
// returns the document of version n + 1 with notes, in French, of what it changed.
//
// Adding version n + 1: append a step { from: n, to: n + 1 } below, raise PACK_SCHEMA_VERSION in
// common/pack.ts, make the writers produce it, and add its entry to docs/format-paquet.md.
import { PACK_SCHEMA_VERSION, type PackManifest } from '../../common/pack';

/** A pack that cannot be opened; the message is for users (French, names the pack, says what to do). */
export class PackFormatError extends Error {}

type JsonObject = Record<string, unknown>;

export interface PackMigrationStep {
  from: number;
  to: number;
  migrate(document: JsonObject): { document: JsonObject; notes: string[] };
}

export const PACK_MIGRATIONS: readonly PackMigrationStep[] = [
  {
    // Version 2 changed the encoding of the tables only (CSV → Parquet). Each table entry names its
    // file and the extension tells how to read it, so the CSV tables of a version 1 pack are read as
    // they are; the pack builder rewrites them as Parquet the next time the pack is written.
    from: 1,
    to: 2,
    migrate(document) {
      return {
        document: { ...document, schemaVersion: 2 },
        notes: ['Tables au format CSV (version 1) : lues telles quelles, réécrites en Parquet à la prochaine mise à jour du paquet.'],
      };
    },
  },
];

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses manifest.json (bytes as read from the pack) into today's manifest. `notes` say, in French,
 * what a migration changed (empty for a current pack). Throws PackFormatError for a manifest that is not
 * JSON, has no valid `schemaVersion` or `tables`, or was written by a newer version of the application.
 */
export function parsePackManifest(bytes: Uint8Array): { manifest: PackManifest; notes: string[] } {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new PackFormatError(
      `Paquet de données illisible : son fichier manifest.json n’est pas du JSON valide (${(error as Error).message}). Recopiez le dossier du paquet ou réimportez ses sources.`,
    );
  }
  if (!isObject(document)) throw new PackFormatError('Paquet de données illisible : son fichier manifest.json ne décrit pas un paquet. Recopiez le dossier du paquet ou réimportez ses sources.');
  const id = typeof document.id === 'string' ? document.id : '(sans identifiant)';
  const version = document.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new PackFormatError(`Paquet « ${id} » : numéro de format (schemaVersion) absent ou invalide dans manifest.json. Recopiez le dossier du paquet ou réimportez ses sources.`);
  }
  if (version > PACK_SCHEMA_VERSION) {
    throw new PackFormatError(
      `Paquet « ${id} » créé par une version plus récente de Territoire Santé (format ${version} ; cette version lit les formats 1 à ${PACK_SCHEMA_VERSION}) : mettez l’application à jour pour l’ouvrir.`,
    );
  }
  let current: JsonObject = document;
  const notes: string[] = [];
  for (let from = version; from < PACK_SCHEMA_VERSION; from += 1) {
    const step = PACK_MIGRATIONS.find((s) => s.from === from);
    if (!step || step.to !== from + 1) throw new Error(`Migration de paquet manquante de la version ${from} à la version ${from + 1}.`);
    const result = step.migrate(current);
    current = result.document;
    notes.push(`Paquet « ${id} » migré de la version ${step.from} à la version ${step.to}.`, ...result.notes);
  }
  if (!isObject(current.tables)) throw new PackFormatError(`Paquet « ${id} » : manifest.json ne liste pas ses tables. Recopiez le dossier du paquet ou réimportez ses sources.`);
  return { manifest: current as unknown as PackManifest, notes };
}
