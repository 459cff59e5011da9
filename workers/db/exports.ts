// Exports asked by the page, built in the worker from the planning session with the composition the
// CLI `export` command uses (workers/export/export-file.ts): the app and the CLI write the same files.
import { pathwayReport } from '../engine/pathway-report';
import { DEFAULT_PROGRAMME, parseProgramme } from '../engine/pathways';
import type { PackManifest } from '../../common/pack';
import type { Specialty } from '../engine/domain';
import { exportFile, type ExportFormat } from '../export/export-file';
import type { TsGeoLayer } from '../export/geometry';
import type { PlanningSession } from './planning';
import { alertsActive, territoryMeanApl, thresholdsFor, type AlertThresholds } from '../engine/alerts';
import type { PackComparisonTable } from './pack-comparison';

export type { ExportFormat };

export interface ExportRequest {
  grid: string;
  specialty: Specialty;
  departement: string | null;
  /** Scenario shown (plain JSON); null: the baseline diagnostic. */
  target: unknown | null;
  /** Reference of a comparison; null: the baseline. */
  reference: unknown | null;
  /** Specialty columns of the tables, as the page's table shows them; null or absent: all nine. */
  specialties?: Specialty[] | null;
  /** The map as drawn in the app (PNG data URL with title and legend) for the report. */
  mapPngDataUrl: string | null;
  /** When the active pack was imported (stored packs), ISO. */
  packDate?: string | null;
  /** Follow-up over time: the id of pack A compared with the active pack B (both baselines; target and reference ignored). */
  comparePack?: string | null;
  /** Alert thresholds of the view: an « Alerte » column and a section « Alertes » (APL threshold on `specialty`). */
  alerts?: AlertThresholds | null;
  /** From the « Parcours de soins » tab: the care programme edited there (the reference one when null); the report then has its section. */
  pathways?: { programme: unknown | null } | null;
}

const encoder = new TextEncoder();

/**
 * The file of the current view. `packTable`: a pack comparison (pack A → the active pack B) computed by
 * the worker, written instead of the scenario comparison.
 */
export async function buildExport(session: PlanningSession, manifest: PackManifest, layer: TsGeoLayer | null, format: ExportFormat, request: ExportRequest, packTable: PackComparisonTable | null = null): Promise<Uint8Array> {
  const describe = (raw: unknown | null) => {
    if (raw === null) return { evaluation: session.baseline(), scenario: null };
    const { evaluation, scenario } = session.evaluate(raw);
    return { evaluation, scenario };
  };
  const { data: scoreData, sources: scoreSources } = session.scoreData();
  const grid = session.data.inputs.grids.find((g) => g.id === request.grid);
  if (!grid) throw new Error(`maillage inconnu « ${request.grid} ».`);
  const before = packTable ? { evaluation: session.baseline(), scenario: null } : describe(request.reference);
  const after = packTable ? null : request.target === null ? null : describe(request.target);
  // Alerts read the state followed: the scenario shown, else the active pack's baseline (pack B in a pack comparison).
  const applying = request.alerts ? thresholdsFor(request.alerts, request.specialty) : null;
  const thresholds = applying && alertsActive(applying) ? applying : null;
  let aplByCode: Record<string, number> | null = null;
  if (thresholds?.apl.enabled) {
    const followed = (after ?? before).evaluation;
    const mean = territoryMeanApl(session.aplOf(followed, request.specialty), followed.communes.population, grid);
    aplByCode = Object.fromEntries(grid.codes.map((code, t) => [code, mean[t]]));
  }
  const content = await exportFile({
    format,
    gridId: request.grid,
    departement: request.departement,
    mapSpecialty: request.specialty,
    specialties: request.specialties ?? undefined,
    before,
    after,
    packComparison: packTable,
    alerts: thresholds ? { thresholds, specialty: request.specialty, aplByCode } : null,
    scoreData,
    scoreSources,
    structuresSource: session.data.structuresSource,
    productivitySources: session.data.productivitySources,
    timeMatrix: session.data.timePairs !== undefined,
    manifest,
    packDate: request.packDate ?? null,
    accessibility: (evaluation, specialty) => session.aplOf(evaluation, specialty),
    map: () => (layer ? { layer, grid, communeCodes: session.data.inputs.communes } : null),
    mapImage: request.mapPngDataUrl,
    pathways: request.pathways
      ? pathwayReport(session.data.inputs, (after ?? before).evaluation, request.grid, request.pathways.programme === null ? DEFAULT_PROGRAMME : parseProgramme(request.pathways.programme), {
          departement: request.departement,
          strata: false,
        })
      : null,
  });
  return typeof content === 'string' ? encoder.encode(content) : content;
}
