// The pack's engine snapshot: the pack model (communes, grids) and the engine's inputs, as read by SQL
// from the pack's tables (engine-inputs.ts), saved beside them when the pack is written. Opening a pack
// then needs neither DuckDB nor Parquet before the first map: the snapshot is read in milliseconds and
// DuckDB finishes starting afterwards (ENGINEERING.md: nothing but the engine's inputs on the critical path).
//
// A snapshot is only a faster way to the same inputs: it names the tables it was made from (their SHA-256
// in the manifest) and the version of the code that made it; when either differs, it is ignored and the
// inputs are read from the tables with DuckDB, as before.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeContainer, encodeContainer } from '../../common/typed-container';
import { GRIDS, OUTSIDE_GRID_CODES, type PackManifest } from '../../common/pack';
import { AGE_BANDS, SPECIALTIES } from '../engine/domain';
import { SITE_ROLE } from '../engine/model';
import { PATHOLOGIES } from '../engine/pathways';
import { loadEngineInputs, loadPackModel, MissingDataError, type LoadedEngineData, type PackModel } from './engine-inputs';
import { PackDb } from './pack-db';
import type { SqlDatabase } from './sql-database';

export const ENGINE_SNAPSHOT_FILE = 'moteur.tsbin';
/** Raise when loadPackModel or loadEngineInputs change what they read: older snapshots are then ignored. */
export const ENGINE_SNAPSHOT_VERSION = 2;
const KIND = 'territoire-sante/engine-snapshot';
/**
 * The code's lists the snapshot's arrays are laid out by (grids, age bands, specialties, site roles):
 * a snapshot written by a version of the application with other lists is stale even if nobody raised
 * ENGINE_SNAPSHOT_VERSION (packs imported by users outlive upgrades).
 */
const CODE_KEY = JSON.stringify([ENGINE_SNAPSHOT_VERSION, GRIDS.map((g) => g.id), OUTSIDE_GRID_CODES, AGE_BANDS, SPECIALTIES, SITE_ROLE, PATHOLOGIES]);

export interface EngineSnapshot {
  model: PackModel;
  /** Null when the pack has no health data (a reference pack): the map shows population only. */
  engine: LoadedEngineData | null;
}

/** SHA-256 of each table file the snapshot was made from, by table name: what makes it current. */
const tablesKey = (manifest: PackManifest) =>
  Object.entries(manifest.tables)
    .filter(([name]) => name !== 'geometrie')
    .map(([name, table]) => `${name}:${table.sha256}`)
    .sort()
    .join(',');

/** Reads the snapshot's contents with SQL from a pack whose tables are loaded in its database. */
export async function readEngineSnapshot(pack: PackDb): Promise<EngineSnapshot> {
  const model = await loadPackModel(pack);
  try {
    return { model, engine: await loadEngineInputs(pack, model) };
  } catch (error) {
    if (error instanceof MissingDataError) return { model, engine: null };
    throw error;
  }
}

/**
 * The snapshot file of a pack about to be written with `manifest` (its tables' SHA-256 are final).
 * The engine's arrays that repeat the model's (commune codes, grids, centroids) are written once.
 */
export function encodeEngineSnapshot(snapshot: EngineSnapshot, manifest: PackManifest): Uint8Array {
  let engine = null;
  if (snapshot.engine) {
    const { inputs, scoreInputs, ...rest } = snapshot.engine;
    const { communes: _communes, grids: _grids, lon: _lon, lat: _lat, ...ownInputs } = inputs;
    const { lon: _slon, lat: _slat, ...ownScores } = scoreInputs;
    engine = { ...rest, inputs: ownInputs, scoreInputs: ownScores };
  }
  return encodeContainer(KIND, { code: CODE_KEY, tables: tablesKey(manifest), model: snapshot.model, engine });
}

/**
 * The snapshot file of a pack whose tables are in `db` as its files hold them, about to be written with
 * `manifest`: its bytes, and the manifest entry that names it (every writer of packs calls this).
 */
export async function packEngineSnapshot(db: SqlDatabase, manifest: PackManifest): Promise<{ bytes: Uint8Array; entry: NonNullable<PackManifest['engineSnapshot']> }> {
  const bytes = encodeEngineSnapshot(await readEngineSnapshot(PackDb.over(db, manifest)), manifest);
  return { bytes, entry: { file: ENGINE_SNAPSHOT_FILE, sha256: bytesToHex(sha256(bytes)), version: ENGINE_SNAPSHOT_VERSION } };
}

/**
 * The snapshot of a pack, or null when it cannot be used: made by another version of this code, from
 * other tables than the manifest's, or unreadable (the caller then reads the tables with DuckDB). Its
 * SHA-256 (manifest.engineSnapshot) is not checked here: hashing 8 MB would cost the start-up what the
 * snapshot saves, and a truncated file is refused by the container's own checks.
 */
export function decodeEngineSnapshot(bytes: Uint8Array, manifest: PackManifest): EngineSnapshot | null {
  let document: { code: string; tables: string; model: PackModel; engine: (Omit<LoadedEngineData, 'inputs' | 'scoreInputs'> & { inputs: object; scoreInputs: object }) | null };
  try {
    document = decodeContainer(KIND, bytes) as typeof document;
  } catch {
    return null;
  }
  if (document.code !== CODE_KEY || document.tables !== tablesKey(manifest)) return null;
  const { model, engine } = document;
  const { codes, lon, lat } = model.communes;
  return {
    model,
    engine: engine && {
      ...engine,
      inputs: { ...engine.inputs, communes: codes, grids: model.grids, lon, lat } as LoadedEngineData['inputs'],
      scoreInputs: { ...engine.scoreInputs, lon, lat } as LoadedEngineData['scoreInputs'],
    },
  };
}
