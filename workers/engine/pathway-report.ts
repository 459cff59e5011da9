// The pathway table as shown and exported (« Parcours » panel, `pathways` CLI, report): per territory the
// people of each pathology and stratum, the programme's acts per specialty, and what share of the
// installed capacity they would take. Plain JSON (no typed arrays): it crosses to the page as is.
import { de } from '../../common/french';
import { keptTerritories, type DashboardOptions } from './dashboard';
import { SPECIALTIES, SPECIALTY_COUNT, type Specialty } from './domain';
import type { Evaluation } from './engine';
import { programmeNeed, type EngineInputs } from './model';
import { PATHOLOGY_LABELS, pathwayTable, programmeLoad, type CareProgramme, type PathologyId } from './pathways';

/** One stratum of one pathology in one territory. */
export interface PathwayStratumRow {
  code: string;
  label: string;
  pathology: PathologyId;
  pathologyLabel: string;
  stratum: string;
  stratumLabel: string;
  /** People in the stratum (estimated; NaN where the prevalence file gives no département of the territory). */
  people: number;
  /** Acts per year, one per specialty of `specialties`. */
  acts: number[];
  /** acts ÷ the territory's capacity, per specialty of `specialties` (NaN without capacity). */
  shareOfCapacity: number[];
}

/** The whole programme in one territory, per specialty of `specialties` (NaN everywhere without prevalence). */
export interface PathwayTerritoryRow {
  code: string;
  label: string;
  /** People treated, per pathology of the programme (programme order). */
  people: number[];
  acts: number[];
  capacity: number[];
  /** Age-based need (use rates × population, after the scenario's population levers). */
  need: number[];
  /** Acts the scenario's own « Programme de soins » levers add (0 for the baseline). */
  scenarioProgrammes: number[];
  shareOfCapacity: number[];
  /** Part of the programme's acts the capacity left after the need covers (0–1; NaN without acts). */
  coveredShare: number[];
  /** Whether that capacity covers all of them (pathways.ts programmeLoad); empty without prevalence. */
  deliverable: boolean[];
  /** Territories summed in a total row, and how many of them cannot deliver all of it (absent on a territory). */
  total?: { territories: number; notDeliverable: number };
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
  /** Territories (of `touching` when given) with prevalence where at least one specialty cannot deliver the programme. */
  notDeliverable: number;
  /** Whether a scenario's own programme levers add need (a column then shows them). */
  withScenarioProgrammes: boolean;
  /** Cartographie year(s) and provenance (says « estimation de démonstration » on the demo). */
  years: string;
  source: string;
  /** What the prevalence lacks, in French sentences (départements without it, a pathology absent): shown wherever the table is. */
  gaps: string[];
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
  const grid = territories.grid;
  const { codes, labels } = grid;
  const specialties = SPECIALTIES.filter((s) => programme.pathologies.some((p) => p.strata.some((st) => (st.acts[s] ?? 0) > 0)));
  const columns = specialties.map((s) => SPECIALTIES.indexOf(s));
  const at = (array: Float64Array, t: number, s: number) => array[t * SPECIALTY_COUNT + s];

  // The scenario's own programme levers are in the evaluation's need: set apart, so that « besoin selon
  // l'âge » is what it says, and counted in what the capacity must also cover.
  const scenarioProgrammes = new Float64Array(codes.length * SPECIALTY_COUNT);
  const withScenarioProgrammes = evaluation.adjustments.programmeActs.some((v) => v > 0);
  if (withScenarioProgrammes) {
    grid.cellOfCommune.forEach((cell, c) => {
      if (cell < 0) return;
      for (const s of columns) scenarioProgrammes[cell * SPECIALTY_COUNT + s] += programmeNeed(inputs, evaluation.adjustments, c, s);
    });
  }
  const unknown = (n: number) => new Array<number>(n).fill(Number.NaN);

  const strata: PathwayStratumRow[] = (options.strata === false ? [] : table.rows).map((row) => ({
    code: codes[row.territory],
    label: labels[row.territory],
    pathology: row.pathology,
    pathologyLabel: PATHOLOGY_LABELS[row.pathology],
    stratum: row.stratum,
    stratumLabel: row.stratumLabel,
    people: table.covered[row.territory] ? row.people : Number.NaN,
    acts: table.covered[row.territory] ? columns.map((s) => row.acts[s]) : unknown(columns.length),
    shareOfCapacity: table.covered[row.territory] ? columns.map((s) => programmeLoad(row.acts[s], at(table.capacity, row.territory, s), 0).shareOfCapacity) : unknown(columns.length),
  }));

  const pathologyIds = programme.pathologies.map((p) => p.id);
  const people = new Float64Array(codes.length * pathologyIds.length);
  for (const row of table.rows) people[row.territory * pathologyIds.length + pathologyIds.indexOf(row.pathology)] += row.people;
  const rows: PathwayTerritoryRow[] = codes.map((code, t) => {
    const capacity = columns.map((s) => at(table.capacity, t, s));
    const extra = columns.map((s) => at(scenarioProgrammes, t, s));
    const need = columns.map((s, i) => at(table.need, t, s) - extra[i]);
    if (!table.covered[t]) {
      const n = columns.length;
      return { code, label: labels[t], people: unknown(pathologyIds.length), acts: unknown(n), capacity, need, scenarioProgrammes: extra, shareOfCapacity: unknown(n), coveredShare: unknown(n), deliverable: [] };
    }
    const acts = columns.map((s) => at(table.programmeActs, t, s));
    const loads = acts.map((a, i) => programmeLoad(a, capacity[i], need[i] + extra[i]));
    return {
      code,
      label: labels[t],
      people: pathologyIds.map((_, p) => people[t * pathologyIds.length + p]),
      acts,
      capacity,
      need,
      scenarioProgrammes: extra,
      shareOfCapacity: loads.map((l) => l.shareOfCapacity),
      coveredShare: loads.map((l) => l.coveredShare),
      deliverable: loads.map((l) => l.deliverable),
    };
  });
  const touching = options.departement ? keptTerritories(evaluation, grid, options).map((t) => codes[t]) : null;
  const touchingSet = new Set(touching);
  return {
    grid: gridId,
    gridLabel: grid.label,
    programme,
    specialties,
    pathologies: programme.pathologies.map((p) => ({ id: p.id, label: PATHOLOGY_LABELS[p.id] })),
    strata,
    territories: rows,
    touching,
    notDeliverable: (touching ? rows.filter((r) => touchingSet.has(r.code)) : rows).filter((r) => r.deliverable.includes(false)).length,
    withScenarioProgrammes,
    years: inputs.pathologies.years,
    source: inputs.pathologies.source,
    gaps: prevalenceGaps(inputs.pathologies, programme),
  };
}

/** What the prevalence lacks, said wherever the pathway table is read (never silently counted 0). */
function prevalenceGaps(pathologies: NonNullable<EngineInputs['pathologies']>, programme: CareProgramme): string[] {
  const gaps: string[] = [];
  const missing = pathologies.missingDepartements;
  if (missing.length > 0) {
    gaps.push(
      `Pas de prévalence pour ${missing.length} département${missing.length > 1 ? 's' : ''} (${missing.slice(0, 8).join(', ')}${missing.length > 8 ? '…' : ''}) : leurs territoires restent sans valeur.`,
    );
  }
  for (const id of pathologies.missingPathologies) {
    if (programme.pathologies.some((p) => p.id === id)) {
      gaps.push(`Pas de prévalence ${de(PATHOLOGY_LABELS[id].toLowerCase())} dans le paquet : ses personnes et ses actes sont comptés 0. Importez le fichier « effectifs » complet.`);
    }
  }
  return gaps;
}
