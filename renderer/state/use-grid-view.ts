// The grid as drawn: the last state where the grid's cells and the worker's figures belong to the same
// grid (shown until the next one is complete, so that figures are never drawn on another grid's
// territories), with the joins the page needs between map features, cells and the engine's territories.
import { useMemo, useRef } from 'react';
import { GRIDS } from '../../common/pack';
import type { GridCells } from '../../workers/db/grid-cells';
import type { IndicatorsResult } from '../../workers/db/planning';
import { SPECIALTY_COUNT, specialtyIndex, type Specialty } from '../../workers/engine/domain';
import type { Scores } from '../../workers/engine/scores';

export interface GridData {
  grid: string;
  cells: GridCells;
  scores: Scores | null;
}

/** A map feature's territory of the grid drawn. */
export interface FeatureTerritory {
  cell: number;
  code: string;
  label: string;
  /** The grid's « no territory » code (e.g. AAV2020 000). */
  outside: boolean;
}

export function useGridView(
  gridData: GridData | null,
  tagged: { grid: string; result: IndicatorsResult | null } | null,
  /** The grid chosen (drawn grid until the first data arrive). */
  grid: string,
  customGrids: { id: string; label: string }[],
  specialty: Specialty,
  selectedCode: string | null,
) {
  const consistent = gridData && tagged && gridData.grid === tagged.grid ? { ...gridData, result: tagged.result } : null;
  const lastConsistent = useRef(consistent);
  if (consistent && (lastConsistent.current?.cells !== consistent.cells || lastConsistent.current?.result !== consistent.result)) lastConsistent.current = consistent;
  const shown = consistent ?? lastConsistent.current;
  const cells = shown?.cells ?? null;
  const result = shown?.result ?? null;
  const viewGrid = shown?.grid ?? grid;
  const gridLabel = [...GRIDS, ...customGrids].find((g) => g.id === viewGrid)?.label ?? viewGrid;
  const s = specialtyIndex(specialty);
  // One grid model (workers/db/grid-cells.ts): cell c is the engine's territory c, whose figures are at
  // c × SPECIALTY_COUNT + specialty; only the grid's "no territory" cell (last) has no figures.
  const territoryOfCell = useMemo(() => (cells ? Int32Array.from(cells.codes, (_, c) => (cells.outside[c] === 1 ? -1 : c)) : null), [cells]);

  const territoryOfFeature = (feature: number): FeatureTerritory | null => {
    if (!cells) return null;
    const cell = cells.cellOfCommune[feature];
    if (cell < 0) return null;
    return { cell, code: cells.codes[cell], label: cells.labels[cell], outside: cells.outside[cell] === 1 };
  };

  /** A hovered commune's territory, with its figures for the specialty (the tooltip). */
  const hoverTerritory = (feature: number) => {
    const t = territoryOfFeature(feature);
    if (!t || !cells) return null;
    const at = t.outside ? -1 : t.cell * SPECIALTY_COUNT + s;
    return {
      ...t,
      population: cells.population[t.cell],
      communes: cells.communeCount[t.cell],
      figures: result && at >= 0 ? { need: result.shown.need[at], capacity: result.shown.capacity[at], gapFte: result.shown.gapFte[at] } : null,
      delta: result?.deltaGapFte && at >= 0 ? result.deltaGapFte[at] : null,
    };
  };

  // Features of the selected territory, outlined on the map.
  const highlighted = useMemo(() => {
    if (!cells || !selectedCode) return [];
    const cell = cells.codes.indexOf(selectedCode);
    if (cell < 0) return [];
    const out: number[] = [];
    cells.cellOfCommune.forEach((c, feature) => {
      if (c === cell) out.push(feature);
    });
    return out;
  }, [cells, selectedCode]);

  const selectedCell = selectedCode !== null && cells ? cells.codes.indexOf(selectedCode) : -1;
  const selectedIndex = selectedCell >= 0 && cells?.outside[selectedCell] !== 1 ? selectedCell : undefined;
  /** The selected territory's gap in FTE for the specialty, or null. */
  const selectedGapFte = result && selectedIndex !== undefined ? result.shown.gapFte[selectedIndex * SPECIALTY_COUNT + s] : null;

  return { cells, result, scores: shown?.scores ?? null, viewGrid, gridLabel, territoryOfCell, territoryOfFeature, hoverTerritory, highlighted, selectedIndex, selectedCell, selectedGapFte };
}
