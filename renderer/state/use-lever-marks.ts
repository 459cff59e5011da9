// The levers of the scenario shown, drawn on the map: each at its commune, or at the mean of its territory's
// communes (the COM grid, the grid on screen, a grid fetched for it, or a département).
import type * as Comlink from 'comlink';
import { useMemo } from 'react';
import type { TsGeoLayer } from '../../common/tsgeo';
import type { DbWorkerApi } from '../../common/worker-api';
import type { GridCells } from '../../workers/db/grid-cells';
import { LEVER_REGISTRY } from '../../workers/engine/levers/registry';
import type { Scenario } from '../../workers/engine/scenario';
import { featureCentre } from '../map/geometry';
import { leverMarks } from '../map/lever-marks';
import type { LeverMark } from '../map/MapView';
import { useWorkerQuery } from './use-worker-query';

/** Grids other than COM and DEP the levers refer to (each kind says which, LEVER_REGISTRY.grids), sorted, comma-separated. */
export function leverGridIdsOf(scenario: Scenario | null): string {
  const ids = new Set(scenario?.levers.flatMap((l) => LEVER_REGISTRY.grids(l)) ?? []);
  return [...ids].filter((id) => id !== 'COM' && id !== 'DEP').sort().join(',');
}

/**
 * Above this many levers, only those of the specialty on screen (and those naming none) are drawn: the
 * « laisser-faire » scenario (issue 14) has a departures lever per département × specialty, whose nine
 * labels per département would cover the map.
 */
export const MANY_LEVERS = 40;

/** The levers drawn: all of them, or, for a scenario of more than MANY_LEVERS, those of `specialty` and those without one. */
export function drawnLevers<L extends { kind: string }>(levers: readonly L[], specialty?: string): readonly L[] {
  if (specialty === undefined || levers.length <= MANY_LEVERS) return levers;
  return levers.filter((l) => !('specialty' in l) || (l as { specialty?: unknown }).specialty === specialty);
}

export function useLeverMarks(
  /** The open pack: its worker and the geometry drawn (another pack has other geometry: its grids are fetched again). */
  pack: { db: Comlink.Remote<DbWorkerApi>; communes: TsGeoLayer } | null,
  scenario: Scenario | null,
  /** The grid on screen, whose cells are already loaded. */
  shown: { grid: string; cells: GridCells } | null,
  /** The specialty on screen: a scenario of many levers draws only its levers (drawnLevers). */
  specialty?: string,
): LeverMark[] {
  const leverGridIds = useMemo(() => leverGridIdsOf(scenario), [scenario]);
  // Territories of the grids levers refer to, fetched as they appear; another pack (other geometry) starts
  // afresh. Failures are ignored: a lever on an unknown grid is reported by the scenario's problems.
  const fetched = useWorkerQuery<{ pack: unknown; grids: Map<string, GridCells> }>(
    async () => {
      if (!pack || !leverGridIds) return { pack, grids: new Map() };
      const pairs = await Promise.all(leverGridIds.split(',').map((id) => pack.db.gridCells(id).then((c) => [id, c] as const)));
      return { pack, grids: new Map(pairs) };
    },
    [pack, leverGridIds],
  );
  const leverGrids = fetched.data?.pack === pack ? fetched.data.grids : null;
  const communes = pack?.communes ?? null;

  return useMemo((): LeverMark[] => {
    if (!scenario || !communes) return [];
    const codes = communes.codes;
    const centroid = (code: string): [number, number] | null => featureCentre(communes, codes.indexOf(code));
    // By feature index: a lookup by code (indexOf) per commune made a département's mean O(n²) (issue 14:
    // the laisser-faire scenario has a lever per département × specialty).
    const mean = (features: number[]): [number, number] | null => {
      const points = features.map((f) => featureCentre(communes, f)).filter((p): p is [number, number] => p !== null);
      if (points.length === 0) return null;
      return [points.reduce((a, p) => a + p[0], 0) / points.length, points.reduce((a, p) => a + p[1], 0) / points.length];
    };
    const centres = new Map<string, [number, number] | null>();
    const territory = (grid: string, code: string): [number, number] | null => {
      if (grid === 'COM') return centroid(code);
      const key = `${grid}:${code}`;
      if (!centres.has(key)) centres.set(key, territoryCentre(grid, code));
      return centres.get(key)!;
    };
    const territoryCentre = (grid: string, code: string): [number, number] | null => {
      const features: number[] = [];
      const cells = shown?.grid === grid ? shown.cells : leverGrids?.get(grid);
      if (cells) {
        const cell = cells.codes.indexOf(code);
        cells.cellOfCommune.forEach((c, f) => c === cell && cell >= 0 && features.push(f));
      } else if (grid === 'DEP') codes.forEach((c, f) => c.startsWith(code) && features.push(f));
      return mean(features);
    };
    return leverMarks(drawnLevers(scenario.levers, specialty), { commune: centroid, territory });
  }, [scenario, communes, shown, leverGrids, specialty]);
}
