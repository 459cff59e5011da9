// The start-up path and the pack the page works on: the DB worker opens the built-in pack from its
// engine snapshot while the page downloads the geometry (side by side), then the grid's cells and the
// worker's figures for it. Nothing else is on the way to the first colours: the territory scores come
// after them, and DuckDB starts once the first frame is drawn (warmUp). Each part is timed into
// window.__territoireSantePerf.startup for `npm run bench` (bench/browser.ts).
import type * as Comlink from 'comlink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PackManifest } from '../../common/pack';
import { decodeTsGeo, type TsGeoLayer } from '../../common/tsgeo';
import type { DbWorkerApi } from '../../common/worker-api';
import type { CommuneAttributes } from '../../workers/db/grid-cells';
import type { IndicatorsResult } from '../../workers/db/planning';
import { loadGeometry, RESOURCE_BASE_URL, startDbWorker } from '../data/load';
import { connectHostPacks } from '../host';
import type { StartupMarks } from '../map/debug-hooks';
import type { GridData } from './use-grid-view';
import { useWorkerQuery } from './use-worker-query';

export interface Loaded {
  /** Geometry drawn: the pack's own when it has one, else the application's. */
  communes: TsGeoLayer;
  defaultCommunes: TsGeoLayer;
  departements: TsGeoLayer;
  attributes: CommuneAttributes;
  manifest: PackManifest;
  packId: string;
  db: Comlink.Remote<DbWorkerApi>;
}

const markStartup = (marks: Partial<StartupMarks>) => {
  const perf = window.__territoireSantePerf;
  window.__territoireSantePerf = { ...perf, startup: { scriptAt: perf?.startup?.scriptAt ?? performance.now(), ...perf?.startup, ...marks } };
};

/**
 * The pack session: `loaded` once the worker and the geometry are ready, the grid's data and the figures
 * of what is evaluated (tagged with their grid), `usePack` to switch packs, and `onFirstFrame` for the map.
 */
export function usePackSession({
  grid,
  evaluated,
  sideBySide,
  onError,
}: {
  /** The grid to show, or null while it is not known to be one of the active pack's (a custom grid remembered from another pack). */
  grid: string | null;
  evaluated: { target: unknown | null; reference: unknown | null; packA?: string | null };
  sideBySide: boolean;
  onError(error: unknown): void;
}) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  /** When start() answered: the first figures are timed from there. */
  const startedAt = useRef<number | null>(null);

  useEffect(() => {
    (async () => {
      const createdAt = performance.now();
      const db = startDbWorker();
      // The worker opens the pack (engine snapshot) while the page downloads and decodes the geometry.
      const opening = db.open(RESOURCE_BASE_URL).then(() => performance.now());
      const geometry = Promise.all([loadGeometry('communes'), loadGeometry('departements')]).then((layers) => {
        markStartup({ geometryMs: performance.now() - createdAt });
        return layers;
      });
      // Desktop app: imported packs are folders the worker reads through the host.
      const [[communes, departements], openedAt] = await Promise.all([geometry, opening, connectHostPacks(db)]);
      const opened = await db.start(RESOURCE_BASE_URL, communes.codes);
      const { packReadMs, engineMs, snapshot } = opened.timings;
      markStartup({ workerStartMs: openedAt - createdAt - packReadMs - engineMs, packReadMs, engineMs, snapshot });
      startedAt.current = performance.now();
      setLoaded({
        communes: opened.geometry ? decodeTsGeo(opened.geometry) : communes,
        defaultCommunes: communes,
        departements,
        attributes: opened.communes,
        manifest: opened.manifest,
        packId: opened.id,
        db,
      });
    })().catch(onError);
  }, [onError]);

  /** What the map needs of a grid: its cells, in the engine's territory order (one grid model, grid-cells.ts). */
  const cells = useWorkerQuery(
    () => (loaded && grid ? loaded.db.gridCells(grid).then((cells) => ({ grid, cells })) : null),
    [loaded, grid],
    { onError },
  ).data;
  /** The worker's figures, tagged with the grid they were computed for: recomputed as the scenario changes (a few milliseconds). */
  const tagged = useWorkerQuery<{ grid: string; result: IndicatorsResult | null }>(
    (signal) => {
      if (!loaded || !grid) return null;
      const requestedAt = performance.now();
      // A pack comparison (evaluated.packA): the active pack's figures against pack A's, joined by territory code.
      const asked = evaluated.packA ? loaded.db.packIndicators(grid, evaluated.packA, sideBySide) : loaded.db.indicators(grid, evaluated.target, evaluated.reference, sideBySide);
      return asked.then((r) => {
        if (!signal.aborted) {
          window.__territoireSantePerf = {
            ...window.__territoireSantePerf,
            indicatorsRequestedAt: requestedAt,
            lastIndicatorsMs: performance.now() - requestedAt,
            workerComputeMs: r?.computeMs,
            indicatorsAt: performance.now(),
          };
          if (startedAt.current !== null) {
            markStartup({ figuresMs: performance.now() - startedAt.current });
            startedAt.current = null;
          }
        }
        return { grid, result: r };
      });
    },
    [loaded, grid, evaluated, sideBySide],
    { onError },
  ).data;

  // The territory scores take a few hundred milliseconds (nearest emergency site): asked once the grid's
  // figures are in, so that the worker answers those first, and joined to the grid's data when ready.
  const figuresIn = tagged?.grid === grid;
  const scores = useWorkerQuery(
    () => (loaded && grid && figuresIn ? loaded.db.territoryScores(grid).then((scores) => ({ grid, scores }), () => ({ grid, scores: null })) : null),
    [loaded, grid, figuresIn],
  ).data;
  const gridData: GridData | null = cells && { ...cells, scores: scores?.grid === cells.grid ? scores.scores : null };

  const usePack = async (id: string) => {
    if (!loaded) return;
    const opened = await loaded.db.usePack(id);
    setLoaded({
      ...loaded,
      communes: opened.geometry ? decodeTsGeo(opened.geometry) : loaded.defaultCommunes,
      attributes: opened.communes,
      manifest: opened.manifest,
      packId: opened.id,
    });
  };

  // DuckDB (territory detail, imports) starts once the first map is on screen, not before.
  const onFirstFrame = useCallback(() => void loaded?.db.warmUp().catch(() => undefined), [loaded]);

  return { loaded, gridData, tagged, usePack, onFirstFrame };
}
