// Exports asked by the page, built in the worker from the planning session with the same exporters
// as the CLI `export` command (workers/export).
import type { PackManifest } from '../../common/pack';
import type { TsGeoLayer } from '../export/geometry';
import { comparisonTable, dashboardTable } from '../engine/dashboard';
import type { Specialty } from '../engine/domain';
import { parseScenario } from '../engine/scenario';
import { exportContext } from '../export/context';
import { comparisonCsv, dashboardCsv } from '../export/csv';
import { dashboardGeoJson } from '../export/geojson';
import { reportHtml } from '../export/report';
import { dashboardXlsx } from '../export/xlsx';
import type { PlanningSession } from './planning';

export type ExportFormat = 'csv' | 'xlsx' | 'geojson' | 'html';

export interface ExportRequest {
  grid: string;
  specialty: Specialty;
  departement: string | null;
  /** Scenario shown (plain JSON); null: the baseline diagnostic. */
  target: unknown | null;
  /** Reference of a comparison; null: the baseline. */
  reference: unknown | null;
  /** The map as drawn in the app (PNG data URL) for the report. */
  mapPngDataUrl: string | null;
  mapTitle: string;
}

const encoder = new TextEncoder();

export async function buildExport(session: PlanningSession, manifest: PackManifest, layer: TsGeoLayer, format: ExportFormat, request: ExportRequest): Promise<Uint8Array> {
  const describe = (raw: unknown | null) => {
    if (raw === null) return { evaluation: session.baseline(), scenario: null };
    const { scenario } = parseScenario(raw);
    return { evaluation: session.evaluate(raw).evaluation, scenario };
  };
  const before = describe(request.reference);
  const after = request.target === null ? null : describe(request.target);
  const options = { departement: request.departement };
  const { data: scoreData, sources: scoreSources } = session.scoreData();
  // The planners' table describes the state shown: the scenario when there is one.
  const table = dashboardTable((after ?? before).evaluation, request.grid, scoreData, options);
  const comparison = after ? comparisonTable(before.evaluation, after.evaluation, request.grid, options, aplOf(session, request)) : null;
  const context = exportContext({
    manifest,
    before,
    after,
    productivitySources: session.data.productivitySources,
    scoreSources,
    structuresSource: session.data.structuresSource,
  });
  const grid = session.data.inputs.grids.find((g) => g.id === request.grid)!;
  const map = { layer, grid, communeCodes: session.data.inputs.communes };
  switch (format) {
    case 'csv':
      return encoder.encode(comparison ? comparisonCsv(comparison) : dashboardCsv(table));
    case 'xlsx':
      return dashboardXlsx({ table, comparison, context });
    case 'geojson':
      return encoder.encode(dashboardGeoJson({ table, comparison, map }));
    case 'html':
      return encoder.encode(reportHtml({ table, comparison, context, map, mapImage: request.mapPngDataUrl, mapSpecialty: request.specialty }));
  }
}

/** APL vectors of the compared states for the threshold KPIs. */
function aplOf(session: PlanningSession, request: ExportRequest) {
  return {
    before: session.accessibility(request.specialty, request.reference),
    after: session.accessibility(request.specialty, request.target),
    specialty: request.specialty,
  };
}
