// `rates` and `supply`: the pack's national use rates and physician supply as CSV.
import { parseArgs } from 'node:util';
import { formatCsv, formatPlainNumber, formatSignificant } from '../../../common/csv';
import { SPECIALTIES } from '../../../workers/engine/domain';
import { defaultCareYear, deriveRates, planCareYear } from '../../../workers/import/derive';
import { loadReferenceTables } from '../../../workers/import/reference';
import { openNodeDatabase } from '../duckdb-node';
import { CliError, UsageError } from '../errors';
import { openPackFolder, packFolderReader, writeFileAtomic } from '../files';
import { defaultPackFolder, REFERENCE_TABLES_FOLDER, requireGeneratedResources } from '../packs';

export const RATES_USAGE = `rates [--pack <dossier>] [--annee <AAAA>] --out <fichier.csv>
    Taux de recours nationaux : specialite;tranche_age;actes;population;taux (72 lignes).`;
export const SUPPLY_USAGE = `supply [--pack <dossier>] --out <fichier.csv>
    Offre : code_commune;specialite;medecins_site_principal;medecins_site_secondaire;etp.`;

const specialtyOrder = (s: unknown) => SPECIALTIES.indexOf(String(s) as never);

/**
 * Writes the national use rates of the pack's care year as CSV. `--annee` forces a care year: its plan
 * (months retained, their completeness, annualisation; derive.ts) is then said on `log` (stderr), as the
 * import says the default year's, since a forced year may be made of late claims only.
 */
export async function ratesCommand(argv: string[], log: (message: string) => void): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { pack: { type: 'string' }, annee: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.out) throw new UsageError(`Option --out manquante.\nUsage : ${RATES_USAGE}`);
  if (values.annee && !/^\d{4}$/.test(values.annee)) throw new UsageError(`Année invalide : « ${values.annee} » (attendu : AAAA).`);
  requireGeneratedResources();
  const db = await openNodeDatabase();
  try {
    const pack = await openPackFolder(db, values.pack ?? defaultPackFolder());
    if (!pack.hasTable('damir_actes')) throw new CliError('Le paquet n’a pas de données Open DAMIR : importez au moins un fichier mensuel (import --damir).');
    if (!pack.hasTable('population_age5')) throw new CliError('Le paquet n’a pas de population par âge : importez un fichier INSEE (import --population).');
    await loadReferenceTables(db, packFolderReader(REFERENCE_TABLES_FOLDER));
    const year = values.annee ? Number(values.annee) : await defaultCareYear(db);
    const years = await db.queryColumns('SELECT DISTINCT annee FROM damir_mois ORDER BY annee');
    if (year === null || !Array.from(years.annee, Number).includes(year)) {
      throw new CliError(`Aucun mois de soins ${values.annee ?? ''} dans le paquet (années présentes : ${Array.from(years.annee).join(', ') || 'aucune'}).`);
    }
    const plan = (await planCareYear(db, year))!;
    if (values.annee) log(`Avertissement : ${plan.summary}`);
    await deriveRates(db, plan);
    const rows = await db.queryColumns('SELECT specialite, tranche_age, actes, population, taux FROM taux_recours');
    const ordered = Array.from({ length: rows.specialite.length }, (_, i) => i).sort(
      (a, b) => specialtyOrder(rows.specialite[a]) - specialtyOrder(rows.specialite[b]) || Number(rows.tranche_age[a]) - Number(rows.tranche_age[b]),
    );
    writeFileAtomic(
      values.out,
      formatCsv(
        ['specialite', 'tranche_age', 'actes', 'population', 'taux'],
        ordered.map((i) => [
          rows.specialite[i],
          rows.tranche_age[i],
          formatPlainNumber(Number(rows.actes[i]), 1),
          formatPlainNumber(Number(rows.population[i]), 0),
          formatSignificant(Number(rows.taux[i]), 8),
        ]),
      ),
    );
  } finally {
    await db.close();
  }
}

export async function supplyCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { pack: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.out) throw new UsageError(`Option --out manquante.\nUsage : ${SUPPLY_USAGE}`);
  const db = await openNodeDatabase();
  try {
    const pack = await openPackFolder(db, values.pack ?? defaultPackFolder());
    if (!pack.hasTable('sites')) throw new CliError('Le paquet n’a pas de données RPPS : importez une extraction (import --rpps).');
    const rows = await db.queryColumns(`SELECT code_commune, specialite,
        CAST(sum(medecins) FILTER (WHERE role <> 'secondaire') AS DOUBLE) AS principal,
        CAST(coalesce(sum(medecins) FILTER (WHERE role = 'secondaire'), 0) AS DOUBLE) AS secondaire,
        sum(medecins * CASE role WHEN 'seul' THEN 1 WHEN 'principal' THEN 0.8 ELSE 0.2 / nb_secondaires END) AS etp
      FROM sites GROUP BY ALL`);
    const ordered = Array.from({ length: rows.code_commune.length }, (_, i) => i)
      .filter((i) => specialtyOrder(rows.specialite[i]) >= 0)
      .sort((a, b) => String(rows.code_commune[a]).localeCompare(String(rows.code_commune[b])) || specialtyOrder(rows.specialite[a]) - specialtyOrder(rows.specialite[b]));
    writeFileAtomic(
      values.out,
      formatCsv(
        ['code_commune', 'specialite', 'medecins_site_principal', 'medecins_site_secondaire', 'etp'],
        ordered.map((i) => [rows.code_commune[i], rows.specialite[i], formatPlainNumber(Number(rows.principal[i] ?? 0), 0), formatPlainNumber(Number(rows.secondaire[i]), 0), formatPlainNumber(Number(rows.etp[i]), 2)]),
      ),
    );
  } finally {
    await db.close();
  }
}
