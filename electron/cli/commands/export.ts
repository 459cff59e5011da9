// `export`: the diagnostic table (or a comparison) as CSV for French Excel, XLSX, GeoJSON or a printable
// HTML report, written by the same pure exporters as the app (workers/export).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isGridId } from '../../../common/pack';
import { decodeTsGeo } from '../../../common/tsgeo';
import { loadEngineInputs } from '../../../workers/db/engine-inputs';
import { SPECIALTIES, SPECIALTY_COUNT, SPECIALTY_LABELS, specialtyIndex, type Specialty } from '../../../workers/engine/domain';
import { PlanningEngine, type Evaluation } from '../../../workers/engine/engine';
import type { Scenario } from '../../../workers/engine/scenario';
import { communeScores } from '../../../workers/engine/scores';
import { exportFile, type ExportFormat } from '../../../workers/export/export-file';
import { openNodeDatabase } from '../duckdb-node';
import { CliError, UsageError } from '../errors';
import { openPackFolder, writeFileAtomic } from '../files';
import { defaultPackFolder, GENERATED_DIR } from '../packs';
import { evaluateScenario, parameterSetOption, readScenarioFile } from './diagnose';

export const EXPORT_USAGE = `export [--pack <dossier>] --grid <COM|EPCI|BV2022|ZE2020|AAV2020|DEP|PERSO:<id>> [--departement <code>] [--specialite <MG|PSY|…>]
         [--scenario <fichier.json> [--compare <fichier.json>]] [--parametres <reference|medecin-actif>] --out <fichier.csv|.xlsx|.geojson|.html>
    Tableau de diagnostic en CSV pour Excel (« ; », virgule décimale, BOM), classeur XLSX, GeoJSON avec les
    indicateurs ou rapport HTML imprimable, selon l’extension de --out. --departement garde les territoires
    qui ont au moins une commune du département ; --specialite limite les colonnes (et choisit la carte ;
    sans elle, le rapport d’un scénario porte sur la spécialité qu’il change le plus) ;
    --scenario compare la situation de référence au scénario ; avec --compare, le scénario A au scénario B ;
    --parametres applique un jeu de paramètres nommé des deux côtés (comme diagnose).`;

const FORMATS = ['.csv', '.xlsx', '.geojson', '.html'] as const;
type Format = (typeof FORMATS)[number];

/**
 * Communes geometry: the pack's own (imported), else the one built from shared/data, found in
 * resources/generated (sources) or beside the built renderer (out/renderer, the packaged app).
 */
function geometryFile(packFolder: string, hasOwn: boolean): string {
  if (hasOwn && existsSync(join(packFolder, 'geometrie.tsgeo'))) return join(packFolder, 'geometrie.tsgeo');
  const candidates = [join(GENERATED_DIR, 'geo', 'communes.tsgeo'), resolve(GENERATED_DIR, '..', '..', 'out', 'renderer', 'geo', 'communes.tsgeo')];
  return candidates.find((path) => existsSync(path)) ?? candidates[0];
}

function readGeometry(path: string) {
  if (!existsSync(path)) throw new CliError(`Géométrie des communes absente (« ${path} ») : lancez « npm run prepare-resources ».`);
  const bytes = readFileSync(path);
  return decodeTsGeo(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

function parseSpecialties(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  const unknown = ids.filter((id) => specialtyIndex(id) < 0);
  if (ids.length === 0 || unknown.length > 0) {
    throw new UsageError(`Spécialité inconnue « ${unknown[0] ?? value} » (attendu : ${SPECIALTIES.join(', ')}, ou plusieurs séparées par des virgules).`);
  }
  return ids;
}

export async function exportCommand(argv: string[], warn: (message: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pack: { type: 'string' },
      grid: { type: 'string' },
      departement: { type: 'string' },
      specialite: { type: 'string' },
      scenario: { type: 'string' },
      compare: { type: 'string' },
      parametres: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (!values.grid) throw new UsageError(`Option --grid manquante.\nUsage : ${EXPORT_USAGE}`);
  if (!values.out) throw new UsageError(`Option --out manquante.\nUsage : ${EXPORT_USAGE}`);
  if (!isGridId(values.grid) && !/^PERSO:.+/.test(values.grid)) {
    throw new UsageError(`Maillage inconnu « ${values.grid} » : COM, EPCI, BV2022, ZE2020, AAV2020, DEP ou PERSO:<id>.`);
  }
  const format = extname(values.out).toLowerCase() as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`Format de sortie inconnu « ${extname(values.out) || values.out} » : l’extension de --out doit être .csv, .xlsx, .geojson ou .html.`);
  }
  if (values.compare && !values.scenario) throw new UsageError('--compare demande aussi --scenario (le scénario A, comparé au scénario B de --compare).');
  const departement = values.departement?.trim().toUpperCase();
  if (departement !== undefined && !/^(\d{2,3}|2A|2B)$/.test(departement)) {
    throw new UsageError(`Code de département invalide « ${values.departement} » (exemples : 55, 2A, 971).`);
  }
  const specialties = parseSpecialties(values.specialite);
  const set = parameterSetOption(values.parametres);
  const scenarioA: Scenario | null = values.scenario ? readScenarioFile(values.scenario, warn) : null;
  const scenarioB: Scenario | null = values.compare ? readScenarioFile(values.compare, warn) : null;

  const packFolder = values.pack ?? defaultPackFolder();
  const db = await openNodeDatabase();
  let content: string | Uint8Array;
  try {
    const pack = await openPackFolder(db, packFolder);
    const data = await loadEngineInputs(pack);
    for (const warning of data.warnings) warn(warning);
    for (const scenario of [scenarioA, scenarioB]) {
      if (scenario?.parameters.rates === 'regional' && !data.inputs.regionalRates) {
        warn(`Le scénario « ${scenario.name} » demande les taux régionaux, mais le paquet n’en a pas : taux nationaux utilisés.`);
      }
    }
    const grid = data.inputs.grids.find((g) => g.id === values.grid);
    if (!grid) throw new CliError(`Le paquet n’a pas de maillage « ${values.grid} » (disponibles : ${data.inputs.grids.map((g) => g.id).join(', ')}).`);
    const depGrid = data.inputs.grids.find((g) => g.id === 'DEP');
    if (departement !== undefined && !depGrid?.codes.includes(departement)) {
      throw new CliError(`Le paquet n’a pas de département « ${departement} ».`);
    }

    const engine = new PlanningEngine(data.inputs, data.derivedProductivity, data.timePairs);
    // Same baseline as `diagnose`: the pack with the reference parameters, or those of --parametres.
    const reference = engine.baseline(engine.resolve({ parameters: set?.parameters ?? {} }));
    const evaluated = (scenario: Scenario, path: string) => ({ evaluation: evaluateScenario(engine, scenario, path, set), scenario });
    const before: { evaluation: Evaluation; scenario: Scenario | null } = scenarioB ? evaluated(scenarioA!, values.scenario!) : { evaluation: reference, scenario: null };
    const after = scenarioB ? evaluated(scenarioB, values.compare!) : scenarioA ? evaluated(scenarioA, values.scenario!) : null;

    // Without --specialite, the report is about the specialty the scenario changes most (a screening
    // programme changes ophthalmology only: a report on GPs would read « no change »).
    const mapSpecialty = values.specialite || !after ? undefined : mostChanged(before.evaluation, after.evaluation, values.grid);
    if (mapSpecialty && mapSpecialty !== 'MG' && format === '.html') {
      warn(`Rapport sur la spécialité que le scénario change le plus : ${SPECIALTY_LABELS[mapSpecialty].toLowerCase()} (--specialite pour en choisir une autre).`);
    }
    const { scores, sources } = communeScores({ ...data.scoreInputs, speedKmh: before.evaluation.params.speedKmh, detourFactor: before.evaluation.params.detourFactor });
    content = await exportFile({
      format: format.slice(1) as ExportFormat,
      gridId: values.grid,
      departement: departement ?? null,
      specialties,
      ...(mapSpecialty ? { mapSpecialty } : {}),
      before,
      after,
      scoreData: { scores, inputs: data.scoreInputs },
      scoreSources: sources,
      structuresSource: data.structuresSource,
      productivitySources: data.productivitySources,
      timeMatrix: data.timePairs !== undefined,
      manifest: pack.manifest,
      packDate: statSync(join(packFolder, 'manifest.json')).mtime.toISOString(),
      accessibility: (evaluation, specialty) => engine.accessibility(evaluation, specialty),
      map: () => {
        try {
          return { layer: readGeometry(geometryFile(packFolder, pack.manifest.tables.geometrie !== undefined)), grid, communeCodes: data.inputs.communes };
        } catch (error) {
          // A report can go without its map; the GeoJSON cannot.
          if (!(error instanceof CliError) || format !== '.html') throw error;
          warn(`${error.message} Rapport sans carte.`);
          return null;
        }
      },
    });
  } finally {
    await db.close();
  }
  writeFileAtomic(values.out, content);
}

/** The specialty whose gap in FTE changes most between two evaluations, summed over a grid (MG when none changes). */
function mostChanged(before: Evaluation, after: Evaluation, gridId: string): Specialty {
  const a = before.territories.get(gridId)!, b = after.territories.get(gridId)!;
  let best: Specialty = 'MG', largest = 1e-6;
  SPECIALTIES.forEach((specialty, s) => {
    let change = 0;
    for (let t = 0; t < a.grid.codes.length; t++) {
      const k = t * SPECIALTY_COUNT + s;
      change += (b.capacity[k] - b.need[k]) / after.params.productivity[s] - (a.capacity[k] - a.need[k]) / before.params.productivity[s];
    }
    if (Math.abs(change) > largest) [best, largest] = [specialty, Math.abs(change)];
  });
  return best;
}
