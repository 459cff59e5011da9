// One export file from evaluated states: the composition shared by the app (DB worker) and the CLI
// `export` command, so that both write the same tables, workbook, GeoJSON and report.
import type { PathwayReport } from '../engine/pathway-report';
import type { PackManifest } from '../../common/pack';
import { comparisonTable, dashboardTable, type ComparisonTable, type ScoreData } from '../engine/dashboard';
import type { AlertSetting } from './columns';
import type { ComparedPack } from './report';
import type { Specialty } from '../engine/domain';
import type { Evaluation } from '../engine/engine';
import type { ScoreSources } from '../engine/scores';
import { exportContext, type DescribedEvaluation } from './context';
import { comparisonCsv, dashboardCsv } from './csv';
import { dashboardGeoJson } from './geojson';
import type { MapInput } from './geometry';
import { reportHtml } from './report';
import { dashboardXlsx } from './xlsx';

export type ExportFormat = 'csv' | 'xlsx' | 'geojson' | 'html';

export interface ExportInput {
  format: ExportFormat;
  gridId: string;
  departement: string | null;
  /** Specialty columns kept (all nine when absent). */
  specialties?: readonly string[];
  /** Specialty of the report's map and of the APL KPIs: `mapSpecialty`, else the first kept, else MG. */
  mapSpecialty?: Specialty;
  /** The reference state (diagnostic), and the compared state when there is one. */
  before: DescribedEvaluation;
  after: DescribedEvaluation | null;
  scoreData: ScoreData | null;
  scoreSources: ScoreSources | null;
  structuresSource: string | null;
  productivitySources: Partial<Record<Specialty, string>>;
  timeMatrix: boolean;
  manifest: PackManifest;
  packDate: string | null;
  /** APL of an evaluation for a specialty (threshold KPIs of a comparison in the workbook and report). */
  accessibility(evaluation: Evaluation, specialty: Specialty): Float64Array;
  /** Geometry, asked only by the formats that draw (GeoJSON, report); null: a report without map. */
  map(): MapInput | null;
  /** The app's map as a PNG data URL, used by the report instead of its SVG map. */
  mapImage?: string | null;
  /**
   * Follow-up over time: the comparison of two packs' baselines (workers/db/pack-comparison.ts), used
   * instead of before → after; `before` and `after` are then the two baselines (for the context).
   */
  packComparison?: (ComparisonTable & { packs: { before: ComparedPack; after: ComparedPack } }) | null;
  /** Alert thresholds: an « Alerte » column (CSV, XLSX) and a section « Alertes » (report). */
  alerts?: AlertSetting | null;
  /** Care pathways of the state shown (« Parcours de soins » tab): a section of the report. */
  pathways?: PathwayReport | null;
}

/** The file's content: text for CSV, GeoJSON and HTML, bytes for XLSX. */
export async function exportFile(input: ExportInput): Promise<string | Uint8Array> {
  const { format, before, after, specialties } = input;
  const options = { departement: input.departement };
  const table = dashboardTable(before.evaluation, input.gridId, input.scoreData, options);
  const aplSpecialty = input.mapSpecialty ?? ((specialties?.[0] ?? 'MG') as Specialty);
  const apl =
    after && (format === 'xlsx' || format === 'html')
      ? { before: input.accessibility(before.evaluation, aplSpecialty), after: input.accessibility(after.evaluation, aplSpecialty), specialty: aplSpecialty }
      : null;
  const packs = input.packComparison?.packs ?? null;
  const comparison = input.packComparison ?? (after ? comparisonTable(before.evaluation, after.evaluation, input.gridId, options, apl) : null);
  const context = () => {
    const described = exportContext({
      manifest: input.manifest,
      packDate: input.packDate,
      before,
      after,
      productivitySources: input.productivitySources,
      scoreSources: input.scoreSources,
      structuresSource: input.structuresSource,
      timeMatrix: input.timeMatrix,
    });
    // A pack comparison names its sides by their packs.
    return packs ? { ...described, beforeTitle: `Paquet A : ${packs.before.label}`, afterTitle: `Paquet B : ${packs.after.label}` } : described;
  };
  const alerts = input.alerts ?? null;
  switch (format) {
    case 'csv':
      return comparison ? comparisonCsv(comparison, specialties, alerts) : dashboardCsv(table, specialties, alerts);
    case 'xlsx':
      return dashboardXlsx({ table, comparison, context: context(), specialties, alerts });
    case 'geojson': {
      const map = input.map();
      if (!map) throw new Error('géométrie des communes indisponible : GeoJSON impossible.');
      return dashboardGeoJson({ table, comparison, specialties, map });
    }
    case 'html':
      return reportHtml({ table, comparison, context: context(), specialties, mapSpecialty: aplSpecialty, map: input.map(), mapImage: input.mapImage ?? null, packs, alerts, pathways: input.pathways ?? null });
  }
}
