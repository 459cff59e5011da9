// Produces the resources derived from ../shared/data (never committed) into resources/generated/:
//   geo/communes.tsgeo, geo/departements.tsgeo   binary, pre-triangulated geometry (see common/tsgeo.ts)
//   packs/reference-cog2025/                      reference data pack: communes, population, grids, labels
//   packs/demo/                                   embedded demo pack (build/demo), Parquet tables like the above
// Skips the work when the inputs and this script are unchanged (stamp file).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { formatCsv } from '../common/csv';
import { OUTSIDE_GRID_CODES, PACK_SCHEMA_VERSION, type PackManifest, type PackSource, type PackTableName } from '../common/pack';
import { encodeTsGeo } from '../common/tsgeo';
import { generateDemo } from './demo/generate-demo';
import { openNodeDatabase } from '../electron/cli/duckdb-node';
import { replaceFolder, writeFileAtomic } from '../electron/main/atomic-write';
import { loadPackTable } from '../workers/db/pack-db';
import { exportTable } from '../workers/import/pack-builder';
import { packEngineSnapshot } from '../workers/db/engine-snapshot';
import { geojsonToTsGeo } from '../workers/import/geojson-to-tsgeo';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sharedDataDir = resolve(process.env.TSANTE_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data'));
export const generatedDir = join(repoRoot, 'resources', 'generated');
export const REFERENCE_PACK_ID = 'reference-cog2025';

const require = createRequire(import.meta.url);
const decoupagePackage = require.resolve('@etalab/decoupage-administratif/package.json');
const decoupageVersion = (JSON.parse(readFileSync(decoupagePackage, 'utf8')) as { version: string }).version;

const inputs = {
  communesGeo: 'geo/communes-2025.geojson.gz',
  departementsGeo: 'geo/departements-2025-light.geojson',
  centroids: 'geo/communes-2025-centroides.csv.gz',
  zonages: 'zonages/communes-zonages-cog2025-derive.csv.gz',
  libelles: 'zonages/libelles-zonages-cog2024.csv',
  passage: 'zonages/passage-communes-cog2018-2024.csv',
  lexique: 'damir/open-damir-lexique-2024-modalites.csv',
  speNomenclature: 'damir/nomenclatures/PSE_SPE_SNDS.csv',
  regions: 'damir/nomenclatures/BEN_RES_REG.csv',
  ages: 'damir/nomenclatures/AGE_BEN_SNDS.csv',
} as const;

const referenceSources = ['resources/reference/specialites.csv', 'resources/reference/paniers-prs-nat.csv'];
/** The demo generator and the import code it runs: any change there regenerates the demo pack. */
const DEMO_SCRIPT_DIRS = ['build/demo', 'workers/import', 'workers/db', 'workers/engine'];
const demoScripts = (): string[] =>
  DEMO_SCRIPT_DIRS.flatMap((dir) =>
    readdirSync(join(repoRoot, dir))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort()
      .map((f) => `${dir}/${f}`),
  );
const DEMO_INPUTS = [
  'population/estim-pop-dep-sexe-age5-2023.csv', 'offre-soins/drees-pop-standardisee-mg-2022-2023.csv.gz',
  'offre-soins/cartosante-indicateurs-bassins-de-vie-2024.csv', 'offre-soins/drees-rpps-effectifs-medecins-specialite-mode-zone-2013-2014.csv.gz',
  'offre-soins/gisco-healthcare-fr-2020-finess.csv.gz', 'zonages/communes-zonages-cog2023.csv.gz',
];

const GRID_COLUMNS = ['EPCI', 'BV2022', 'ZE2020', 'AAV2020', 'DEP'] as const;

function fail(message: string): never {
  console.error(`Erreur : ${message}`);
  process.exit(1);
}

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

function readShared(path: string): Buffer {
  const full = join(sharedDataDir, path);
  if (!existsSync(full)) {
    fail(`fichier source manquant : ${full}. Vérifiez que le dossier shared/data est complet (voir SOURCES.md).`);
  }
  const raw = readFileSync(full);
  return path.endsWith('.gz') ? gunzipSync(raw) : raw;
}

function sourceInfo(path: string, vintage: string, publisher: string): PackSource {
  const raw = readFileSync(join(sharedDataDir, path));
  return { file: path, bytes: raw.length, sha256: sha256(raw), vintage, publisher };
}

/** Writes a file atomically (electron/main/atomic-write.ts) so that a crash never leaves a partial file behind. */
function writeAtomic(path: string, content: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, content);
}

function stampOf(): string {
  const hash = createHash('sha256');
  for (const path of [...Object.values(inputs), ...DEMO_INPUTS]) {
    const full = join(sharedDataDir, path);
    const stat = statSync(full);
    hash.update(`${path}:${stat.size}:${stat.mtimeMs}\n`);
  }
  hash.update(`decoupage:${decoupageVersion}\n`);
  // The native DuckDB wrapper writes the packs' Parquet files: a change there regenerates them too.
  const packWriters = ['electron/cli/duckdb-node.ts', 'electron/cli/files.ts', 'electron/cli/pack-tables.ts'];
  for (const script of [...referenceSources, ...demoScripts(), ...packWriters, 'build/prepare-resources.ts', 'common/tsgeo.ts', 'common/csv.ts', 'common/pack.ts']) {
    hash.update(readFileSync(join(repoRoot, script)));
  }
  return hash.digest('hex');
}

function buildGeometry(): void {
  const communes = JSON.parse(readShared(inputs.communesGeo).toString('utf8'));
  const communesLayer = geojsonToTsGeo(communes, {
    layer: 'Communes COG 2025 (IGN ADMIN EXPRESS 2018 simplifié, re-basé COG 2025)',
    keyProperty: 'code',
    triangulate: true,
  });
  writeAtomic(join(generatedDir, 'geo', 'communes.tsgeo'), encodeTsGeo(communesLayer));

  const departements = JSON.parse(readShared(inputs.departementsGeo).toString('utf8'));
  const departementsLayer = geojsonToTsGeo(departements, {
    layer: 'Départements COG 2025 (contours simplifiés)',
    keyProperty: 'dep',
    triangulate: false,
  });
  writeAtomic(join(generatedDir, 'geo', 'departements.tsgeo'), encodeTsGeo(departementsLayer));
  console.log(
    `Géométrie : ${communesLayer.codes.length} communes, ${communesLayer.positions.length / 2} sommets, ` +
      `${communesLayer.triangles.length / 3} triangles ; ${departementsLayer.codes.length} départements.`,
  );
}

interface DecoupageCommune {
  code: string;
  nom: string;
  type: string;
  zone: string;
  departement: string;
  region: string;
  population?: number;
}

async function buildReferencePack(): Promise<void> {
  const packDir = join(generatedDir, 'packs', REFERENCE_PACK_ID);
  const temporaryDir = `${packDir}.tmp-${process.pid}`;
  rmSync(temporaryDir, { recursive: true, force: true });
  mkdirSync(temporaryDir, { recursive: true });
  const warnings: string[] = [];

  // Communes of COG 2025, metropolitan France and DROM (the COM are outside the scope of the sources).
  const decoupage = require('@etalab/decoupage-administratif/data/communes.json') as DecoupageCommune[];
  const communes = decoupage
    .filter((c) => c.type === 'commune-actuelle' && (c.zone === 'metro' || c.zone === 'drom'))
    .sort((a, b) => a.code.localeCompare(b.code));
  const withoutPopulation = communes.filter((c) => c.population === undefined).map((c) => c.code);
  if (withoutPopulation.length > 0) {
    warnings.push(
      `${withoutPopulation.length} communes sans population légale (communes « mortes pour la France ») comptées à 0 : ${withoutPopulation.join(', ')}.`,
    );
  }

  const centroidRows = parse(readShared(inputs.centroids), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const centroids = new Map(centroidRows.map((r) => [r.code_insee, [Number(r.lon), Number(r.lat)] as const]));
  const missingCentroids = communes.filter((c) => !centroids.has(c.code)).map((c) => c.code);
  if (missingCentroids.length > 0) warnings.push(`Communes sans centroïde : ${missingCentroids.join(', ')}.`);

  const communesCsv = formatCsv(
    ['code_commune', 'nom', 'dep', 'reg', 'population', 'lon', 'lat'],
    communes.map((c) => {
      const point = centroids.get(c.code);
      return [c.code, c.nom, c.departement, c.region, c.population ?? 0, point?.[0], point?.[1]];
    }),
  );

  const zonageRows = parse(readShared(inputs.zonages), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const zonageByCode = new Map(zonageRows.map((r) => [r.CODGEO, r]));
  const missingZonage = communes.filter((c) => !zonageByCode.has(c.code)).map((c) => c.code);
  if (missingZonage.length > 0) fail(`communes absentes de la table des zonages : ${missingZonage.join(', ')}.`);
  const appartenanceCsv = formatCsv(
    ['code_commune', ...GRID_COLUMNS],
    communes.map((c) => {
      const row = zonageByCode.get(c.code)!;
      return [c.code, ...GRID_COLUMNS.map((g) => row[g])];
    }),
  );

  const labelRows = parse(readShared(inputs.libelles), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const labels = labelRows
    .filter((r) => (GRID_COLUMNS as readonly string[]).includes(r.NIVGEO))
    .map((r) => [r.NIVGEO, r.CODGEO, r.LIBGEO] as [string, string, string]);
  for (const [grid, outside] of Object.entries(OUTSIDE_GRID_CODES)) {
    if (!labels.some(([g, code]) => g === grid && code === outside.code)) labels.push([grid, outside.code, outside.label]);
  }
  labels.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
  const labelledCodes = new Set(labels.map(([g, code]) => `${g}:${code}`));
  for (const grid of GRID_COLUMNS) {
    const unlabelled = new Set(zonageRows.map((r) => r[grid]).filter((code) => !labelledCodes.has(`${grid}:${code}`)));
    if (unlabelled.size > 0) warnings.push(`${grid} : ${unlabelled.size} codes sans libellé 2024 (${[...unlabelled].slice(0, 5).join(', ')}…).`);
  }
  const libellesCsv = formatCsv(['grille', 'code', 'libelle'], labels);

  warnings.push(
    'Zonages dérivés COG 2025, non officiels : table d’appartenance INSEE COG 2024 re-basée sur les communes 2025 (libellés 2024).',
  );

  // Tables are Parquet files (docs/format-paquet.md), written like the pack builder's: each CSV text above
  // is read by the pack loader (types of PACK_TABLES), then exported by native DuckDB, sorted.
  const tables: PackManifest['tables'] = {};
  const db = await openNodeDatabase({ threads: 1 });
  try {
    const writeTable = async (name: PackTableName, content: string, label: string): Promise<void> => {
      await loadPackTable(db, REFERENCE_PACK_ID, name, `${name}.csv`, new TextEncoder().encode(content));
      const { bytes, rows } = await exportTable(db, name);
      const file = `${name}.parquet`;
      writeFileSync(join(temporaryDir, file), bytes);
      tables[name] = { file, rows, sha256: sha256(bytes), label };
    };
    await writeTable('communes', communesCsv, `Populations légales (@etalab/decoupage-administratif ${decoupageVersion})`);
    await writeTable('appartenance', appartenanceCsv, 'Zonages INSEE dérivés COG 2025, non officiels');
    await writeTable('libelles', libellesCsv, 'Libellés des zonages INSEE 2024');
  } catch (error) {
    await db.close();
    throw error;
  }

  const manifest: PackManifest = {
    schemaVersion: PACK_SCHEMA_VERSION,
    id: REFERENCE_PACK_ID,
    label: 'Référentiel communal COG 2025 (populations légales, zonages dérivés)',
    cog: 2025,
    sources: [
      {
        file: `npm:@etalab/decoupage-administratif@${decoupageVersion}/data/communes.json`,
        bytes: statSync(require.resolve('@etalab/decoupage-administratif/data/communes.json')).size,
        sha256: sha256(readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'))),
        vintage: 'COG 2025',
        publisher: 'INSEE via Etalab',
      },
      sourceInfo(inputs.centroids, 'COG 2025', 'IGN ADMIN EXPRESS'),
      sourceInfo(inputs.zonages, 'COG 2024 re-basé 2025 (dérivé)', 'INSEE via COGugaison'),
      sourceInfo(inputs.libelles, '2024', 'INSEE via COGugaison'),
    ],
    tables,
    warnings,
  };
  // Its engine snapshot (communes and grids: the reference pack has no health data), for a fast start.
  try {
    const snapshot = await packEngineSnapshot(db, manifest);
    writeFileSync(join(temporaryDir, snapshot.entry.file), snapshot.bytes);
    manifest.engineSnapshot = snapshot.entry;
  } finally {
    await db.close();
  }
  writeFileSync(join(temporaryDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  replaceFolder(temporaryDir, packDir);
  console.log(`Paquet de référence : ${communes.length} communes, ${labels.length} libellés → ${relative(repoRoot, packDir)}`);
  for (const warning of warnings) console.log(`  avertissement : ${warning}`);
}

/**
 * Reference tables for the importers (resources/generated/reference/): the versioned method choices of
 * resources/reference checked against the Open DAMIR lexicon and labelled, the DAMIR code lists, and
 * the commune code table that maps arrondissements, delegated and obsolete codes to COG 2025.
 */
function buildReferenceTables(): void {
  const dir = join(generatedDir, 'reference');
  const readCsv = (text: string | Buffer, delimiter: string) => parse(text, { columns: true, delimiter, skip_empty_lines: true }) as Record<string, string>[];
  const lexique = readCsv(readShared(inputs.lexique), ',');
  const prsLabels = new Map(lexique.filter((r) => r.variable === 'PRS_NAT').map((r) => [r.code, r.libelle]));
  const baskets = readCsv(readFileSync(join(repoRoot, referenceSources[1])), ';');
  const unknownCodes = baskets.filter((b) => !prsLabels.has(b.prs_nat)).map((b) => b.prs_nat);
  if (unknownCodes.length > 0) console.log(`  avertissement : codes PRS_NAT absents du lexique 2024 : ${unknownCodes.join(', ')}`);
  writeAtomic(join(dir, 'paniers-prs-nat.csv'), formatCsv(['prs_nat', 'panier', 'libelle'], baskets.map((b) => [b.prs_nat, b.panier, prsLabels.get(b.prs_nat) ?? 'absent du lexique 2024'])));

  const speLabels = new Map(readCsv(readShared(inputs.speNomenclature), ';').map((r) => [r.PSE_SPE_SNDS, r.PSE_SPE_LIB]));
  const specialties = readCsv(readFileSync(join(repoRoot, referenceSources[0])), ';');
  for (const s of specialties) if (!speLabels.has(s.pse_spe_snds)) fail(`code PSE_SPE_SNDS ${s.pse_spe_snds} (${s.specialite}) absent de la nomenclature.`);
  writeAtomic(
    join(dir, 'specialites.csv'),
    formatCsv(
      ['specialite', 'libelle', 'pse_spe_snds', 'libelle_snds', 'sm_codes', 'cex_codes', 'panier_activite'],
      specialties.map((s) => [s.specialite, s.libelle, s.pse_spe_snds, speLabels.get(s.pse_spe_snds), s.sm_codes, s.cex_codes, s.panier_activite]),
    ),
  );
  writeAtomic(join(dir, 'damir-regions.csv'), formatCsv(['code', 'libelle'], readCsv(readShared(inputs.regions), ';').map((r) => [r.BEN_RES_REG, r.BEN_RES_LIB])));
  writeAtomic(join(dir, 'damir-ages.csv'), formatCsv(['code', 'libelle'], readCsv(readShared(inputs.ages), ';').map((r) => [r.AGE_BEN_SNDS, r.AGE_BEN_LIB])));

  // Commune codes of other vintages or levels → COG 2025 commune.
  const decoupage = require('@etalab/decoupage-administratif/data/communes.json') as (DecoupageCommune & { anciensCodes?: string[]; commune?: string; chefLieu?: string; codesPostaux?: string[] })[];
  const current = new Set(decoupage.filter((c) => c.type === 'commune-actuelle').map((c) => c.code));
  const mapping = new Map<string, [string, string]>();
  const add = (from: string, to: string, reason: string) => {
    if (from !== to && !current.has(from) && current.has(to) && !mapping.has(from)) mapping.set(from, [to, reason]);
  };
  for (const c of decoupage) {
    if (c.type === 'arrondissement-municipal' && c.commune) add(c.code, c.commune, 'arrondissement municipal');
    if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu) add(c.code, c.chefLieu, c.type);
    if (c.type === 'commune-actuelle') for (const old of c.anciensCodes ?? []) add(old, c.code, 'ancien code');
  }
  // INSEE passage tables 2018→2024: follow fusions and code changes to a current code (no split remaps).
  const passage = readCsv(readShared(inputs.passage), ',');
  const targets = new Map<string, Set<string>>();
  for (const r of passage) if (r.cod_depart !== r.cod_arrivee) (targets.get(r.cod_depart) ?? targets.set(r.cod_depart, new Set()).get(r.cod_depart)!).add(r.cod_arrivee);
  for (const [from, tos] of targets) {
    if (tos.size !== 1) continue;
    let to = [...tos][0];
    for (let guard = 0; guard < 10 && !current.has(to) && targets.get(to)?.size === 1; guard++) to = [...targets.get(to)!][0];
    add(from, to, 'table de passage INSEE');
  }
  const rows = [...mapping].sort((a, b) => a[0].localeCompare(b[0])).map(([from, [to, reason]]) => [from, to, reason]);
  writeAtomic(join(dir, 'codes-communes.csv'), formatCsv(['code_source', 'code_commune', 'motif'], rows));

  // Postal code → COG 2025 commune (RPPS fallback when the commune code is empty, DATA_SPEC §B.5). Stands in
  // for La Poste's "base officielle des codes postaux": the `codesPostaux` of each current commune, plus those
  // of the arrondissements municipaux mapped to their commune (75008 → 75056). A shared postal code has several rows.
  const postal = new Set<string>();
  for (const c of decoupage) {
    const commune = c.type === 'commune-actuelle' ? c.code : c.type === 'arrondissement-municipal' ? c.commune : undefined;
    if (commune && current.has(commune)) for (const code of c.codesPostaux ?? []) postal.add(`${code};${commune}`);
  }
  const postalRows = [...postal].sort().map((pair) => pair.split(';'));
  writeAtomic(join(dir, 'codes-postaux.csv'), formatCsv(['code_postal', 'code_commune'], postalRows));
  console.log(
    `Tables de référence : ${specialties.length} spécialités, ${baskets.length} codes PRS_NAT, ${rows.length} codes communaux remappés, ` +
      `${new Set(postalRows.map(([code]) => code)).size} codes postaux.`,
  );
}

async function main(): Promise<void> {
  if (!existsSync(sharedDataDir)) {
    fail(
      `dossier des données sources introuvable : ${sharedDataDir}.\n` +
        'Les ressources (géométrie des communes, zonages) sont dérivées des données ouvertes de shared/data, ' +
        'qui doit se trouver à côté du dépôt ; sinon indiquez son chemin avec la variable TSANTE_SHARED_DATA.',
    );
  }
  const stampFile = join(repoRoot, 'resources', '.generated-stamp');
  const stamp = stampOf();
  if (process.argv.includes('--force') === false && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    console.log('Ressources à jour (resources/generated).');
    return;
  }
  buildGeometry();
  await buildReferencePack();
  buildReferenceTables();
  const started = Date.now();
  const demo = await generateDemo({ shared: sharedDataDir, generated: generatedDir, sources: join(repoRoot, '.cache', 'demo-sources') });
  const checked = demo.populationResiduals.filter((r) => r.population >= 200);
  const off = checked.filter((r) => Math.abs(r.fitted - r.target) / r.target > 0.01);
  console.log(
    `Paquet de démonstration (${((Date.now() - started) / 1000).toFixed(0)} s) : ${demo.liberalGps} généralistes libéraux ` +
      `(CartoSanté : ${demo.cartosanteGps}) ; population standardisée à 1 % près pour ${checked.length - off.length} communes ` +
      `de 200 habitants ou plus sur ${checked.length} ; écart maximal département × sexe × âge : ${(demo.departmentBandMaxError * 100).toFixed(3)} %.`,
  );
  writeAtomic(stampFile, stamp);
}

await main();
