// Names of the exported files (issue 13): they carry the scenario and the specialty, so that a folder
// of exports reads without opening them, e.g.
// territoire-sante_msp-stenay_medecine-generale_bassins-de-vie-bv2022_55.csv.
import { SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import { fileSlug } from '../../common/file-names';

// The slug rule lives in common/file-names.ts.
export { fileSlug };

/** Name of a scenario given as plain JSON (the page's `target` / `reference`), or null. */
export const scenarioNameOf = (raw: unknown): string | null =>
  raw !== null && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : null;

export interface ExportNameParts {
  /** Compared scenario (null: the diagnostic without scenario). */
  scenario: string | null;
  /** Reference scenario of a comparison (null: the current situation). */
  reference?: string | null;
  /** Specialty of the file; null when the file has all nine. */
  specialty: Specialty | null;
  grid: string;
  departement: string | null;
  /** Without the dot: « csv ». */
  extension: string;
}

/**
 * territoire-sante_<scenario ou diagnostic>[-vs-<référence>]_<spécialité ou toutes-specialites>_<maillage>[_<département>].<ext>
 */
export function exportFileName(parts: ExportNameParts): string {
  const scenario = parts.scenario ? fileSlug(parts.scenario) || 'scenario' : 'diagnostic';
  const reference = parts.scenario && parts.reference ? `-vs-${fileSlug(parts.reference, 24) || 'reference'}` : '';
  const specialty = parts.specialty ? fileSlug(SPECIALTY_LABELS[parts.specialty]) : 'toutes-specialites';
  const grid = fileSlug(parts.grid) || 'maillage';
  const departement = parts.departement ? `_${fileSlug(parts.departement)}` : '';
  return `territoire-sante_${scenario}${reference}_${specialty}_${grid}${departement}.${parts.extension}`;
}
