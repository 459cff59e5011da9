// RPPS extraction "PS_LibreAcces" (ANS) → practice sites per commune and specialty (DATA_SPEC §B.4):
// kept rows (physicians in ambulatory care settings, replacements counted apart), one specialty per
// physician, principal and secondary sites, commune codes remapped to COG 2025.
import type { SqlDatabase } from '../db/sql-database';
import { ImportError, SourceReader, type ImportSource, type ProgressListener } from './source-reader';

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
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
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
}

/** Columns that may have moved to the SavoirFaire file in newer extractions (DATA_SPEC §B.1). */
const SAVOIR_FAIRE_COLUMNS = ['type_sf', 'sf'] as const;

/**
 * One RPPS file: a Personne_activite extract (with or without its savoir-faire columns) into rpps_raw,
 * or a SavoirFaire file (person × savoir-faire) into rpps_savoirfaire, told apart by their header.
 */
export async function importRppsFile(
  db: SqlDatabase,
  source: ImportSource,
  options: { signal?: AbortSignal; onProgress?: ProgressListener; chunkBytes?: number } = {},
): Promise<RppsFileReport> {
  const reader = new SourceReader(source, {
    separator: '|',
    normaliseHeader: normaliseRppsName,
    allowLegacyEncoding: true,
    requiredColumns: [COLUMNS.pp],
    expected: 'une extraction RPPS PS_LibreAcces (Personne_activite ou SavoirFaire, séparateur |)',
    chunkBytes: options.chunkBytes,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  await db.run(`CREATE TABLE IF NOT EXISTS rpps_raw (${Object.keys(COLUMNS).map((c) => `${c} VARCHAR`).join(', ')})`);
  await db.run('CREATE TABLE IF NOT EXISTS rpps_savoirfaire (pp VARCHAR, type_sf VARCHAR, sf VARCHAR)');
  const chunkFile = `rpps-${Math.random().toString(36).slice(2)}.csv`;
  let kind: 'activite' | 'savoirfaire' | undefined;
  const detect = () => {
    const activity = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[])
      .filter((c) => !(SAVOIR_FAIRE_COLUMNS as readonly string[]).includes(c))
      .map((c) => COLUMNS[c]);
    kind = !reader.header.includes(COLUMNS.mode) && reader.header.includes(COLUMNS.sf) ? 'savoirfaire' : 'activite';
    if (kind === 'activite') reader.requireColumns(activity, 'une extraction RPPS Personne_activite');
    else reader.requireColumns([COLUMNS.type_sf, COLUMNS.sf], 'une extraction RPPS SavoirFaire');
  };
  try {
    for await (const chunk of reader.chunks()) {
      if (!kind) detect();
      await db.registerFile(chunkFile, chunk.csv);
      const from = `read_csv('${chunkFile}', delim = '|', header = true, quote = '"', escape = '"', all_varchar = true, null_padding = true, ignore_errors = true)`;
      if (kind === 'savoirfaire') {
        await db.run(`INSERT INTO rpps_savoirfaire SELECT trim("${COLUMNS.pp}"), trim("${COLUMNS.type_sf}"), trim("${COLUMNS.sf}") FROM ${from}`);
      } else {
        const select = (Object.entries(COLUMNS) as [string, string][]).map(([, column]) => (reader.header.includes(column) ? `trim("${column}")` : 'NULL'));
        await db.run(`INSERT INTO rpps_raw SELECT ${select.join(', ')} FROM ${from}`);
      }
      await db.unregisterFile(chunkFile);
    }
  } finally {
    await db.unregisterFile(chunkFile).catch(() => undefined);
  }
  if (!kind) detect();
  if (reader.lines === 0) throw new ImportError(`Fichier « ${source.name} » : aucune ligne de données après l’en-tête.`);
  return { file: source.name, bytes: reader.bytesRead, sha256: reader.sha256, encoding: reader.encoding, linesRead: reader.lines };
}

export interface RppsSummary {
  rowsRead: number;
  physicians: number;
  replacements: number;
  excluded: Record<string, number>;
  unknownCommunes: number;
  remappedCommunes: number;
  otherSpecialties: number;
}

/** Applies §B.4 to rpps_raw and builds the tables sites, rpps_liberaux and structures_rpps. */
export async function finalizeRpps(db: SqlDatabase): Promise<RppsSummary> {
  const list = (codes: string[]) => codes.map((c) => `'${c}'`).join(', ');
  // Savoir-faire given in a SavoirFaire file: each activity row of a person takes each of its savoir-faire.
  const separate = Number((await db.queryColumns('SELECT count(*) AS n FROM rpps_savoirfaire')).n[0]) > 0;
  if (separate) {
    await db.run(`CREATE OR REPLACE TABLE rpps_raw AS
      SELECT r.pp, r.profession, coalesce(r.type_sf, s.type_sf) AS type_sf, coalesce(r.sf, s.sf) AS sf, r.mode, r.structure, r.raison, r.commune, r.secteur, r.genre
      FROM rpps_raw r LEFT JOIN rpps_savoirfaire s ON s.pp = r.pp AND r.sf IS NULL`);
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE rpps_rows AS
    SELECT r.*, coalesce(m.code_commune, r.commune) AS commune_2025, m.code_commune IS NOT NULL AS remapped,
      CASE
        WHEN r.profession <> '10' THEN 'autre profession'
        WHEN r.genre IN ('GENR02', 'GENR03') THEN 'remplacement'
        WHEN r.genre IS DISTINCT FROM 'GENR01' THEN 'activité non soignante'
        WHEN coalesce(r.commune, '') = '' THEN 'sans commune'
        WHEN ${EXCLUDED_NAMES.map((n) => `upper(coalesce(r.raison, '')) LIKE '%${n}%'`).join(' OR ')} THEN 'téléconsultation ou garde (raison sociale)'
        WHEN r.mode = 'L' AND r.secteur IN (${list(LIBERAL_SECTORS)}) THEN 'retenu'
        WHEN r.mode = 'S' AND r.secteur IN (${list(SALARIED_SECTORS)}) THEN 'retenu'
        WHEN r.secteur IN ('SA01', 'SA02', 'SA03', 'SA04') THEN 'établissement hospitalier'
        ELSE 'autre secteur ou mode'
      END AS motif
    FROM rpps_raw r LEFT JOIN ref_codes_communes m ON m.code_source = r.commune`);

  // One specialty per physician: SM53/SM54 → GP; else a specialist of the nine; else SM26 → GP; else other.
  await db.run(`CREATE OR REPLACE TEMP TABLE rpps_specialty AS
    WITH codes AS (
      SELECT DISTINCT r.pp, r.sf, s.specialite
      FROM rpps_rows r
      LEFT JOIN (SELECT specialite, unnest(string_split(sm_codes || ' ' || coalesce(cex_codes, ''), ' ')) AS code FROM ref_specialites) s
        ON s.code = r.sf AND s.code <> ''
      WHERE r.motif = 'retenu' AND coalesce(r.sf, '') <> '')
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
  await db.run(`CREATE OR REPLACE TABLE sites AS
    SELECT p.commune AS code_commune, s.specialite, p.role, CAST(p.nb_secondaires AS INTEGER) AS nb_secondaires, CAST(count(*) AS DOUBLE) AS medecins
    FROM rpps_places p JOIN rpps_specialty s USING (pp)
    GROUP BY ALL ORDER BY code_commune, specialite, role, nb_secondaires`);
  await db.run(`CREATE OR REPLACE TABLE rpps_liberaux AS
    SELECT s.specialite, CAST(count(*) AS DOUBLE) AS medecins_liberaux
    FROM rpps_places p JOIN rpps_specialty s USING (pp) WHERE p.role <> 'secondaire' AND p.liberal AND s.specialite <> 'AUTRES'
    GROUP BY ALL ORDER BY specialite`);
  await db.run(`CREATE OR REPLACE TABLE structures_rpps AS
    SELECT commune_2025 AS code_commune,
      CAST(count(DISTINCT structure) FILTER (WHERE secteur = 'SA52') AS INTEGER) AS nb_msp,
      CAST(count(DISTINCT structure) FILTER (WHERE secteur = 'SA05') AS INTEGER) AS nb_cds,
      'RPPS, secteurs SA52 (maison ou pôle de santé) et SA05 (centre de santé) : approximation' AS source
    FROM rpps_rows WHERE secteur IN ('SA52', 'SA05') AND coalesce(commune_2025, '') <> ''
    GROUP BY ALL ORDER BY code_commune`);

  const summary = await db.queryColumns(`SELECT
      (SELECT count(*) FROM rpps_rows) AS rows_read,
      (SELECT count(DISTINCT pp) FROM rpps_places) AS physicians,
      (SELECT count(DISTINCT pp) FROM rpps_rows WHERE motif = 'remplacement') AS replacements,
      (SELECT count(*) FROM rpps_specialty WHERE specialite = 'AUTRES') AS other_specialties,
      (SELECT count(DISTINCT commune_2025) FROM rpps_rows WHERE motif = 'retenu' AND commune_2025 NOT IN (SELECT code_commune FROM communes)) AS unknown_communes,
      (SELECT count(*) FROM rpps_rows WHERE remapped AND motif = 'retenu') AS remapped`);
  const motifs = await db.queryColumns(`SELECT motif, count(*) AS n FROM rpps_rows WHERE motif NOT IN ('retenu', 'autre profession') GROUP BY motif ORDER BY motif`);
  const excluded: Record<string, number> = {};
  for (let i = 0; i < motifs.motif.length; i++) excluded[String(motifs.motif[i])] = Number(motifs.n[i]);
  return {
    rowsRead: Number(summary.rows_read[0]),
    physicians: Number(summary.physicians[0]),
    replacements: Number(summary.replacements[0]),
    excluded,
    unknownCommunes: Number(summary.unknown_communes[0]),
    remappedCommunes: Number(summary.remapped[0]),
    otherSpecialties: Number(summary.other_specialties[0]),
  };
}
