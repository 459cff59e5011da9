// Follow-up over time (issue 14 §3): two packs compared on the same grid, « paquet A → paquet B » (e.g.
// the 2023 and the 2024 national files, or a pack before and after an update). Each side is its pack's
// baseline, with its own derived productivity; the result has the shape of the scenario comparison
// (ComparisonTable) so that the difference table, the KPIs, the map and the exports are the same code.
// Territories are joined by grid CODE, not by engine index: two packs need not have the same communes
// (COG vintage, a commune merged or split), and a territory present on one side only is listed apart,
// never counted as zero.
import { comparisonKpis, comparisonTotal, dashboardTable, specialtyFigures, type ComparisonRow, type ComparisonTable, type DashboardRow, type SpecialtyChange } from '../engine/dashboard';
import { SPECIALTIES, SPECIALTY_COUNT } from '../engine/domain';
import type { Evaluation } from '../engine/engine';
import type { PackManifest } from '../../common/pack';
import type { TerritoryFigures } from './planning';

/** One side of a pack comparison, as the headers, KPIs and report name it. */
export interface PackSide {
  id: string;
  /** The pack's label (manifest.label). */
  label: string;
  /** Its sources and vintages in words, e.g. « Population : INSEE RP 2021 ; RPPS : extraction 2024-01 ». */
  sources: string[];
}

/** A territory of the grid that only one of the two packs has (not in the rows, not in the totals). */
export interface UnmatchedTerritory {
  code: string;
  label: string;
  population: number;
}

export interface PackComparisonTable extends ComparisonTable {
  /** « before » is pack A's baseline, « after » pack B's. */
  packs: { before: PackSide; after: PackSide };
  /**
   * Territories kept by the filter that only pack A (onlyBefore) or only pack B (onlyAfter) has, or that
   * have inhabitants in that pack only (population 0 in the other): not in the rows nor the totals.
   */
  onlyBefore: UnmatchedTerritory[];
  onlyAfter: UnmatchedTerritory[];
  /**
   * Compared territories whose population differs by more than POPULATION_SHIFT between the packs (in the
   * rows: it may be real, but from one year to the next it is more often a partial import): said beside
   * the figures, with both populations.
   */
  populationShift: (UnmatchedTerritory & { populationBefore: number })[];
}

/** Relative change of a territory's population between two packs above which the comparison warns. */
export const POPULATION_SHIFT = 0.1;

/** The figures of one specialty, before and after (the arithmetic of the dashboard's specialtyChange). */
function change(x: DashboardRow, y: DashboardRow, s: number, productivityBefore: number, productivityAfter: number): SpecialtyChange {
  const a = specialtyFigures(x.specialties[s].need, x.specialties[s].capacity, productivityBefore);
  const b = specialtyFigures(y.specialties[s].need, y.specialties[s].capacity, productivityAfter);
  return {
    needBefore: a.need,
    needAfter: b.need,
    capacityBefore: a.capacity,
    capacityAfter: b.capacity,
    gapActsBefore: a.gapActs,
    gapActsAfter: b.gapActs,
    deltaGapActs: b.capacity - b.need - (a.capacity - a.need),
    gapFteBefore: a.gapFte,
    gapFteAfter: b.gapFte,
    deltaGapFte: b.gapFte - a.gapFte,
    fteNeededBefore: a.fteNeeded,
    fteNeededAfter: b.fteNeeded,
    // Baselines: no teleconsultation lever, hence no outside supply.
    externalActsBefore: 0,
    externalActsAfter: 0,
  };
}

const joinedRow = (x: DashboardRow, y: DashboardRow, territory: number, productivityBefore: readonly number[], productivityAfter: readonly number[]): ComparisonRow => ({
  territory,
  code: y.code,
  label: y.label,
  populationBefore: x.population,
  populationAfter: y.population,
  communes: y.communes,
  specialties: SPECIALTIES.map((_, s) => change(x, y, s, productivityBefore[s], productivityAfter[s])),
  apl: null,
});

/** Gap in FTE of all the evaluation's communes, per specialty. */
function wholePackGapFte(evaluation: Evaluation): number[] {
  const gap = new Float64Array(SPECIALTY_COUNT);
  const { need, capacity } = evaluation.communes;
  for (let k = 0; k < need.length; k++) gap[k % SPECIALTY_COUNT] += capacity[k] - need[k];
  const productivity = evaluation.params.productivity;
  return SPECIALTIES.map((_, s) => (productivity[s] > 0 ? gap[s] / productivity[s] : Number.NaN));
}

/**
 * Pack A's baseline (`before`) against pack B's (`after`) on the grid `gridId`, which both packs must
 * have (custom grids included), optionally for the territories touching a département (in either pack).
 * Rows: the territories both packs have, joined by code, in pack B's grid order; `territory` is the
 * index in pack B's grid (the map's order when B is the active pack). Productivity: each pack's own
 * (`productivityBefore`, `productivityAfter`; kpis.productivityDiffers says where they differ). No APL
 * counts (the two packs' communes need not be the same): `aplSpecialty` is null.
 * Throws, in French, when a pack does not have the grid.
 */
export function packComparisonTable(before: Evaluation, after: Evaluation, gridId: string, packs: { before: PackSide; after: PackSide }, departement: string | null = null): PackComparisonTable {
  for (const [evaluation, side] of [[before, packs.before], [after, packs.after]] as const) {
    if (!evaluation.territories.has(gridId)) throw new Error(`Le paquet « ${side.label} » n’a pas le maillage « ${gridId} » : choisissez un maillage que les deux paquets ont.`);
  }
  const options = { departement };
  const a = dashboardTable(before, gridId, null, options);
  const b = dashboardTable(after, gridId, null, options);
  // A territory kept on one side may exist on the other outside the filter (its communes moved): look it up in the whole grid.
  const allA = departement ? dashboardTable(before, gridId, null) : a;
  const allB = departement ? dashboardTable(after, gridId, null) : b;
  const byCodeA = new Map(allA.rows.map((r) => [r.code, r]));
  const byCodeB = new Map(allB.rows.map((r) => [r.code, r]));
  const productivityBefore = a.productivity;
  const productivityAfter = b.productivity;

  const keptCodes = new Set([...b.rows.map((r) => r.code), ...a.rows.map((r) => r.code)]);
  const rows: ComparisonRow[] = [];
  const onlyBefore: UnmatchedTerritory[] = [];
  const onlyAfter: UnmatchedTerritory[] = [];
  for (const y of allB.rows) {
    if (!keptCodes.has(y.code)) continue;
    const x = byCodeA.get(y.code);
    // A territory without inhabitants in one pack (a partial import, a commune merged away) has no need
    // there: compared, it would read as a deficit erased. Listed with the pack that has inhabitants.
    if (x && x.population > 0 === y.population > 0) rows.push(joinedRow(x, y, y.territory, productivityBefore, productivityAfter));
    else if (x && x.population > 0) onlyBefore.push({ code: x.code, label: x.label, population: x.population });
    else onlyAfter.push({ code: y.code, label: y.label, population: y.population });
  }
  for (const x of allA.rows) if (keptCodes.has(x.code) && !byCodeB.has(x.code)) onlyBefore.push({ code: x.code, label: x.label, population: x.population });

  const departementTotal =
    a.departementTotal && b.departementTotal
      ? { ...joinedRow(a.departementTotal, b.departementTotal, b.departementTotal.territory, productivityBefore, productivityAfter), code: '', label: b.departementTotal.label }
      : null;
  const table = { gridId, gridLabel: b.gridLabel, productivityBefore, productivityAfter, aplSpecialty: null };
  return {
    ...table,
    departement: departement || null,
    departementLabel: b.departementLabel ?? a.departementLabel,
    specialties: [...SPECIALTIES],
    rows,
    total: comparisonTotal(rows, productivityBefore, productivityAfter),
    departementTotal,
    kpis: comparisonKpis(table, rows),
    national: { gapFteBefore: wholePackGapFte(before), gapFteAfter: wholePackGapFte(after) },
    packs,
    onlyBefore,
    onlyAfter,
    populationShift: rows
      .filter((r) => r.populationBefore > 0 && Math.abs(r.populationAfter / r.populationBefore - 1) > POPULATION_SHIFT)
      .map((r) => ({ code: r.code, label: r.label, population: r.populationAfter, populationBefore: r.populationBefore })),
  };
}

/**
 * The figures of pack A (`source`, in its grid order `sourceCodes`) placed on pack B's grid order
 * (`targetCodes`) by territory code, for the map of the active pack; NaN for a territory pack A does
 * not have (the map shows it « sans valeur », never as zero).
 */
export function alignFigures(source: TerritoryFigures, sourceCodes: readonly string[], targetCodes: readonly string[]): TerritoryFigures {
  const index = new Map(sourceCodes.map((code, t) => [code, t]));
  const out: TerritoryFigures = {
    need: new Float64Array(targetCodes.length * SPECIALTY_COUNT).fill(Number.NaN),
    capacity: new Float64Array(targetCodes.length * SPECIALTY_COUNT).fill(Number.NaN),
    gapFte: new Float64Array(targetCodes.length * SPECIALTY_COUNT).fill(Number.NaN),
  };
  targetCodes.forEach((code, t) => {
    const from = index.get(code);
    if (from === undefined) return;
    for (let s = 0; s < SPECIALTY_COUNT; s++) {
      out.need[t * SPECIALTY_COUNT + s] = source.need[from * SPECIALTY_COUNT + s];
      out.capacity[t * SPECIALTY_COUNT + s] = source.capacity[from * SPECIALTY_COUNT + s];
      out.gapFte[t * SPECIALTY_COUNT + s] = source.gapFte[from * SPECIALTY_COUNT + s];
    }
  });
  return out;
}

/**
 * A pack's sources with their vintages, one line per publisher, e.g. « CNAM (Open DAMIR) : flux 202402 à
 * flux 202501 », after the COG of its communes (PackManifest.cog, sources[].publisher, sources[].vintage):
 * what the comparison header and the report say of each side.
 */
export function packSources(manifest: Pick<PackManifest, 'cog' | 'sources'>): string[] {
  const byPublisher = new Map<string, string[]>();
  for (const source of manifest.sources) {
    const vintages = byPublisher.get(source.publisher) ?? [];
    if (!vintages.includes(source.vintage)) vintages.push(source.vintage);
    byPublisher.set(source.publisher, vintages);
  }
  const lines = [`Communes : COG ${manifest.cog}`];
  for (const [publisher, vintages] of byPublisher) {
    const sorted = [...vintages].sort();
    lines.push(`${publisher} : ${sorted.length > 3 ? `${sorted[0]} à ${sorted[sorted.length - 1]}` : sorted.join(', ')}`);
  }
  return lines;
}
