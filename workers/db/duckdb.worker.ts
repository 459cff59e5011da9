// Module worker hosting duckdb-wasm (eh bundle, assets bundled by Vite: no CDN, no extension
// download) behind comlink. The page never runs SQL on its main thread.
import * as duckdb from '@duckdb/duckdb-wasm';
import duckdbWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import duckdbWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import * as Comlink from 'comlink';
import type { GridId } from '../../common/pack';
import { createWasmSqlDatabase } from './duckdb-wasm-database';
import { PackDb } from './pack-db';

let pack: PackDb | undefined;

function requirePack(): PackDb {
  if (!pack) throw new Error("Aucun paquet de données n'est chargé.");
  return pack;
}

async function fetchBytes(url: URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Fichier du paquet introuvable : ${url.pathname} (HTTP ${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}

const api = {
  /** Starts DuckDB and loads the pack found at `packUrl` (a folder URL ending with '/'). */
  async openPack(packUrl: string, featureCodes: string[]) {
    const startedAt = performance.now();
    const worker = new Worker(duckdbWorkerUrl);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(duckdbWasmUrl);
    await db.open({ query: { castBigIntToDouble: true } });
    const sql = await createWasmSqlDatabase(db, await db.connect());
    pack = await PackDb.load(sql, (name) => fetchBytes(new URL(name, packUrl)));
    await pack.setFeatureOrder(featureCodes);
    const communes = await pack.communeAttributes();
    const version = await db.getVersion();
    return Comlink.transfer(
      { manifest: pack.manifest, communes, duckdbVersion: version, loadMs: performance.now() - startedAt },
      [communes.population.buffer, communes.unknown.buffer],
    );
  },
  async gridCells(grid: GridId) {
    const cells = await requirePack().gridCells(grid);
    return Comlink.transfer(cells, [cells.population.buffer, cells.communeCount.buffer, cells.outside.buffer, cells.cellOfCommune.buffer]);
  },
  territoryPopulation(grid: GridId, code: string) {
    return requirePack().territoryPopulation(grid, code);
  },
};

export type DbWorkerApi = typeof api;

Comlink.expose(api);
