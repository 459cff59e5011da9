// Columns of the pathway table (issue 14 §1), shared by the « Parcours de soins » screen and the report, as
// the diagnostic table's columns are (columns.ts): per territory, the people treated, and per specialty the
// programme's acts, the share of capacity they would take, the part the capacity left covers, and the need
// and capacity beside them.
import { NO_VALUE } from '../../common/format-fr';
import type { PathwayReport, PathwayTerritoryRow } from '../engine/pathway-report';
import { programmeLoad } from '../engine/pathways';
import { numberColumn, specialtyShortLabel, textColumn, type Column } from './columns';

/**
 * « oui », or « non » with the specialties whose capacity left does not cover the programme; « — » without
 * prevalence; on a total row, how many of its territories cannot.
 */
export function deliverableText(report: Pick<PathwayReport, 'specialties'>, row: PathwayTerritoryRow): string {
  if (row.total) return `non dans ${row.total.notDeliverable} territoire${row.total.notDeliverable > 1 ? 's' : ''} sur ${row.total.territories}`;
  if (row.deliverable.length === 0) return NO_VALUE;
  const short = report.specialties.filter((_, i) => !row.deliverable[i]).map(specialtyShortLabel);
  return short.length === 0 ? 'oui' : `non (${short.join(', ')})`;
}

/**
 * The table's columns: code, label, people per pathology, whether the programme fits, then per specialty of
 * the programme its acts, share of capacity (%), part covered by the capacity left (%), need (and the
 * scenario's own programmes when there are some) and capacity, in acts per year.
 */
export function pathwayColumns(report: Pick<PathwayReport, 'specialties' | 'pathologies' | 'withScenarioProgrammes'>): Column<PathwayTerritoryRow>[] {
  return [
    textColumn('code', 'Code', (r) => r.code),
    textColumn('libelle', 'Libellé', (r) => r.label),
    ...report.pathologies.map((p, i) =>
      numberColumn<PathwayTerritoryRow>({ id: `personnes_${p.id}`, header: `${p.label} — personnes traitées`, unit: 'personnes', decimals: 1, displayDecimals: 0 }, (r) => r.people[i]),
    ),
    textColumn('realisable', 'Programme réalisable avec l’offre restante', (r) => deliverableText(report, r)),
    ...report.specialties.flatMap((s, i) => {
      const name = specialtyShortLabel(s);
      const acts = { unit: 'actes/an', decimals: 1, displayDecimals: 0, specialty: s };
      const percent = { unit: '%', decimals: 2, displayDecimals: 1, specialty: s };
      return [
        numberColumn<PathwayTerritoryRow>({ ...acts, id: `${s}_actes_parcours`, header: `${name} — actes du programme (actes/an)` }, (r) => r.acts[i]),
        numberColumn<PathwayTerritoryRow>({ ...percent, id: `${s}_part_capacite`, header: `${name} — part de la capacité (%)` }, (r) => r.shareOfCapacity[i] * 100),
        numberColumn<PathwayTerritoryRow>({ ...percent, id: `${s}_part_couverte`, header: `${name} — part du programme couverte par l’offre restante (%)` }, (r) => r.coveredShare[i] * 100),
        numberColumn<PathwayTerritoryRow>({ ...acts, id: `${s}_besoin_actes`, header: `${name} — besoin selon l’âge (actes/an)` }, (r) => r.need[i]),
        ...(report.withScenarioProgrammes
          ? [numberColumn<PathwayTerritoryRow>({ ...acts, id: `${s}_programmes_scenario`, header: `${name} — programmes de soins du scénario (actes/an)` }, (r) => r.scenarioProgrammes[i])]
          : []),
        numberColumn<PathwayTerritoryRow>({ ...acts, id: `${s}_capacite_actes`, header: `${name} — capacité (actes/an)` }, (r) => r.capacity[i]),
      ];
    }),
  ];
}

/** The table's rows: the territories touching the département filter, or all of them (the map shows all). */
export function shownPathwayRows(report: Pick<PathwayReport, 'territories' | 'touching'>): PathwayTerritoryRow[] {
  if (!report.touching) return report.territories;
  const touching = new Set(report.touching);
  return report.territories.filter((row) => touching.has(row.code));
}

/**
 * The total of the rows given: people and acts summed over the territories with prevalence, shares
 * recomputed on the sums, and the count of territories that cannot deliver the programme (a total of
 * deficits and surpluses would hide them).
 */
export function pathwayTotal(report: Pick<PathwayReport, 'specialties'>, rows: PathwayTerritoryRow[], label = 'Total des lignes affichées'): PathwayTerritoryRow {
  const known = rows.filter((r) => r.deliverable.length > 0);
  const sum = (of: PathwayTerritoryRow[], pick: (r: PathwayTerritoryRow) => number[], n: number) => Array.from({ length: n }, (_, i) => of.reduce((t, r) => t + pick(r)[i], 0));
  const n = report.specialties.length;
  const acts = sum(known, (r) => r.acts, n);
  const capacity = sum(known, (r) => r.capacity, n);
  const need = sum(known, (r) => r.need, n);
  const scenarioProgrammes = sum(known, (r) => r.scenarioProgrammes, n);
  return {
    code: '',
    label,
    people: sum(known, (r) => r.people, rows[0]?.people.length ?? 0),
    acts,
    capacity,
    need,
    scenarioProgrammes,
    shareOfCapacity: acts.map((a, i) => programmeLoad(a, capacity[i], 0).shareOfCapacity),
    // Summed over territories, the capacity left of each territory: a surplus elsewhere does not cover a deficit here.
    coveredShare: acts.map((a, i) => (a > 0 ? known.reduce((t, r) => t + r.acts[i] * (Number.isFinite(r.coveredShare[i]) ? r.coveredShare[i] : 0), 0) / a : Number.NaN)),
    deliverable: [],
    total: { territories: known.length, notDeliverable: known.filter((r) => r.deliverable.includes(false)).length },
  };
}
