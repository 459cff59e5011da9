// Loads the prepared resources (binary geometry, reference pack) and starts the DuckDB worker.
import * as Comlink from 'comlink';
import { decodeTsGeo, type TsGeoLayer } from '../../common/tsgeo';
import type { DbWorkerApi } from '../../common/worker-api';

/** Folder URL of the resources copied next to index.html at build time. */
const resourceUrl = (path: string): string => new URL(path, document.baseURI).href;

export const RESOURCE_BASE_URL = resourceUrl('./');

export async function loadGeometry(name: 'communes' | 'departements'): Promise<TsGeoLayer> {
  const response = await fetch(resourceUrl(`geo/${name}.tsgeo`));
  if (!response.ok) {
    throw new Error(`Géométrie « ${name} » introuvable (HTTP ${response.status}) : relancez « npm run build ».`);
  }
  return decodeTsGeo(await response.arrayBuffer());
}

export function startDbWorker(): Comlink.Remote<DbWorkerApi> {
  const worker = new Worker(new URL('../../workers/db/duckdb.worker.ts', import.meta.url), { type: 'module', name: 'duckdb' });
  return Comlink.wrap<DbWorkerApi>(worker);
}
