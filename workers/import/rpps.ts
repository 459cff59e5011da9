// RPPS extraction "PS_LibreAcces" (ANS) → practice sites per commune and specialty (DATA_SPEC §B.4):
// kept rows (physicians in ambulatory care settings, replacements counted apart), one specialty per
// physician, principal and secondary sites, commune codes remapped to COG 2025.
import { foldForSearch } from '../../common/text';
import type { SqlDatabase } from '../db/sql-database';
import { CsvFile, type CsvDialect } from './csv-file';
import { ImportError, type ImportSource, type ProgressListener } from './source-reader';

/** The 56 columns of Personne_activite, in file order (DATA_SPEC §B.2). */
export const RPPS_LAYOUT = [
  "Type d'identifiant PP", 'Identifiant PP', 'Identification nationale PP', "Code civilité d'exercice", 'Libellé civilité exercice',
  'Code civilité', 'Libellé civilité', "Nom d'exercice", "Prénom d'exercice", 'Code profession', 'Libellé profession',
  'Code catégorie professionnelle', 'Libellé catégorie professionnelle', 'Code type savoir-faire', 'Libellé type savoir-faire',
  'Code savoir-faire', 'Libellé savoir-faire', 'Code mode exercice', 'Libellé mode exercice', 'Numéro SIRET site', 'Numéro SIREN site',
  'Numéro FINESS site', 'Numéro FINESS établissement juridique', 'Identifiant technique de la structure', 'Raison sociale site',
  'Enseigne commerciale site', 'Complément destinataire (coord. structure)', 'Complément point géographique (coord. structure)',
  'Numéro Voie (coord. structure)', 'Indice répétition voie (coord. structure)', 'Code type de voie (coord. structure)',
  'Libellé type de voie (coord. structure)', 'Libellé Voie (coord. structure)', 'Mention distribution (coord. structure)',
  'Bureau cedex (coord. structure)', 'Code postal (coord. structure)', 'Code commune (coord. structure)',
  'Libellé commune (coord. structure)', 'Code pays (coord. structure)', 'Libellé pays (coord. structure)',
  'Téléphone (coord. structure)', 'Téléphone 2 (coord. structure)', 'Télécopie (coord. structure)',
  'Adresse e-mail (coord. structure)', 'Code Département (structure)', 'Libellé Département (structure)',
  'Ancien identifiant de la structure', "Autorité d'enregistrement", "Code secteur d'activité", "Libellé secteur d'activité",
  'Code section tableau pharmaciens', 'Libellé section tableau pharmaciens', 'Code rôle', 'Libellé rôle', "Code genre d'activité",
  "Libellé genre d'activité",
] as const;

/**
 * Column name as compared: lower case, accents, parentheses and punctuation removed, small words
 * dropped ("Code genre d'activité" = "Code genre activité", "Identifiant technique de la structure" = "identifiant technique structure").
 */
export function normaliseRppsName(name: string): string {
  return foldForSearch(name)
    .replace(/\(.*?\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w !== '' && !['d', 'l', 'de', 'du', 'des', 'la', 'le', 'les'].includes(w))
    .join(' ');
}

const COLUMNS = {
  pp: 'identification nationale pp',
  profession: 'code profession',
  type_sf: 'code type savoir faire',
  sf: 'code savoir faire',
  mode: 'code mode exercice',
  structure: 'identifiant technique structure',
  raison: 'raison sociale site',
  commune: 'code commune',
  code_postal: 'code postal',
  secteur: 'code secteur activite',
  genre: 'code genre activite',
} as const;

/** Sectors counted as ambulatory capacity (§B.4 step 2), by mode of practice. */
const LIBERAL_SECTORS = ['SA07', 'SA08', 'SA09', 'SA52'];
const SALARIED_SECTORS = ['SA05', 'SA52', 'SA07', 'SA08', 'SA09'];
/** Structures registering remote or on-call doctors at many points (§B.4 known issues). */
const EXCLUDED_NAMES = ['QARE', 'LIVI', 'MEDADOM', 'SOS MEDECIN', 'URGENC'];

export interface RppsFileReport {
  file: string;
  bytes: number;
  sha256: string;
  encoding: string;
  linesRead: number;
  /** Lines DuckDB could not read, by French reason, and their first line numbers. */
  rejected: Record<string, number>;
  rejectedLines: Record<string, number[]>;
}

/** Columns that may have moved to the SavoirFaire file in newer extractions (DATA_SPEC §B.1). */
const SAVOIR_FAIRE_COLUMNS = ['type_sf', 'sf'] as const;

const ACTIVITY_COLUMNS = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[])
  .filter((c) => !(SAVOIR_FAIRE_COLUMNS as readonly string[]).includes(c) && c !== ('code_postal' as string))
  .map((c) => COLUMNS[c]);

/**
 * The ANS extraction's dialect: `|`, never quoted (a raison sociale may begin with `"`: it is text),
 * UTF-8 or Windows-1252. A Personne_activite extract (with or without its savoir-faire columns) or a
 * SavoirFaire file (person × savoir-faire), told apart by their header.
 */
export const RPPS_DIALECT: CsvDialect = {
  expected: 'une extraction RPPS PS_LibreAcces (Personne_activite ou SavoirFaire, séparateur |)',
  delimiters: ['|'],
  quoted: false,
  normalise: normaliseRppsName,
  headers: [ACTIVITY_COLUMNS, [COLUMNS.pp, COLUMNS.type_sf, COLUMNS.sf]],
  fixedWidth: true,
};

/** One RPPS file into rpps_raw (activity rows) or rpps_savoirfaire, read by DuckDB. */
export async function importRppsFile(
  db: SqlDatabase,
  source: ImportSource,
  options: { signal?: AbortSignal; onProgress?: ProgressListener } = {},
): Promise<RppsFileReport> {
  await db.run(`CREATE TABLE IF NOT EXISTS rpps_raw (${Object.keys(COLUMNS).map((c) => `${c} VARCHAR`).join(', ')})`);
  await db.run('CREATE TABLE IF NOT EXISTS rpps_savoirfaire (pp VARCHAR, type_sf VARCHAR, sf VARCHAR)');
  const csv = await CsvFile.open(db, source, RPPS_DIALECT, options.signal);
  try {
    const hash = csv.sha256();
    const savoirFaire = csv.layout === 1;
    // A Personne_activite header (it has the mode of practice) that lacks a column is not a SavoirFaire file.
    if (savoirFaire && csv.has(COLUMNS.mode)) {
      const missing = ACTIVITY_COLUMNS.filter((c) => !csv.has(c));
      throw new ImportError(`Fichier « ${source.name} » : colonne${missing.length > 1 ? 's' : ''} ${missing.map((c) => `« ${c} »`).join(', ')} absente${missing.length > 1 ? 's' : ''} de l’en-tête d’une extraction Personne_activite. Retéléchargez l’extraction de l’ANS sans la modifier.`);
    }
    const select = savoirFaire
      ? `trim(${csv.column(COLUMNS.pp)}) AS pp, trim(${csv.column(COLUMNS.type_sf)}) AS type_sf, trim(${csv.column(COLUMNS.sf)}) AS sf`
      : (Object.entries(COLUMNS) as [string, string][]).map(([key, column]) => `trim(${csv.optional(column)}) AS ${key}`).join(', ');
    // Staged per file, then appended: re-reading (encoding found late) never doubles rows.
    await csv.load(() =>
      db.run(`CREATE OR REPLACE TEMP TABLE rpps_file AS SELECT ${select} FROM ${csv.from()}`, csv.runOptions(options)),
    );
    const rows = Number((await db.queryColumns('SELECT count(*) AS n FROM rpps_file')).n[0]);
    // An empty SavoirFaire file is harmless (the savoir-faire may be in Personne_activite); an empty activity file is not.
    if (rows === 0 && !savoirFaire) throw new ImportError(`Fichier « ${source.name} » : aucune ligne de données lisible après l’en-tête.`);
    await db.run(`INSERT INTO ${savoirFaire ? 'rpps_savoirfaire' : 'rpps_raw'} BY NAME SELECT * FROM rpps_file; DROP TABLE rpps_file`);
    return {
      file: source.name,
      bytes: source.size,
      sha256: await hash,
      encoding: csv.encoding,
      linesRead: rows + csv.rejects.total,
      rejected: csv.rejects.counts,
      rejectedLines: csv.rejects.lines,
    };
  } finally {
    await csv.close();
  }
}

export interface RppsSummary {
  /** Physicians of the nine specialties placed in a commune (principal site). */
  physicians: number;
  replacements: number;
  /** Rows set aside, by French reason (the reason of `autre profession` rows is not listed). */
  excluded: Record<string, number>;
  /** Distinct commune codes (after normalisation and remapping) unknown to the pack's communes. */
  unknownCommunes: number;
  /** A few of those codes, sorted, for the report. */
  unknownCommuneCodes: string[];
  /** Kept rows whose code was remapped to COG 2025 (arrondissement, delegated or older commune). */
  remappedCommunes: number;
  /** Rows whose commune or postal code was re-padded or upper-cased (1004 → 01004, 2a004 → 2A004). */
  normalisedCodes: number;
  otherSpecialties: number;
  /**
   * Physicians of the nine specialties counted in no commune because none of their kept rows matched
   * one: every such row had no commune (empty code, postal code empty or unknown) or an unknown code.
   * They still count among the libéral physicians of rpps_liberaux (national productivity denominator).
   */
  unmatchedPhysicians: { sansCommune: number; communeInconnue: number };
  /**
   * Empty commune code → postal code (DATA_SPEC §B.5): physicians with a kept row placed that way, and
   * the postal codes shared by several communes, each with the commune chosen (the most populated).
   */
  postalFallback: {
    physicians: number;
    shared: { codePostal: string; codeCommune: string; nom: string; communes: number; physicians: number }[];
  };
}

/** Rows that would be kept were their commune known: they fix the specialty and the libéral count. */
const ELIGIBLE = "('retenu', 'sans commune', 'commune inconnue')";

/**
 * Applies §B.4 to rpps_raw and builds the tables sites, rpps_liberaux and structures_rpps. Commune
 * codes are normalised (commune_code) and remapped to COG 2025 before any join; an empty commune code
 * falls back on the postal code (§B.5): one commune → assigned; several → the most populated one
 * (then the smallest code), flagged and listed in the summary. Needs loadReferenceTables and the
 * pack's `communes` table.
 */
export async function finalizeRpps(db: SqlDatabase): Promise<RppsSummary> {
  const list = (codes: string[]) => codes.map((c) => `'${c}'`).join(', ');
  // Readers that predate the postal code column leave it out: the fallback then finds nothing.
  await db.run('ALTER TABLE rpps_raw ADD COLUMN IF NOT EXISTS code_postal VARCHAR');
  // Savoir-faire given in a SavoirFaire file: each activity row of a person takes each of its savoir-faire.
  const separate = Number((await db.queryColumns('SELECT count(*) AS n FROM rpps_savoirfaire')).n[0]) > 0;
  if (separate) {
    await db.run(`CREATE OR REPLACE TABLE rpps_raw AS
      SELECT r.* REPLACE (coalesce(r.type_sf, s.type_sf) AS type_sf, coalesce(r.sf, s.sf) AS sf)
      FROM rpps_raw r LEFT JOIN rpps_savoirfaire s ON s.pp = r.pp AND r.sf IS NULL`);
  }
  // Postal code → one commune: the most populated of those sharing it (deterministic), and how many share it.
  await db.run(`CREATE OR REPLACE TEMP TABLE rpps_postal AS
    SELECT code_postal, code_commune, nb_communes FROM (
      SELECT p.code_postal, p.code_commune, count(*) OVER (PARTITION BY p.code_postal) AS nb_communes,
        row_number() OVER (PARTITION BY p.code_postal ORDER BY coalesce(c.population, -1) DESC, p.code_commune) AS rang
      FROM ref_codes_postaux p LEFT JOIN communes c USING (code_commune))
    WHERE rang = 1`);
  await db.run(`CREATE OR REPLACE TEMP TABLE rpps_rows AS
    WITH coded AS (
      SELECT r.*, commune_code(r.commune) AS commune_code, commune_code(r.code_postal) AS postal_code FROM rpps_raw r),
    located AS (
      SELECT c.*, m.code_commune AS remap, p.code_commune AS by_postal, p.nb_communes
      FROM coded c
      LEFT JOIN ref_codes_communes m ON m.code_source = c.commune_code
      LEFT JOIN rpps_postal p ON coalesce(c.commune_code, '') = '' AND p.code_postal = c.postal_code),
    placed AS (
      SELECT *,
        CASE WHEN coalesce(commune_code, '') <> '' THEN coalesce(remap, commune_code) ELSE by_postal END AS commune_2025,
        remap IS NOT NULL AS remapped,
        CASE WHEN coalesce(commune_code, '') <> '' OR by_postal IS NULL THEN NULL
             WHEN nb_communes = 1 THEN 'code postal' ELSE 'code postal partagé' END AS origine_commune,
        commune_code IS DISTINCT FROM trim(commune) OR postal_code IS DISTINCT FROM trim(code_postal) AS normalised
      FROM located)
    SELECT p.*,
      CASE
        WHEN p.profession <> '10' THEN 'autre profession'
        WHEN p.genre IN ('GENR02', 'GENR03') THEN 'remplacement'
        WHEN p.genre IS DISTINCT FROM 'GENR01' THEN 'activité non soignante'
        WHEN ${EXCLUDED_NAMES.map((n) => `upper(coalesce(p.raison, '')) LIKE '%${n}%'`).join(' OR ')} THEN 'téléconsultation ou garde (raison sociale)'
        WHEN NOT ((p.mode = 'L' AND p.secteur IN (${list(LIBERAL_SECTORS)})) OR (p.mode = 'S' AND p.secteur IN (${list(SALARIED_SECTORS)})))
          THEN CASE WHEN p.secteur IN ('SA01', 'SA02', 'SA03', 'SA04') THEN 'établissement hospitalier' ELSE 'autre secteur ou mode' END
        WHEN p.commune_2025 IS NULL THEN 'sans commune'
        WHEN c.code_commune IS NULL THEN 'commune inconnue'
        ELSE 'retenu'
      END AS motif
    FROM placed p LEFT JOIN communes c ON c.code_commune = p.commune_2025`);

  // One specialty per physician, from all the rows that would be kept (a row without a commune still
  // says what the physician practises): SM53/SM54 → GP; else a specialist of the nine; else SM26 → GP; else other.
  await db.run(`CREATE OR REPLACE TEMP TABLE rpps_specialty AS
    WITH codes AS (
      SELECT DISTINCT r.pp, r.sf, s.specialite
      FROM rpps_rows r
      LEFT JOIN (SELECT specialite, unnest(string_split(sm_codes || ' ' || coalesce(cex_codes, ''), ' ')) AS code FROM ref_specialites) s
        ON s.code = r.sf AND s.code <> ''
      WHERE r.motif IN ${ELIGIBLE} AND coalesce(r.sf, '') <> '')
    SELECT pp,
      CASE
        WHEN bool_or(sf IN ('SM53', 'SM54')) THEN 'MG'
        WHEN bool_or(specialite IS NOT NULL AND specialite <> 'MG') THEN min(CASE WHEN specialite <> 'MG' THEN specialite END)
        WHEN bool_or(specialite = 'MG') THEN 'MG'
        ELSE 'AUTRES'
      END AS specialite
    FROM codes GROUP BY pp`);

  // Sites of kept physicians, one row per (physician, structure); principal site per §B.4 step 4.
  await db.run(`CREATE OR REPLACE TEMP TABLE rpps_sites AS
    WITH sites AS (
      SELECT r.pp, r.structure, any_value(r.commune_2025) AS commune, bool_or(r.secteur IN (${list(LIBERAL_SECTORS)})) AS cabinet,
             bool_or(r.mode = 'L') AS liberal, count(*) AS lignes
      FROM rpps_rows r JOIN rpps_specialty s USING (pp)
      WHERE r.motif = 'retenu' AND s.specialite <> 'AUTRES'
      GROUP BY r.pp, r.structure),
    per_commune AS (SELECT pp, commune, sum(lignes) AS lignes_commune FROM sites GROUP BY ALL),
    counted AS (
      SELECT s.*, c.lignes_commune, sum(CASE WHEN s.cabinet THEN 1 ELSE 0 END) OVER (PARTITION BY s.pp) AS cabinets
      FROM sites s JOIN per_commune c USING (pp, commune)),
    ranked AS (
      SELECT *, row_number() OVER (PARTITION BY pp ORDER BY CASE WHEN cabinet AND cabinets = 1 THEN 0 ELSE 1 END, lignes_commune DESC, structure) AS rang
      FROM counted)
    SELECT pp, commune, liberal, rang = 1 AS principal FROM ranked`);
  await db.run(`CREATE OR REPLACE TEMP TABLE rpps_places AS
    WITH principal AS (SELECT pp, commune, liberal FROM rpps_sites WHERE principal),
    secondary AS (
      SELECT DISTINCT s.pp, s.commune FROM rpps_sites s JOIN principal p USING (pp)
      WHERE NOT s.principal AND s.commune <> p.commune),
    counts AS (SELECT pp, count(*) AS nb FROM secondary GROUP BY pp)
    SELECT p.pp, p.commune, CASE WHEN coalesce(c.nb, 0) = 0 THEN 'seul' ELSE 'principal' END AS role, coalesce(c.nb, 0) AS nb_secondaires, p.liberal
    FROM principal p LEFT JOIN counts c USING (pp)
    UNION ALL
    SELECT s.pp, s.commune, 'secondaire', c.nb, false FROM secondary s JOIN counts c USING (pp)`);
  // Physicians of the nine specialties placed nowhere: all their eligible rows lack a known commune.
  await db.run(`CREATE OR REPLACE TEMP TABLE rpps_unmatched AS
    SELECT r.pp, bool_or(r.motif = 'sans commune') AS sans_commune, bool_or(r.mode = 'L') AS liberal
    FROM rpps_rows r JOIN rpps_specialty s USING (pp)
    WHERE r.motif IN ${ELIGIBLE} AND s.specialite <> 'AUTRES'
    GROUP BY r.pp HAVING NOT bool_or(r.motif = 'retenu')`);
  await db.run(`CREATE OR REPLACE TABLE sites AS
    SELECT p.commune AS code_commune, s.specialite, p.role, CAST(p.nb_secondaires AS INTEGER) AS nb_secondaires, CAST(count(*) AS DOUBLE) AS medecins
    FROM rpps_places p JOIN rpps_specialty s USING (pp)
    GROUP BY ALL ORDER BY code_commune, specialite, role, nb_secondaires`);
  // Libéral physicians per specialty, the denominator of national productivity: those placed nowhere
  // count too, since their acts are in Open DAMIR all the same.
  await db.run(`CREATE OR REPLACE TABLE rpps_liberaux AS
    WITH liberaux AS (
      SELECT pp FROM rpps_places WHERE role <> 'secondaire' AND liberal
      UNION ALL
      SELECT pp FROM rpps_unmatched WHERE liberal)
    SELECT s.specialite, CAST(count(*) AS DOUBLE) AS medecins_liberaux
    FROM liberaux l JOIN rpps_specialty s USING (pp) WHERE s.specialite <> 'AUTRES'
    GROUP BY ALL ORDER BY specialite`);
  await db.run(`CREATE OR REPLACE TABLE structures_rpps AS
    SELECT commune_2025 AS code_commune,
      CAST(count(DISTINCT structure) FILTER (WHERE secteur = 'SA52') AS INTEGER) AS nb_msp,
      CAST(count(DISTINCT structure) FILTER (WHERE secteur = 'SA05') AS INTEGER) AS nb_cds,
      'RPPS, secteurs SA52 (maison ou pôle de santé) et SA05 (centre de santé) : approximation' AS source
    FROM rpps_rows WHERE secteur IN ('SA52', 'SA05') AND commune_2025 IN (SELECT code_commune FROM communes)
    GROUP BY ALL ORDER BY code_commune`);

  const summary = await db.queryColumns(`SELECT
      (SELECT count(DISTINCT pp) FROM rpps_places) AS physicians,
      (SELECT count(DISTINCT pp) FROM rpps_rows WHERE motif = 'remplacement') AS replacements,
      (SELECT count(*) FROM rpps_specialty WHERE specialite = 'AUTRES') AS other_specialties,
      (SELECT count(DISTINCT commune_2025) FROM rpps_rows WHERE motif = 'commune inconnue') AS unknown_communes,
      (SELECT count(*) FROM rpps_rows WHERE remapped AND motif = 'retenu') AS remapped,
      (SELECT count(*) FROM rpps_rows WHERE normalised AND motif <> 'autre profession') AS normalised,
      (SELECT count(*) FILTER (WHERE sans_commune) FROM rpps_unmatched) AS sans_commune,
      (SELECT count(*) FILTER (WHERE NOT sans_commune) FROM rpps_unmatched) AS commune_inconnue,
      (SELECT count(DISTINCT r.pp) FROM rpps_rows r JOIN rpps_places p USING (pp) WHERE r.motif = 'retenu' AND r.origine_commune IS NOT NULL) AS by_postal`);
  const motifs = await db.queryColumns(`SELECT motif, count(*) AS n FROM rpps_rows WHERE motif NOT IN ('retenu', 'autre profession') GROUP BY motif ORDER BY motif`);
  const excluded: Record<string, number> = {};
  for (let i = 0; i < motifs.motif.length; i++) excluded[String(motifs.motif[i])] = Number(motifs.n[i]);
  const unknown = await db.queryColumns(`SELECT DISTINCT commune_2025 AS code FROM rpps_rows WHERE motif = 'commune inconnue' ORDER BY code LIMIT 10`);
  const shared = await db.queryColumns(`SELECT r.postal_code AS code_postal, r.commune_2025 AS code_commune, any_value(c.nom) AS nom,
      any_value(r.nb_communes) AS communes, count(DISTINCT r.pp) AS medecins
    FROM rpps_rows r JOIN communes c ON c.code_commune = r.commune_2025 JOIN rpps_places p USING (pp)
    WHERE r.motif = 'retenu' AND r.origine_commune = 'code postal partagé'
    GROUP BY ALL ORDER BY code_postal`);
  return {
    physicians: Number(summary.physicians[0]),
    replacements: Number(summary.replacements[0]),
    excluded,
    unknownCommunes: Number(summary.unknown_communes[0]),
    unknownCommuneCodes: Array.from(unknown.code, String),
    remappedCommunes: Number(summary.remapped[0]),
    normalisedCodes: Number(summary.normalised[0]),
    otherSpecialties: Number(summary.other_specialties[0]),
    unmatchedPhysicians: { sansCommune: Number(summary.sans_commune[0]), communeInconnue: Number(summary.commune_inconnue[0]) },
    postalFallback: {
      physicians: Number(summary.by_postal[0]),
      shared: Array.from(shared.code_postal, (code, i) => ({
        codePostal: String(code),
        codeCommune: String(shared.code_commune[i]),
        nom: String(shared.nom[i]),
        communes: Number(shared.communes[i]),
        physicians: Number(shared.medecins[i]),
      })),
    },
  };
}
