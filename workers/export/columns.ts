// Column definitions of the diagnostic and comparison tables, shared by the on-screen table and every
// exported file: French header with its unit, a stable key (GeoJSON property, UI id), the numeric value
// in the column's unit and the number formats. Percent columns hold percents (33.2), not ratios.
import type { ComparisonRow, ComparisonTable, DashboardRow, SpecialtyChange, SpecialtyFigures } from '../engine/dashboard';
import { displayedDifference, formatFixed, NO_VALUE, roundForDisplay } from '../../common/format-fr';
import { SPECIALTIES, SPECIALTY_LABELS, specialtyIndex, type Specialty } from '../engine/domain';
import { alertsActive, alertText, TERRITORY_APL_LABEL, type AlertThresholds } from '../engine/alerts';

export type CellValue = number | string;

export interface Column<Row> {
  /** Stable machine key, e.g. `MG_etp_manquants` (GeoJSON property name, React key). */
  id: string;
  /** French header with its unit, e.g. « MG — ETP manquants ». */
  header: string;
  /** Unit of the values: '', 'habitants', 'communes', 'actes/an', 'ETP', '%', 'min', 'indice'. */
  unit: string;
  kind: 'text' | 'number';
  specialty?: Specialty;
  /** Decimals written to CSV and GeoJSON (the precision of the `diagnose` CSV for the same figures). */
  decimals: number;
  /** Decimals shown on screen and in the XLSX number format (the cell keeps full precision). */
  displayDecimals: number;
  /** Explicit + on positive values on screen (gaps and changes). */
  signed: boolean;
  /** The value in the column's unit: text, or a number (NaN: no value). */
  value(row: Row): CellValue;
  /**
   * The number shown on screen and in the report when it is not `value` rounded: a change shown
   * beside its two ends is the difference of the two ends as displayed (displayedDifference), so
   * that the line checks by subtraction. Files (CSV, XLSX, GeoJSON) keep `value`.
   */
  displayValue?(row: Row): CellValue;
  /** fr-FR text for the screen and the report (narrow no-break space between thousands, « — » for no value). */
  format(value: CellValue): string;
}

// The rounding and fr-FR formatting rules live in common/format-fr.ts; re-exported for the importers of this module.
export { displayedDifference, NO_VALUE, roundForDisplay };
/** fr-FR number with a fixed number of decimals (roundForDisplay); « — » when not finite (common/format-fr.ts). */

/** The text of a cell as shown on screen and in the report (displayValue when the column has one). */
export const displayedCell = <Row>(column: Column<Row>, row: Row): string => column.format((column.displayValue ?? column.value)(row));

/** Short name of a specialty in headers: « MG » for general practice, the full name otherwise. */
export const specialtyShortLabel = (s: Specialty): string => (s === 'MG' ? 'MG' : SPECIALTY_LABELS[s]);

interface NumberSpec {
  id: string;
  header: string;
  unit: string;
  decimals: number;
  displayDecimals?: number;
  signed?: boolean;
  specialty?: Specialty;
}

export function numberColumn<Row>(spec: NumberSpec, value: (row: Row) => number, displayValue?: (row: Row) => number): Column<Row> {
  const displayDecimals = spec.displayDecimals ?? spec.decimals;
  const signed = spec.signed ?? false;
  return {
    id: spec.id,
    header: spec.header,
    unit: spec.unit,
    kind: 'number',
    specialty: spec.specialty,
    decimals: spec.decimals,
    displayDecimals,
    signed,
    value,
    ...(displayValue ? { displayValue } : {}),
    format: (v) => (typeof v === 'number' ? formatFixed(v, displayDecimals, signed) : String(v)),
  };
}

export function textColumn<Row>(id: string, header: string, value: (row: Row) => string): Column<Row> {
  return { id, header, unit: '', kind: 'text', decimals: 0, displayDecimals: 0, signed: false, value, format: (v) => String(v) };
}

const percent = (ratio: number) => ratio * 100;

function resolveSpecialties(specialties?: readonly string[]): Specialty[] {
  if (!specialties || specialties.length === 0) return [...SPECIALTIES];
  return specialties.map((id) => {
    if (specialtyIndex(id) < 0) throw new Error(`Spécialité inconnue « ${id} » (attendu : ${SPECIALTIES.join(', ')}).`);
    return id as Specialty;
  });
}

/** Gap in FTE per 100 000 inhabitants of the row (the map's « pour 100 000 habitants »); NaN without population. */
export const gapPer100k = (gapFte: number, population: number): number => (population > 0 ? (gapFte / population) * 100_000 : Number.NaN);

/**
 * Columns of one specialty of the diagnostic table, the planner's reading order: the gap (FTE, then
 * per 100 000 inhabitants), the coverage and the FTE missing first, then the acts behind them.
 */
function specialtyColumns(s: Specialty): Column<DashboardRow>[] {
  const index = specialtyIndex(s);
  const name = specialtyShortLabel(s);
  const f = (pick: (x: SpecialtyFigures) => number) => (row: DashboardRow) => pick(row.specialties[index]);
  return [
    numberColumn({ id: `${s}_ecart_etp`, header: `${name} — écart (ETP)`, unit: 'ETP', decimals: 2, displayDecimals: 1, signed: true, specialty: s }, f((x) => x.gapFte)),
    numberColumn(
      { id: `${s}_ecart_etp_100k`, header: `${name} — écart pour 100 000 hab. (ETP)`, unit: 'ETP', decimals: 2, displayDecimals: 1, signed: true, specialty: s },
      (row) => gapPer100k(row.specialties[index].gapFte, row.population),
    ),
    numberColumn({ id: `${s}_taux_couverture`, header: `Taux de couverture ${name} (%)`, unit: '%', decimals: 2, displayDecimals: 1, specialty: s }, f((x) => percent(x.coverage))),
    numberColumn({ id: `${s}_etp_manquants`, header: `${name} — ETP manquants`, unit: 'ETP', decimals: 2, displayDecimals: 1, specialty: s }, f((x) => x.fteNeeded)),
    numberColumn({ id: `${s}_besoin_actes`, header: `${name} — besoin (actes/an)`, unit: 'actes/an', decimals: 1, displayDecimals: 0, specialty: s }, f((x) => x.need)),
    numberColumn({ id: `${s}_capacite_actes`, header: `${name} — capacité (actes/an)`, unit: 'actes/an', decimals: 1, displayDecimals: 0, specialty: s }, f((x) => x.capacity)),
    numberColumn({ id: `${s}_ecart_actes`, header: `${name} — écart (actes/an)`, unit: 'actes/an', decimals: 1, displayDecimals: 0, signed: true, specialty: s }, f((x) => x.gapActs)),
    numberColumn({ id: `${s}_actes_a_couvrir`, header: `${name} — actes à couvrir (actes/an)`, unit: 'actes/an', decimals: 1, displayDecimals: 0, specialty: s }, f((x) => x.actsToCover)),
    numberColumn({ id: `${s}_taux_deficit`, header: `Taux de déficit ${name} (%)`, unit: '%', decimals: 2, displayDecimals: 1, specialty: s }, f((x) => percent(x.deficitRate))),
  ];
}

/**
 * Columns of the diagnostic table: code, label and population, then nine columns per specialty (all
 * nine, or the ones given, in that order), then communes, structures and scores. The specialty comes
 * right after the population so that, on a 1 090 px table, its figures are in view (issue 13).
 */
export function dashboardColumns(specialties?: readonly string[]): Column<DashboardRow>[] {
  return [
    textColumn('code', 'Code', (r) => r.code),
    textColumn('libelle', 'Libellé', (r) => r.label),
    numberColumn({ id: 'population', header: 'Population', unit: 'habitants', decimals: 0 }, (r) => r.population),
    ...resolveSpecialties(specialties).flatMap(specialtyColumns),
    numberColumn({ id: 'nb_communes', header: 'Nb communes', unit: 'communes', decimals: 0 }, (r) => r.communes),
    numberColumn({ id: 'nb_msp', header: 'Nb MSP', unit: '', decimals: 0 }, (r) => r.msp),
    numberColumn({ id: 'nb_cds', header: 'Nb centres de santé', unit: '', decimals: 0 }, (r) => r.cds),
    numberColumn({ id: 'score_pa', header: 'Score personnes âgées (indice, France = 1)', unit: 'indice', decimals: 3, displayDecimals: 2 }, (r) => r.scorePa),
    numberColumn({ id: 'score_ald', header: 'Score ALD (indice, France = 1)', unit: 'indice', decimals: 3, displayDecimals: 2 }, (r) => r.scoreAld),
    numberColumn({ id: 'score_urgence', header: 'Score urgence (min jusqu’aux urgences)', unit: 'min', decimals: 1, displayDecimals: 0 }, (r) => r.scoreUrgence),
  ];
}

function changeColumns(s: Specialty, external: boolean): Column<ComparisonRow>[] {
  const index = specialtyIndex(s);
  const name = specialtyShortLabel(s);
  const f = (pick: (x: SpecialtyChange) => number) => (row: ComparisonRow) => pick(row.specialties[index]);
  return [
    numberColumn({ id: `${s}_ecart_etp_avant`, header: `${name} — écart avant (ETP)`, unit: 'ETP', decimals: 2, displayDecimals: 1, signed: true, specialty: s }, f((x) => x.gapFteBefore)),
    numberColumn({ id: `${s}_ecart_etp_apres`, header: `${name} — écart après (ETP)`, unit: 'ETP', decimals: 2, displayDecimals: 1, signed: true, specialty: s }, f((x) => x.gapFteAfter)),
    numberColumn(
      { id: `${s}_delta_ecart_etp`, header: `${name} — variation de l’écart (ETP)`, unit: 'ETP', decimals: 2, displayDecimals: 1, signed: true, specialty: s },
      f((x) => x.deltaGapFte),
      // Shown beside « écart avant » and « écart après »: the difference of the two as displayed.
      f((x) => displayedDifference(x.gapFteAfter, x.gapFteBefore, 1)),
    ),
    numberColumn({ id: `${s}_delta_ecart_actes`, header: `${name} — variation de l’écart (actes/an)`, unit: 'actes/an', decimals: 1, displayDecimals: 0, signed: true, specialty: s }, f((x) => x.deltaGapActs)),
    numberColumn({ id: `${s}_etp_manquants_avant`, header: `${name} — ETP manquants avant`, unit: 'ETP', decimals: 2, displayDecimals: 1, specialty: s }, f((x) => x.fteNeededBefore)),
    numberColumn({ id: `${s}_etp_manquants_apres`, header: `${name} — ETP manquants après`, unit: 'ETP', decimals: 2, displayDecimals: 1, specialty: s }, f((x) => x.fteNeededAfter)),
    ...(external
      ? [
          numberColumn(
            { id: `${s}_offre_exterieure_apres`, header: `${name} — dont offre extérieure après (actes/an)`, unit: 'actes/an', decimals: 1, displayDecimals: 0, specialty: s },
            f((x) => x.externalActsAfter),
          ),
        ]
      : []),
  ];
}

/** Whether a comparison counts outside supply (external teleconsultation) on either side. */
export const hasExternalSupply = (table: Pick<ComparisonTable, 'kpis'>): boolean =>
  table.kpis.externalActsBefore.some((x) => x > 0) || table.kpis.externalActsAfter.some((x) => x > 0);

/** Population-weighted mean APL of a row's communes, before or after; NaN without APL figures. */
const meanApl = (row: ComparisonRow, side: 'before' | 'after'): number =>
  row.apl && row.apl.aplPopulation > 0 ? (side === 'before' ? row.apl.aplWeightedBefore : row.apl.aplWeightedAfter) / row.apl.aplPopulation : Number.NaN;

/** APL of the territory before, after, and its change (consultations per inhabitant per year), for the specialty of the table's APL. */
function aplColumns(s: Specialty): Column<ComparisonRow>[] {
  const name = specialtyShortLabel(s);
  const unit = 'consultations/hab./an';
  return [
    numberColumn({ id: 'apl_avant', header: `APL ${name} avant (consultations/hab./an)`, unit, decimals: 3, displayDecimals: 2 }, (r) => meanApl(r, 'before')),
    numberColumn({ id: 'apl_apres', header: `APL ${name} après (consultations/hab./an)`, unit, decimals: 3, displayDecimals: 2 }, (r) => meanApl(r, 'after')),
    numberColumn(
      { id: 'delta_apl', header: `Δ APL ${name} (consultations/hab./an)`, unit, decimals: 3, displayDecimals: 2, signed: true },
      (r) => meanApl(r, 'after') - meanApl(r, 'before'),
      (r) => displayedDifference(meanApl(r, 'after'), meanApl(r, 'before'), 2),
    ),
  ];
}

/**
 * Columns of the difference table: territory, population before and after, six columns per specialty,
 * and a seventh, the outside supply after, when `external` (see hasExternalSupply); with `aplSpecialty`
 * (the table was computed with APL vectors: ComparisonTable.aplSpecialty), the territories' APL before,
 * after and its change, after the population.
 */
export function comparisonColumns(specialties?: readonly string[], external = false, aplSpecialty: Specialty | null = null): Column<ComparisonRow>[] {
  return [
    textColumn('code', 'Code', (r) => r.code),
    textColumn('libelle', 'Libellé', (r) => r.label),
    numberColumn({ id: 'population_avant', header: 'Population avant', unit: 'habitants', decimals: 0 }, (r) => r.populationBefore),
    numberColumn({ id: 'population_apres', header: 'Population après', unit: 'habitants', decimals: 0 }, (r) => r.populationAfter),
    ...(aplSpecialty ? aplColumns(aplSpecialty) : []),
    ...resolveSpecialties(specialties).flatMap((s) => changeColumns(s, external)),
  ];
}

/** What the page's table shows: the chosen specialty in detail, or acts to cover and FTE missing of all nine. */
export type TableScope = 'specialty' | 'all';

/** Ids of the columns that show the map's indicator (renderer map indicators), for a specialty. */
const INDICATOR_COLUMN: Record<string, (s: Specialty) => string> = {
  gapFte: (s) => `${s}_ecart_etp`,
  gapPer100k: (s) => `${s}_ecart_etp_100k`,
  gapActs: (s) => `${s}_ecart_actes`,
  coverage: (s) => `${s}_taux_couverture`,
  population: () => 'population',
  scorePa: () => 'score_pa',
  scoreAld: () => 'score_ald',
  scoreUrgence: () => 'score_urgence',
};

/**
 * Columns of the page's diagnostic table (issue 13: the specialty in view on a 1 090 px table):
 * - « specialty »: dashboardColumns([specialty]), what the CSV of the screen contains;
 * - « all »: code, label, population, the specialty's gap (FTE and per 100 000 inhabitants) and
 *   deficit rate, then acts to cover and FTE missing of the nine specialties, then the other columns.
 * The column of the map's `indicator` (App's indicator ids) comes first after the population, so that
 * the table shows the figure the map colours. The APL is per commune and not in the diagnostic rows:
 * no column for it here (the difference table has it, see comparisonColumns).
 */
export function dashboardTableColumns(scope: TableScope, specialty: Specialty, indicator?: string): Column<DashboardRow>[] {
  let columns: Column<DashboardRow>[];
  if (scope === 'specialty') columns = dashboardColumns([specialty]);
  else {
    const all = dashboardColumns();
    const head = all.slice(0, 3);
    const own = [`${specialty}_ecart_etp`, `${specialty}_ecart_etp_100k`, `${specialty}_taux_deficit`].map((id) => all.find((c) => c.id === id)!);
    const nine = all.filter((c) => c.specialty && (c.id.endsWith('_actes_a_couvrir') || c.id.endsWith('_etp_manquants')));
    const rest = all.filter((c) => !c.specialty && !head.includes(c));
    columns = [...head, ...own, ...nine, ...rest];
  }
  const id = indicator ? INDICATOR_COLUMN[indicator]?.(specialty) : undefined;
  const shown = id ? columns.find((c) => c.id === id) : undefined;
  if (!shown || shown.id === 'population') return columns;
  const others = columns.filter((c) => c !== shown);
  return [...others.slice(0, 3), shown, ...others.slice(3)];
}

/**
 * Columns of the page's difference table: the specialty's changes; the APL columns when the table has
 * APL for that specialty, first after the population when the map shows « Δ APL » (`measure` 'apl').
 */
export function comparisonTableColumns(specialty: Specialty, table: Pick<ComparisonTable, 'kpis' | 'aplSpecialty'> | null, measure: 'fte' | 'apl' = 'fte'): Column<ComparisonRow>[] {
  const columns = comparisonColumns([specialty], table ? hasExternalSupply(table) : false, table?.aplSpecialty === specialty ? specialty : null);
  if (measure === 'apl') return columns;
  // The FTE map: the specialty's changes first, the APL after them.
  const apl = columns.filter((c) => c.id.includes('apl'));
  return [...columns.filter((c) => !apl.includes(c)), ...apl];
}

/**
 * Direction of the first click on a column's header: gaps and changes (signed columns: « écart »,
 * « variation », « Δ APL ») ascending, so that deficits and losses come first, most negative first;
 * other numbers descending (largest first); text ascending (issue 13).
 */
export const firstSortDescending = (column: Pick<Column<unknown>, 'kind' | 'signed'>): boolean => column.kind === 'number' && !column.signed;

/**
 * Rows sorted by a column (a new array, stable): numbers in `descending` order or not, rows without a
 * value (NaN) last whatever the direction; text by French collation.
 */
export function sortRows<Row>(rows: readonly Row[], column: Column<Row>, descending: boolean): Row[] {
  const direction = descending ? -1 : 1;
  return rows.slice().sort((a, b) => {
    const va = column.value(a), vb = column.value(b);
    if (typeof va === 'number' && typeof vb === 'number') {
      if (!Number.isFinite(va)) return Number.isFinite(vb) ? 1 : 0;
      if (!Number.isFinite(vb)) return -1;
      return (va - vb) * direction;
    }
    return String(va).localeCompare(String(vb), 'fr') * direction;
  });
}

/**
 * The rows of a table followed by its total rows, in the order of the screen (what the files write):
 * the total of the rows (« Total des lignes affichées »), then the département's own total when a
 * département filter is on.
 */
export const withTotal = <Row>(table: { rows: Row[]; total: Row; departementTotal?: Row | null }): Row[] =>
  table.departementTotal ? [...table.rows, table.total, table.departementTotal] : [...table.rows, table.total];

/**
 * Alert thresholds applied to a table (issue 14 §3): the thresholds, the specialty they read (the map's)
 * and the territories' mean APL by code (territoryMeanApl; null: not computed, the APL threshold flags nothing).
 */
export interface AlertSetting {
  thresholds: AlertThresholds;
  specialty: Specialty;
  aplByCode: Readonly<Record<string, number>> | null;
}

const territoryAplColumn = <Row extends { code: string; territory: number }>(setting: AlertSetting): Column<Row> =>
  numberColumn(
    { id: `${setting.specialty}_apl_territoire`, header: `${TERRITORY_APL_LABEL} — ${specialtyShortLabel(setting.specialty)}`, unit: 'consultations/an/hab.', decimals: 3, displayDecimals: 2, specialty: setting.specialty },
    (row) => (row.territory < 0 ? Number.NaN : (setting.aplByCode?.[row.code] ?? Number.NaN)),
  );

/**
 * The « Alerte » column of a table: the reasons a territory is below a threshold, in words (alertText),
 * '' when none and on total rows; `coverage` reads the row's coverage ratio of the setting's specialty
 * (the « after » side of a comparison: the state being followed). With the territory APL after it when
 * computed (the alert first: in view beside the specialty's figures). No column at all when no threshold is on.
 */
function alertColumns<Row extends { code: string; territory: number }>(setting: AlertSetting | null | undefined, coverage: (row: Row, s: number) => number): Column<Row>[] {
  if (!setting || !alertsActive(setting.thresholds)) return [];
  const s = specialtyIndex(setting.specialty);
  // A short header: each reason carries its threshold (« couverture MG 72,4 % < 80 % »), the report lists them.
  const alert = textColumn<Row>('alerte', 'Alerte', (row) =>
    row.territory < 0 ? '' : alertText({ coverage: coverage(row, s), apl: setting.aplByCode?.[row.code] ?? Number.NaN }, setting.thresholds, setting.specialty),
  );
  return [alert, ...(setting.aplByCode && setting.thresholds.apl.enabled ? [territoryAplColumn<Row>(setting)] : [])];
}

export const dashboardAlertColumns = (setting: AlertSetting | null | undefined): Column<DashboardRow>[] => alertColumns<DashboardRow>(setting, (row, s) => row.specialties[s].coverage);

/** Coverage after (capacity ÷ need of the « after » side). */
export const comparisonAlertColumns = (setting: AlertSetting | null | undefined): Column<ComparisonRow>[] =>
  alertColumns<ComparisonRow>(setting, (row, s) => (row.specialties[s].needAfter > 0 ? row.specialties[s].capacityAfter / row.specialties[s].needAfter : Number.NaN));

/** The rows of a table flagged by the setting's alert column, with their reasons (KPI panel, report). */
export function flaggedRows<Row extends { code: string; label: string; territory: number }>(rows: readonly Row[], columns: readonly Column<Row>[]): { code: string; label: string; reasons: string }[] {
  const alert = columns.find((c) => c.id === 'alerte');
  if (!alert) return [];
  return rows.flatMap((row) => {
    const reasons = String(alert.value(row));
    return reasons ? [{ code: row.code, label: row.label, reasons }] : [];
  });
}
