// The grid as drawn: the last state where the grid's cells and the worker's figures belong to the same
// grid (shown until the next one is complete, so that figures are never drawn on another grid's
// territories), with the joins the page needs between map features, cells and the engine's territories.
import { useMemo, useRef } from 'react';
import { GRIDS } from '../../common/pack';
import type { GridCells } from '../../workers/db/pack-db';
import type { IndicatorsResult } from '../../workers/db/planning';
import { SPECIALTY_COUNT, specialtyIndex, type Specialty } from '../../workers/engine/domain';
import type { Scores } from '../../workers/engine/scores';

export interface GridData {
  grid: string;
  cells: GridCells;
  /** Codes of the territories in the engine's order (the figures' order). */
  codes: string[] | null;
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
  const territoryCodes = shown?.codes ?? null;
  const viewGrid = shown?.grid ?? grid;
  const gridLabel = [...GRIDS, ...customGrids].find((g) => g.id === viewGrid)?.label ?? viewGrid;
  const s = specialtyIndex(specialty);
  // Territory index of each code in the engine's order, fetched once per grid (figures come without codes).
  const territoryIndex = useMemo(() => new Map(territoryCodes?.map((code, i) => [code, i]) ?? []), [territoryCodes]);
  // Territory of each cell of the grid (-1: none), for turning figures into cell values without lookups.
  const territoryOfCell = useMemo(() => (cells ? Int32Array.from(cells.codes, (code) => territoryIndex.get(code) ?? -1) : null), [cells, territoryIndex]);

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
    const index = territoryIndex.get(t.code);
    const at = index === undefined ? -1 : index * SPECIALTY_COUNT + s;
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

  const selectedIndex = selectedCode !== null ? territoryIndex.get(selectedCode) : undefined;
  const selectedCell = selectedCode !== null && cells ? cells.codes.indexOf(selectedCode) : -1;
  /** The selected territory's gap in FTE for the specialty, or null. */
  const selectedGapFte = result && selectedIndex !== undefined ? result.shown.gapFte[selectedIndex * SPECIALTY_COUNT + s] : null;

  return { cells, result, scores: shown?.scores ?? null, viewGrid, gridLabel, territoryOfCell, territoryOfFeature, hoverTerritory, highlighted, selectedIndex, selectedCell, selectedGapFte };
}
