// `pathways`: need from care pathways (issue 14) — people per pathology and stratum in each territory, the
// programme's acts per specialty and the share of the installed capacity they would take.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatCsv, formatPlainNumber, type CsvValue } from '../../../common/csv';
import { isGridId } from '../../../common/pack';
import { loadEngineInputs } from '../../../workers/db/engine-inputs';
import { PlanningEngine } from '../../../workers/engine/engine';
import { pathwayReport, type PathwayReport, type PathwayTerritoryRow } from '../../../workers/engine/pathway-report';
import { DEFAULT_PROGRAMME, parseProgramme, type CareProgramme } from '../../../workers/engine/pathways';
import { openNodeDatabase } from '../duckdb-node';
import { CliError, UsageError } from '../errors';
import { openPackFolder, writeFileAtomic } from '../files';
import { defaultPackFolder } from '../packs';
import { evaluateScenario, readScenarioFile } from './diagnose';

export const PATHWAYS_USAGE = `pathways [--pack <dossier>] --grid <COM|EPCI|BV2022|ZE2020|AAV2020|DEP|PERSO:<id>> [--scenario <fichier.json>] [--parcours <programme.json>] --out <fichier.csv>
    Besoin des parcours de soins (diabète, insuffisance cardiaque) : une ligne par territoire, pathologie et strate,
    personnes, actes par an et part de la capacité installée par spécialité (paquet avec la Cartographie des pathologies).
    pathways --parcours-reference <programme.json> écrit le programme de référence, à modifier puis à donner à --parcours.`;

/** Columns every script can rely on (issue 14 contract), then per specialty of the programme. */
export const PATHWAYS_HEADER = ['grille', 'code', 'libelle', 'pathologie', 'strate', 'personnes'];

/**
 * The CSV rows of a pathway report: acts per year (1 decimal), shares of capacity (fractions, 4 decimals),
 * then, for the whole territory (repeated on its rows), whether the programme fits in the capacity left.
 */
export function pathwayCsv(report: PathwayReport): { header: string[]; rows: CsvValue[][] } {
  const header = [
    ...PATHWAYS_HEADER,
    ...report.specialties.map((s) => `actes_${s}`),
    ...report.specialties.map((s) => `part_capacite_${s}`),
    'programme_realisable',
    'libelle_strate',
  ];
  const territory = new Map(report.territories.map((t) => [t.code, t]));
  const rows = report.strata.map((row): CsvValue[] => [
    report.grid,
    row.code,
    row.label,
    row.pathology,
    row.stratum,
    formatPlainNumber(row.people, 1),
    ...row.acts.map((acts) => formatPlainNumber(acts, 1)),
    ...row.shareOfCapacity.map((share) => formatPlainNumber(share, 4)),
    deliverableCode(report, territory.get(row.code)!),
    row.stratumLabel,
  ]);
  return { header, rows };
}

/** « oui », « non:MG,OPH » (the specialties that cannot), or '' without prevalence: one value scripts can split. */
function deliverableCode(report: PathwayReport, row: PathwayTerritoryRow): string {
  if (row.deliverable.length === 0) return '';
  const cannot = report.specialties.filter((_, i) => !row.deliverable[i]);
  return cannot.length === 0 ? 'oui' : `non:${cannot.join(',')}`;
}

function readProgramme(path: string): CareProgramme {
  if (!existsSync(path)) throw new CliError(`Programme de parcours introuvable : « ${path} ».`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`Programme de parcours « ${path} » : ce n’est pas du JSON lisible (${(error as Error).message}). Partez du fichier écrit par « pathways --parcours-reference ».`);
  }
  try {
    return parseProgramme(raw);
  } catch (error) {
    throw new CliError(`« ${path} » : ${(error as Error).message}`);
  }
}

/** `warn`: warnings (prefixed « Avertissement » by the CLI); `inform`: what the figures rest on. */
export async function pathwaysCommand(argv: string[], warn: (message: string) => void, inform: (message: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pack: { type: 'string' },
      grid: { type: 'string' },
      scenario: { type: 'string' },
      parcours: { type: 'string' },
      'parcours-reference': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (values['parcours-reference']) {
    writeFileAtomic(values['parcours-reference'], `${JSON.stringify(DEFAULT_PROGRAMME, null, 2)}\n`);
    return;
  }
  if (!values.grid) throw new UsageError(`Option --grid manquante.\nUsage : ${PATHWAYS_USAGE}`);
  if (!values.out) throw new UsageError(`Option --out manquante.\nUsage : ${PATHWAYS_USAGE}`);
  if (!isGridId(values.grid) && !/^PERSO:.+/.test(values.grid)) {
    throw new UsageError(`Maillage inconnu « ${values.grid} » : COM, EPCI, BV2022, ZE2020, AAV2020, DEP ou PERSO:<id>.`);
  }
  const programme = values.parcours ? readProgramme(values.parcours) : DEFAULT_PROGRAMME;
  const scenario = values.scenario ? readScenarioFile(values.scenario, warn) : null;
  const db = await openNodeDatabase();
  try {
    const packFolder = values.pack ?? defaultPackFolder();
    const pack = await openPackFolder(db, packFolder);
    const data = await loadEngineInputs(pack);
    for (const warning of data.warnings) warn(warning);
    if (!data.inputs.grids.some((g) => g.id === values.grid)) {
      throw new CliError(`Le paquet n’a pas de maillage « ${values.grid} » (disponibles : ${data.inputs.grids.map((g) => g.id).join(', ')}).`);
    }
    const engine = new PlanningEngine(data.inputs, data.derivedProductivity, data.timePairs);
    const evaluation = scenario ? evaluateScenario(engine, scenario, values.scenario!, null) : engine.baseline(engine.resolve({ parameters: {} }));
    const report = pathwayReport(data.inputs, evaluation, values.grid, programme);
    if (!report) {
      throw new CliError(
        `Le paquet « ${packFolder} » n’a pas de prévalence des pathologies : importez le fichier « effectifs » de la Cartographie des pathologies (import --out ${packFolder} --pathologies <fichier.csv>).`,
      );
    }
    inform(`Prévalence des pathologies : ${report.source}${report.years ? `, ${report.years}` : ''}.`);
    for (const gap of report.gaps) warn(gap);
    const known = report.territories.filter((t) => t.deliverable.length > 0).length;
    if (report.notDeliverable > 0) {
      warn(`${report.notDeliverable} territoire${report.notDeliverable > 1 ? 's' : ''} sur ${known} ne peu${report.notDeliverable > 1 ? 'vent' : 't'} pas assurer tout le programme avec la capacité qui reste après le besoin actuel (colonne programme_realisable).`);
    }
    const { header, rows } = pathwayCsv(report);
    writeFileAtomic(values.out, formatCsv(header, rows));
  } finally {
    await db.close();
  }
}
