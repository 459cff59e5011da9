// XLSX workbook with write-excel-file (universal entry: no DOM, no Node; Blob exists in browsers,
// workers and Node ≥ 18). Real numeric cells at full precision with a number format of the column's
// displayed decimals, a bold frozen header row, frozen code and label columns, and a « Hypothèses »
// sheet with the provenance, levers, parameters, reference assumptions, sources and formulas.
import writeXlsxFile, { type Cell, type Row, type Sheet } from 'write-excel-file/universal';
import { isTotalRow, type ComparisonTable, type DashboardTable } from '../engine/dashboard';
import { SPECIALTIES, SPECIALTY_LABELS } from '../engine/domain';
import { comparisonAlertColumns, comparisonColumns, dashboardAlertColumns, dashboardColumns, displayedDifference, hasExternalSupply, withTotal, type AlertSetting, type Column } from './columns';
import { DEMO_LABEL, type ExportContext } from './context';
import { plainFileName, plainText } from './plain-text';

export interface WorkbookInput {
  table: DashboardTable;
  comparison?: ComparisonTable | null;
  context: ExportContext;
  /** Restricts the specialty columns. */
  specialties?: readonly string[];
  /** Alert thresholds: an « Alerte » column on the table of the state followed (the comparison's, else the diagnostic's). */
  alerts?: AlertSetting | null;
}

/** Excel number format with `decimals` digits and a thousands separator (Excel shows them the French way). */
export function numberFormat(decimals: number, signed = false): string {
  const base = decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
  return signed ? `+${base};-${base};${base}` : base;
}

const HEADER_STYLE = { fontWeight: 'bold', backgroundColor: '#EEEAF6', wrap: true, alignVertical: 'top' } as const;

function headerRow(headers: readonly string[]): Row {
  return headers.map((value) => ({ value, type: String, ...HEADER_STYLE }));
}

function tableSheet<Row_>(name: string, columns: readonly Column<Row_>[], rows: readonly Row_[], isTotal: (row: Row_) => boolean): Sheet<unknown> {
  const data: Row[] = [headerRow(columns.map((c) => c.header))];
  for (const row of rows) {
    const bold = isTotal(row) ? ({ fontWeight: 'bold' } as const) : {};
    data.push(
      columns.map((column): Cell => {
        const value = column.value(row);
        if (typeof value === 'string') return { value, type: String, ...bold };
        // No value: an empty cell, not 0 and not text.
        if (!Number.isFinite(value)) return null;
        return { value, type: Number, format: numberFormat(column.displayDecimals, column.signed), ...bold };
      }),
    );
  }
  return {
    data,
    sheet: name,
    stickyRowsCount: 1,
    stickyColumnsCount: 2,
    columns: columns.map((c) => ({ width: c.id === 'libelle' ? 32 : c.kind === 'text' ? 10 : Math.min(22, Math.max(11, Math.ceil(c.header.length / 2) + 2)) })),
  };
}

const text = (value: string, bold = false): Cell => ({ value, type: String, ...(bold ? { fontWeight: 'bold' as const } : {}) });

/**
 * An instant (ISO 8601) as the date and time a reader in France sees (Europe/Paris wall clock), as a
 * Date whose UTC fields are that wall clock: write-excel-file writes Date cells from getTime() (UTC)
 * and Excel dates have no time zone. Null for a missing or unreadable date.
 */
export function parisWallClock(iso: string | null): Date | null {
  if (!iso) return null;
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return null;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  );
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second));
}

/** Excel number format of the dates of the workbook (day/month/year, 24 h). */
export const DATE_FORMAT = 'dd/mm/yyyy hh:mm';

/** A real date cell (Europe/Paris), or the text « non connue ». */
const dateCell = (iso: string | null): Cell => {
  const date = parisWallClock(iso);
  return date ? { value: date, type: Date, format: DATE_FORMAT } : text(iso ?? 'non connue');
};

function kpiSheet(comparison: ComparisonTable, context: ExportContext): Sheet<unknown> {
  const k = comparison.kpis;
  const n = (value: number, decimals: number, signed = false): Cell => (Number.isFinite(value) ? { value, type: Number, format: numberFormat(decimals, signed) } : null);
  const data: Row[] = [
    [text(`${context.afterTitle ?? ''} par rapport à : ${context.beforeTitle}`, true)],
    [text(`Écarts et ETP manquants : ligne « ${comparison.total.label} » des ${k.territories} territoires de la feuille « Comparaison ». Habitants en déficit : habitants des ${k.deficitTerritories} dont l’écart est négatif.`)],
    [],
    headerRow(['Spécialité', 'Écart avant (ETP)', 'Écart après (ETP)', 'Variation de l’écart (ETP)', 'ETP manquants avant', 'ETP manquants après', `Habitants des ${k.deficitTerritories} en déficit, avant`, `Habitants des ${k.deficitTerritories} en déficit, après`, 'Dont offre extérieure après (actes/an)']),
    // Full precision, shown with one decimal as on the screen (the tables' ETP format).
    ...SPECIALTIES.map((s, i): Row => [
      text(SPECIALTY_LABELS[s]),
      n(k.gapFteBefore[i], 1, true),
      n(k.gapFteAfter[i], 1, true),
      // The difference of the two ends as displayed (one decimal), as on the screen and in the report.
      n(displayedDifference(k.gapFteAfter[i], k.gapFteBefore[i], 1), 1, true),
      n(k.fteNeededBefore[i], 1),
      n(k.fteNeededAfter[i], 1),
      n(k.populationInDeficitBefore[i], 0),
      n(k.populationInDeficitAfter[i], 0),
      n(k.externalActsAfter[i], 0),
    ]),
  ];
  if (k.apl) {
    const a = k.apl;
    data.push(
      [],
      [text(`Seuils d’APL (${SPECIALTY_LABELS[a.specialty]}) : ${a.thresholds.zip} et ${a.thresholds.vivier}`, true)],
      headerRow(['Indicateur', 'Communes', 'Population']),
      [text('Changent de classe'), n(a.communesCrossing, 0), n(a.populationCrossing, 0)],
      [text(`APL de ${a.thresholds.zip} ou moins, avant`), n(a.communesBelowZipBefore, 0), n(a.populationBelowZipBefore, 0)],
      [text(`APL de ${a.thresholds.zip} ou moins, après`), n(a.communesBelowZipAfter, 0), n(a.populationBelowZipAfter, 0)],
      ...a.transitions.map((t): Row => [text(`de « ${t.from} » à « ${t.to} »`), n(t.communes, 0), n(t.population, 0)]),
    );
  }
  return { data, sheet: 'Indicateurs', columns: [{ width: 34 }, ...Array.from({ length: 7 }, () => ({ width: 16 }))] };
}

function assumptionsSheet(context: ExportContext): Sheet<unknown> {
  const data: Row[] = [];
  const section = (title: string) => {
    if (data.length > 0) data.push([]);
    data.push([text(title, true)]);
  };
  const triple = (a: string, b: string, c: string) => data.push([text(a), text(b), text(c)]);
  const pack = context.pack;
  section('Provenance des données');
  triple('Paquet', pack.label, pack.id);
  if (pack.demo) triple('Nature des chiffres', DEMO_LABEL, 'chiffres estimés à partir de marges publiques réelles');
  data.push([text('Date d’import du paquet'), dateCell(pack.date), text('heure de Paris')]);
  data.push([text('Date de l’export'), dateCell(context.generatedAt), text('heure de Paris')]);
  data.push(headerRow(['Fichier source', 'Millésime', 'Producteur']));
  for (const s of pack.sources) triple(plainFileName(s.file), s.vintage, s.publisher);
  for (const w of pack.warnings) triple('Avertissement', plainText(w), '');
  for (const scenario of context.scenarios) {
    section(`Scénario « ${scenario.name} »`);
    if (scenario.description) triple('Description', scenario.description, '');
    data.push(headerRow(['Levier', 'Paramètres', 'Source']));
    for (const l of scenario.levers) triple(`${l.label}${l.enabled ? '' : ' (désactivé)'}`, l.description, plainText(l.source));
  }
  for (const block of context.parameters) {
    section(`Paramètres — ${block.title}`);
    data.push(headerRow(['Paramètre', 'Valeur', 'Source']));
    for (const r of block.rows) triple(r.name, r.value, plainText(r.source));
  }
  section('Hypothèses de référence');
  data.push(headerRow(['Hypothèse', 'Valeur', 'Source']));
  for (const r of context.references) triple(r.name, r.value, plainText(r.source));
  section('Sources des scores et des structures');
  for (const r of context.scoreSources) triple(r.name, plainText(r.source), '');
  section('Formules');
  for (const r of context.formulas) triple(r.name, r.value, plainText(r.source));
  return { data, sheet: 'Hypothèses', columns: [{ width: 48 }, { width: 70 }, { width: 70 }] };
}

/** The workbook: « Diagnostic », then « Comparaison » and « Indicateurs » when comparing, and « Hypothèses ». */
export async function dashboardXlsx(input: WorkbookInput): Promise<Uint8Array> {
  const diagnosticAlerts = input.comparison ? [] : dashboardAlertColumns(input.alerts);
  const sheets: Sheet<unknown>[] = [tableSheet('Diagnostic', [...dashboardColumns(input.specialties), ...diagnosticAlerts], withTotal(input.table), isTotalRow)];
  if (input.comparison) {
    const columns = [...comparisonColumns(input.specialties, hasExternalSupply(input.comparison), input.comparison.aplSpecialty), ...comparisonAlertColumns(input.alerts)];
    sheets.push(tableSheet('Comparaison', columns, withTotal(input.comparison), isTotalRow));
    sheets.push(kpiSheet(input.comparison, input.context));
  }
  sheets.push(assumptionsSheet(input.context));
  // A Blob (typed structurally: this module's type library has no DOM).
  const blob = (await writeXlsxFile(sheets as Sheet<never>[], { fontFamily: 'Calibri', fontSize: 11 }).toBlob()) as unknown as { arrayBuffer(): Promise<ArrayBuffer> };
  return new Uint8Array(await blob.arrayBuffer());
}
