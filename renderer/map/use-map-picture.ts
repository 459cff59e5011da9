// The map's picture (map-picture.ts), rebuilt when one of its inputs changes, with a new version each time;
// while the next one is not ready (the APL takes about a second) the last one stays on the map. Marks for the
// benchmark (bench/browser.ts) when new colours reach deck.gl.
import { useMemo, useRef } from 'react';
import type { GridCells } from '../../workers/db/grid-cells';
import type { IndicatorsResult } from '../../workers/db/planning';
import type { Specialty } from '../../workers/engine/domain';
import type { Scores } from '../../workers/engine/scores';
import type { Indicator } from '../view-state';
import { buildMapPicture, type CompareMeasure, type CompareView, type MapPicture, type PictureMode } from './map-picture';

export interface MapPictureInputs {
  cells: GridCells | null;
  territoryOfCell: Int32Array | null;
  result: IndicatorsResult | null;
  scores: Scores | null;
  apl: { before: Float64Array | null; after: Float64Array } | null;
  workshop: boolean;
  /** The Comparer tab (outside the workshop). */
  comparing: boolean;
  compareView: CompareView;
  compareMeasure: CompareMeasure;
  indicator: Indicator;
  specialty: Specialty;
  gridLabel: string;
  packLabel: string;
  populationSource: string;
  /** A picture of values per cell that replaces the indicator (outside the workshop and the comparison). */
  values?: Extract<PictureMode, { kind: 'values' }> | null;
}

export function useMapPicture(inputs: MapPictureInputs) {
  const { cells, territoryOfCell, result, scores, apl, workshop, comparing, compareView, compareMeasure, indicator, specialty, gridLabel, packLabel, populationSource, values = null } = inputs;
  const version = useRef(0);
  // The territory scores arrive after the first figures (use-pack-session.ts): only a score map is redrawn then.
  const shownScores = indicator.startsWith('score') ? scores : null;
  const computed = useMemo((): MapPicture | null => {
    if (!cells) return null;
    const mode: PictureMode = workshop
      ? { kind: 'workshop', indicator }
      : comparing
        ? { kind: 'compare', view: compareView, measure: compareMeasure }
        : (values ?? { kind: 'indicator', indicator });
    return buildMapPicture({ cells, territoryOfCell, result, scores: shownScores, apl, mode, specialty, gridLabel, packLabel, populationSource, version: ++version.current });
  }, [cells, territoryOfCell, result, shownScores, apl, workshop, comparing, compareView, compareMeasure, indicator, specialty, gridLabel, packLabel, populationSource, values]);

  const last = useRef<MapPicture | null>(null);
  if (computed) last.current = computed;
  const map = computed ?? last.current;
  const second = map?.second ?? null;
  const secondFill = useMemo(() => (second ? { colors: second.fillColors, version: second.version } : null), [second]);

  // Benchmark marks: when new colours reach deck.gl (this render); the frame that first shows them is marked by MapView's onFrame.
  const perf = window.__territoireSantePerf;
  if (map && perf?.fillVersion !== map.main.version) {
    const fillAt = performance.now();
    // The first colours of the session close the start-up (bench/browser.ts: navigation → colours).
    const startup = perf?.startup && perf.startup.coloursAt === undefined ? { ...perf.startup, coloursAt: fillAt } : perf?.startup;
    window.__territoireSantePerf = { ...perf, fillVersion: map.main.version, fillAt, startup };
  }
  return { map, computing: computed === null && map !== null, secondFill };
}
