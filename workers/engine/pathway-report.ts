// The pathway table as shown and exported (« Parcours » panel, `pathways` CLI, report): per territory the
// people of each pathology and stratum, the programme's acts per specialty, and what share of the
// installed capacity they would take. Plain JSON (no typed arrays): it crosses to the page as is.
import { keptTerritories, type DashboardOptions } from './dashboard';
import { SPECIALTIES, SPECIALTY_COUNT, type Specialty } from './domain';
import type { Evaluation } from './engine';
import type { EngineInputs } from './model';
import { PATHOLOGY_LABELS, pathwayTable, programmeLoad, type CareProgramme, type PathologyId } from './pathways';

/** One stratum of one pathology in one territory. */
export interface PathwayStratumRow {
  code: string;
  label: string;
  pathology: PathologyId;
  pathologyLabel: string;
  stratum: string;
  stratumLabel: string;
  /** People in the stratum (estimated). */
  people: number;
  /** Acts per year, one per specialty of `specialties`. */
  acts: number[];
  /** acts ÷ the territory's capacity, per specialty of `specialties` (NaN without capacity). */
  shareOfCapacity: number[];
}

/** The whole programme in one territory, per specialty of `specialties`. */
export interface PathwayTerritoryRow {
  code: string;
  label: string;
  /** People treated, per pathology of the programme (programme order). */
  people: number[];
  acts: number[];
  capacity: number[];
  /** Age-based need of the evaluation (with any programme levers of a scenario). */
  need: number[];
  shareOfCapacity: number[];
  /** False where the capacity left after the need does not cover the programme (pathways.ts programmeLoad). */
  deliverable: boolean[];
}

export interface PathwayReport {
  grid: string;
  gridLabel: string;
  programme: CareProgramme;
  /** Specialties the programme asks acts of, in the application's order: the columns. */
  specialties: Specialty[];
  pathologies: { id: PathologyId; label: string }[];
  /** Stratum rows (empty when not asked for: the screen shows territories only). */
  strata: PathwayStratumRow[];
  /** Every territory of the grid, grid order. */
  territories: PathwayTerritoryRow[];
  /** With a département: the codes of the territories touching it (the table's rows; the map shows all). */
  touching: string[] | null;
  /** Territories (of `touching` when given) where at least one specialty cannot deliver the programme. */
  notDeliverable: number;
  /** Cartographie year and provenance (says « estimation de démonstration » on the demo). */
  year: number;
  source: string;
}

/**
 * The pathway report of an evaluation (baseline or scenario) on a grid, every territory, with the codes of
 * those touching `options.departement` (as the diagnostic table keeps them); stratum rows unless
 * `options.strata` is false. Null when the pack has no prevalence table. Throws when the grid is unknown.
 */
export function pathwayReport(
  inputs: EngineInputs,
  evaluation: Evaluation,
  gridId: string,
  programme: CareProgramme,
  options: DashboardOptions & { strata?: boolean } = {},
): PathwayReport | null {
  const territories = evaluation.territories.get(gridId);
  if (!territories) throw new Error(`Maillage inconnu : ${gridId}.`);
  const table = pathwayTable(inputs, evaluation.adjustments, territories, programme);
  if (!table || !inputs.pathologies) return null;
  const specialties = SPECIALTIES.filter((s) => programme.pathologies.some((p) => p.strata.some((st) => (st.acts[s] ?? 0) > 0)));
  const columns = specialties.map((s) => SPECIALTIES.indexOf(s));
  const { codes, labels } = territories.grid;
  const at = (array: Float64Array | number[], t: number, s: number) => array[t * SPECIALTY_COUNT + s];
  const strata: PathwayStratumRow[] = (options.strata === false ? [] : table.rows).map((row) => ({
    code: codes[row.territory],
    label: labels[row.territory],
    pathology: row.pathology,
    pathologyLabel: PATHOLOGY_LABELS[row.pathology],
    stratum: row.stratum,
    stratumLabel: row.stratumLabel,
    people: row.people,
    acts: columns.map((s) => row.acts[s]),
    shareOfCapacity: columns.map((s) => programmeLoad(row.acts[s], at(table.capacity, row.territory, s), 0).shareOfCapacity),
  }));
  const pathologyIds = programme.pathologies.map((p) => p.id);
  const people = new Float64Array(codes.length * pathologyIds.length);
  for (const row of table.rows) people[row.territory * pathologyIds.length + pathologyIds.indexOf(row.pathology)] += row.people;
  const rows: PathwayTerritoryRow[] = [];
  for (let t = 0; t < codes.length; t++) {
    const loads = columns.map((s) => programmeLoad(at(table.programmeActs, t, s), at(table.capacity, t, s), at(table.need, t, s)));
    rows.push({
      code: codes[t],
      label: labels[t],
      people: pathologyIds.map((_, p) => people[t * pathologyIds.length + p]),
      acts: columns.map((s) => at(table.programmeActs, t, s)),
      capacity: columns.map((s) => at(table.capacity, t, s)),
      need: columns.map((s) => at(table.need, t, s)),
      shareOfCapacity: loads.map((l) => l.shareOfCapacity),
      deliverable: loads.map((l) => l.deliverable),
    });
  }
  const touching = options.departement ? keptTerritories(evaluation, territories.grid, options).map((t) => codes[t]) : null;
  const touchingSet = new Set(touching);
  return {
    grid: gridId,
    gridLabel: territories.grid.label,
    programme,
    specialties,
    pathologies: programme.pathologies.map((p) => ({ id: p.id, label: PATHOLOGY_LABELS[p.id] })),
    strata,
    territories: rows,
    touching,
    notDeliverable: (touching ? rows.filter((r) => touchingSet.has(r.code)) : rows).filter((r) => r.deliverable.includes(false)).length,
    year: inputs.pathologies.year,
    source: inputs.pathologies.source,
  };
}
