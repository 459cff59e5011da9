// `horizon`: writes the « laisser-faire » scenario of a pack at a horizon year (issue 14 §2): population
// moved to the horizon, doctors' departures net of arrivals. An ordinary scenario file: `diagnose
// --scenario` reads it, the application opens it and compares other scenarios against it.
import { parseArgs } from 'node:util';
import { parseFrenchNumber } from '../../../common/format-fr';
import { horizonInput } from '../../../workers/db/horizon-inputs';
import { loadEngineInputs } from '../../../workers/db/engine-inputs';
import { laisserFaireScenario, RETIREMENT_AGE_RANGE } from '../../../workers/engine/horizon';
import { DEFAULT_REPLACEMENT_RATE, DEFAULT_RETIREMENT_AGE, HORIZON_YEARS } from '../../../workers/engine/horizon-reference';
import { serializeScenario } from '../../../workers/engine/scenario';
import { openNodeDatabase } from '../duckdb-node';
import { UsageError } from '../errors';
import { openPackFolder, writeFileAtomic } from '../files';
import { defaultPackFolder } from '../packs';

export const HORIZON_USAGE = `horizon [--pack <dossier>] --annee <AAAA> --out <fichier.tsante.json> [--age-retraite <ans>] [--remplacement <part>]
    Scénario « laisser-faire » : la population du paquet portée à l’année <AAAA> (${HORIZON_YEARS.min} à ${HORIZON_YEARS.max} ;
    projections Insee du paquet, sinon facteurs nationaux) et les départs de médecins qui atteignent l’âge de
    la retraite d’ici là (--age-retraite, ${DEFAULT_RETIREMENT_AGE.value} par défaut), nets des arrivées (--remplacement : part des
    départs remplacés, de 0 à 1, ${String(DEFAULT_REPLACEMENT_RATE.value).replace('.', ',')} par défaut, « 0,3 » ou « 0.3 »). Un scénario ordinaire : diagnose --scenario le lit.`;

/** A decimal number written the French way (« 0,3 ») or with a dot; null when it is not one. */
const decimal = (text: string): number | null => {
  const value = parseFrenchNumber(text);
  return Number.isFinite(value) ? value : null;
};

export async function horizonCommand(argv: string[], info: (message: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { pack: { type: 'string' }, annee: { type: 'string' }, out: { type: 'string' }, 'age-retraite': { type: 'string' }, remplacement: { type: 'string' } },
    strict: true,
  });
  if (!values.annee) throw new UsageError(`Option --annee manquante.\nUsage : ${HORIZON_USAGE}`);
  if (!values.out) throw new UsageError(`Option --out manquante.\nUsage : ${HORIZON_USAGE}`);
  const horizon = decimal(values.annee);
  if (horizon === null || !Number.isInteger(horizon) || horizon < HORIZON_YEARS.min || horizon > HORIZON_YEARS.max) {
    throw new UsageError(`Année d’horizon « ${values.annee} » : attendu une année de ${HORIZON_YEARS.min} à ${HORIZON_YEARS.max} (exemple : --annee 2030).`);
  }
  const retirementAge = values['age-retraite'] === undefined ? undefined : decimal(values['age-retraite']);
  if (retirementAge === null || (retirementAge !== undefined && (retirementAge < RETIREMENT_AGE_RANGE.min || retirementAge > RETIREMENT_AGE_RANGE.max))) {
    throw new UsageError(`Âge de départ à la retraite « ${values['age-retraite']} » : attendu de ${RETIREMENT_AGE_RANGE.min} à ${RETIREMENT_AGE_RANGE.max} ans (exemple : --age-retraite 67).`);
  }
  const replacementRate = values.remplacement === undefined ? undefined : decimal(values.remplacement);
  if (replacementRate === null || (replacementRate !== undefined && (replacementRate < 0 || replacementRate > 1))) {
    throw new UsageError(`Part des départs remplacés « ${values.remplacement} » : attendu un nombre de 0 à 1 (exemple : --remplacement 0,3 pour 30 %).`);
  }
  const db = await openNodeDatabase();
  try {
    const pack = await openPackFolder(db, values.pack ?? defaultPackFolder());
    const data = await loadEngineInputs(pack);
    const input = await horizonInput(pack.manifest, data.inputs, async () => pack);
    const scenario = laisserFaireScenario(input, { horizon, retirementAge, replacementRate });
    writeFileAtomic(values.out, serializeScenario(scenario));
    const departures = scenario.levers.filter((l) => l.kind === 'departures').length;
    info(
      `Scénario « ${scenario.name} » écrit dans « ${values.out} » : ${input.departements.length} département(s), ${departures} levier(s) de départs ; population ${
        input.projections && input.projections.length > 0 ? 'projetée avec les projections Insee du paquet' : 'projetée avec des facteurs nationaux (le paquet n’a pas de projections)'
      }.`,
    );
  } finally {
    await db.close();
  }
}
