// `diagnose`: need, capacity and gap per territory × specialty, optionally with a scenario.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatCsv, formatPlainNumber, type CsvValue } from '../../../common/csv';
import { isGridId } from '../../../common/pack';
import { loadEngineInputs } from '../../../workers/db/engine-inputs';
import { SPECIALTIES, SPECIALTY_COUNT } from '../../../workers/engine/domain';
import { PlanningEngine, type Evaluation } from '../../../workers/engine/engine';
import { externalActsByTerritory } from '../../../workers/engine/dashboard';
import { gapOf } from '../../../workers/engine/model';
import { PARAMETER_SETS, parameterSet, withParameterSet, type ParameterSet } from '../../../workers/engine/productivity';
import { readScenarioText, SCENARIO_SCHEMA_VERSION, ScenarioError, type Scenario } from '../../../workers/engine/scenario';
import { openNodeDatabase } from '../duckdb-node';
import { CliError, UsageError } from '../errors';
import { openPackFolder, writeFileAtomic } from '../files';
import { defaultPackFolder } from '../packs';

export const DIAGNOSE_USAGE = `diagnose [--pack <dossier>] --grid <COM|EPCI|BV2022|ZE2020|AAV2020|DEP|PERSO:<id>> [--scenario <fichier.json>] [--parametres <${PARAMETER_SETS.map((p) => p.id).join('|')}>] --out <fichier.csv>
    Besoin, capacité et écart par territoire et spécialité ; avec --scenario, les colonnes du scénario ;
    --parametres applique un jeu de paramètres nommé à la référence et au scénario (les paramètres écrits dans le scénario priment).`;

const HEADER = ['grille', 'code', 'libelle', 'specialite', 'population', 'besoin_actes', 'capacite_actes', 'ecart_actes', 'ecart_etp', 'taux_couverture'];
// Acts of the scenario's capacity that external teleconsultation providers deliver, then the population
// after its population levers (a laisser-faire horizon moves it).
const SCENARIO_HEADER = ['besoin_actes_scenario', 'capacite_actes_scenario', 'ecart_etp_scenario', 'delta_ecart_etp', 'offre_exterieure_actes_scenario', 'population_scenario'];

export function readScenarioFile(path: string, warn: (message: string) => void): Scenario {
  if (!existsSync(path)) throw new CliError(`Scénario introuvable : « ${path} ».`);
  try {
    // Every note is printed, migrations included: an old file's levers may now mean something else
    // (version 3: teleconsultation became a transfer), and the user must hear it.
    const { scenario, warnings, migratedFrom } = readScenarioText(readFileSync(path, 'utf8'));
    if (migratedFrom !== null) {
      warn(`Scénario « ${path} » : fichier au format ${migratedFrom}, lu au format ${SCENARIO_SCHEMA_VERSION} ; réenregistrez-le depuis l’application pour ne plus voir ces messages.`);
    }
    // « Scénario migré de la version n à n + 1 » repeats the line above: only what each step changed.
    for (const warning of warnings) if (!warning.startsWith('Scénario migré de la version')) warn(`Scénario « ${path} » : ${warning}`);
    return scenario;
  } catch (error) {
    throw new CliError(`Scénario « ${path} » invalide :\n${(error as Error).message}`);
  }
}

/** The named parameter set of `--parametres`, null without the option; a usage error names the sets. */
export function parameterSetOption(id: string | undefined): ParameterSet | null {
  if (id === undefined) return null;
  const set = parameterSet(id);
  if (!set) throw new UsageError(`Jeu de paramètres inconnu « ${id} » : choisissez ${PARAMETER_SETS.map((p) => p.id).join(' ou ')} (voir docs/reconciliation-meuse.md, « Le jeu de paramètres »).`);
  return set;
}

/**
 * The baseline and a scenario's evaluation under an optional parameter set (its values under what the
 * scenario writes itself). A lever that cannot apply to this pack fails naming the scenario's file.
 */
export function evaluateScenario(engine: PlanningEngine, scenario: Scenario, path: string, set: ParameterSet | null): Evaluation {
  try {
    return engine.evaluate(set ? { ...scenario, parameters: withParameterSet(set, scenario.parameters) } : scenario);
  } catch (error) {
    if (error instanceof ScenarioError) throw new CliError(`Scénario « ${path} » inapplicable à ce paquet :\n${error.message}`);
    throw error;
  }
}

function rowsOf(gridId: string, base: Evaluation, scenario: Evaluation | null): CsvValue[][] {
  const territories = base.territories.get(gridId)!;
  const after = scenario?.territories.get(gridId);
  const external = scenario ? externalActsByTerritory(scenario, territories.grid) : null;
  const rows: CsvValue[][] = [];
  territories.grid.codes.forEach((code, t) => {
    SPECIALTIES.forEach((specialty, s) => {
      const k = t * SPECIALTY_COUNT + s;
      const productivity = base.params.productivity[s];
      const gap = gapOf(territories.need[k], territories.capacity[k], productivity);
      const row: CsvValue[] = [
        gridId,
        code,
        territories.grid.labels[t],
        specialty,
        formatPlainNumber(territories.population[t], 0),
        formatPlainNumber(territories.need[k], 1),
        formatPlainNumber(territories.capacity[k], 1),
        formatPlainNumber(gap.ecartActes, 1),
        formatPlainNumber(gap.ecartEtp, 2),
        formatPlainNumber(gap.tauxCouverture, 4),
      ];
      if (after && scenario) {
        const gapAfter = gapOf(after.need[k], after.capacity[k], scenario.params.productivity[s]);
        row.push(
          formatPlainNumber(after.need[k], 1),
          formatPlainNumber(after.capacity[k], 1),
          formatPlainNumber(gapAfter.ecartEtp, 2),
          formatPlainNumber(gapAfter.ecartEtp - gap.ecartEtp, 2),
          formatPlainNumber(external![k], 1),
          formatPlainNumber(after.population[t], 0),
        );
      }
      rows.push(row);
    });
  });
  return rows;
}

export async function diagnoseCommand(argv: string[], warn: (message: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { pack: { type: 'string' }, grid: { type: 'string' }, scenario: { type: 'string' }, parametres: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  if (!values.grid) throw new UsageError(`Option --grid manquante.\nUsage : ${DIAGNOSE_USAGE}`);
  if (!values.out) throw new UsageError(`Option --out manquante.\nUsage : ${DIAGNOSE_USAGE}`);
  if (!isGridId(values.grid) && !/^PERSO:.+/.test(values.grid)) {
    throw new UsageError(`Maillage inconnu « ${values.grid} » : COM, EPCI, BV2022, ZE2020, AAV2020, DEP ou PERSO:<id>.`);
  }
  const set = parameterSetOption(values.parametres);
  const scenario = values.scenario ? readScenarioFile(values.scenario, warn) : null;
  const db = await openNodeDatabase();
  try {
    const pack = await openPackFolder(db, values.pack ?? defaultPackFolder());
    const data = await loadEngineInputs(pack);
    for (const warning of data.warnings) warn(warning);
    if (scenario?.parameters.rates === 'regional' && !data.inputs.regionalRates) {
      warn('Le scénario demande les taux régionaux, mais le paquet n’en a pas : taux nationaux utilisés.');
    }
    if (!data.inputs.grids.some((g) => g.id === values.grid)) {
      throw new CliError(`Le paquet n’a pas de maillage « ${values.grid} » (disponibles : ${data.inputs.grids.map((g) => g.id).join(', ')}).`);
    }
    const engine = new PlanningEngine(data.inputs, data.derivedProductivity, data.timePairs);
    // The baseline is the pack with the reference parameters: a scenario's parameter changes show in
    // its columns and in the difference.
    // A named parameter set changes the reference method too (--parametres medecin-actif: FTE counted in
    // active doctors on both sides), under what the scenario writes itself.
    const base = engine.baseline(engine.resolve({ parameters: set?.parameters ?? {} }));
    const after = scenario ? evaluateScenario(engine, scenario, values.scenario!, set) : null;
    writeFileAtomic(values.out, formatCsv(scenario ? [...HEADER, ...SCENARIO_HEADER] : HEADER, rowsOf(values.grid, base, after)));
  } finally {
    await db.close();
  }
}
