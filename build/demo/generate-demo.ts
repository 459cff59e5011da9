// Generates the embedded demo pack: raw files in the real national layouts, estimated from the real
// marginals of ../shared/data (see docs/demo-estimation.md), imported through the real import path into
// resources/generated/packs/demo. Deterministic: same inputs, same files and checksums.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { formatCsv } from '../../common/csv';
import type { PackManifest } from '../../common/pack';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { fileSource, packFolderReader, writePackFolder } from '../../electron/cli/files';
import { readPackTables } from '../../electron/cli/pack-tables';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { formatPlainNumber } from '../../common/csv';
import { packEngineSnapshot } from '../../workers/db/engine-snapshot';
import { sqlString } from '../../workers/db/sql-database';
import { buildPack, exportTable } from '../../workers/import/pack-builder';
import { DEMO_PREVALENCE_SOURCE, DEMO_PREVALENCE_YEAR, NATIONAL_PREVALENCE_PERCENT } from './prevalence-national';
import { damirMonth, gpProfile, populationByDamirRegion } from './activity';
import { DAMIR_HEADER_LINE, writeGzipLines } from './damir-layout';
import { placeDemoGps } from './gp-placement';
import { cog2025Remap, dreesStandardised, loadPlacementInputs } from './placement-inputs';
import { BANDS, DREES_WEIGHTS_2023, fitPopulation, tdPop1bLines, type DepartmentBands } from './population';
import { generateSupply, rppsLines, type SupplyCommune } from './supply';

export const DEMO_PACK_ID = 'demo';
export const DEMO_LABEL = 'estimation de démonstration';

interface Paths {
  shared: string;
  generated: string;
  /** Where the raw demo files are written (not shipped with the app). */
  sources: string;
}

const csv = (text: string | Buffer, delimiter = ',') => parse(text, { columns: true, delimiter, skip_empty_lines: true }) as Record<string, string>[];
const readShared = (paths: Paths, file: string) => {
  const raw = readFileSync(join(paths.shared, file));
  return file.endsWith('.gz') ? gunzipSync(raw) : raw;
};

/** DREES labels of the nine specialties (2014 counts by département). */
const DREES_SPECIALTIES: Record<string, string> = {
  Psychiatrie: 'PSY',
  'Gynécologie-obstétrique': 'GYN',
  'Gynécologie médicale': 'GYN',
  Ophtalmologie: 'OPH',
  'Cardiologie et maladies vasculaires': 'CARDIO',
  'Dermatologie et vénéréologie': 'DERMATO',
  'Radio-diagnostic et imagerie médicale': 'RADIO',
  Pédiatrie: 'PEDIA',
  Pneumologie: 'PNEUMO',
};

export interface DemoReport {
  populationResiduals: { code: string; population: number; target: number; fitted: number }[];
  departmentBandMaxError: number;
  liberalGps: number;
  cartosanteGps: number;
  /** The GP placement's fitted and calibrated parameters and what they give (docs/demo-estimation.md §2). */
  gpPlacement: { theta: number[]; threshold: number; poleFactor: number; communesWithGp: number; poleCrownRatio: number };
  files: string[];
}

export async function generateDemo(paths: Paths): Promise<DemoReport> {
  const sources = paths.sources;
  mkdirSync(sources, { recursive: true });
  const reference = join(paths.generated, 'packs', 'reference-cog2025');
  const { communes, appartenance } = await readPackTables(reference, ['communes', 'appartenance']);
  const membership = new Map(appartenance.map((r) => [r.code_commune, r]));
  const to2025 = cog2025Remap(paths.generated);

  // 1. Population by age: IPF to the three marginals.
  const departments = new Map<string, DepartmentBands>();
  for (const row of csv(readShared(paths, 'population/estim-pop-dep-sexe-age5-2023.csv'))) {
    if (row.sexe === 'T') continue;
    const d = departments.get(row.dep) ?? { men: new Array<number>(BANDS).fill(0), women: new Array<number>(BANDS).fill(0) };
    (row.sexe === 'H' ? d.men : d.women)[Number(row.age_min) / 5] = Number(row.population);
    departments.set(row.dep, d);
  }
  const drees = dreesStandardised(paths, to2025);
  const inputs = communes.map((c) => {
    const d = drees.get(c.code_commune);
    return { code: c.code_commune, dep: c.dep, population: Number(c.population), ratio: d && d.pop > 0 ? d.std / d.pop : undefined };
  });
  const fitted = fitPopulation(inputs, departments);
  const names = new Map(communes.map((c) => [c.code_commune, c.nom]));
  const populationFile = join(sources, 'TD_POP1B_demo.csv.gz');
  await writeGzipLines(populationFile, tdPop1bLines(fitted, names));

  const populationResiduals = inputs
    .filter((c) => c.ratio !== undefined && c.population > 0)
    .map((c) => ({ code: c.code, population: c.population, target: c.ratio!, fitted: fitted.fittedRatio.get(c.code)! }));
  writeFileSync(
    join(sources, 'residus-population.csv'),
    formatCsv(['code_commune', 'population', 'ratio_drees', 'ratio_estime', 'ecart_relatif'], populationResiduals.map((r) => [r.code, r.population, r.target.toFixed(6), r.fitted.toFixed(6), ((r.fitted - r.target) / r.target).toFixed(6)])),
  );
  let departmentBandMaxError = 0;
  for (const [dep, bands] of departments) {
    const members = inputs.filter((c) => c.dep === dep);
    const total = members.reduce((a, c) => a + c.population, 0);
    const depTotal = bands.men.reduce((a, b) => a + b, 0) + bands.women.reduce((a, b) => a + b, 0);
    if (members.length === 0 || total === 0) continue;
    for (const [sex, target] of [['men', bands.men], ['women', bands.women]] as const) {
      for (let b = 0; b < BANDS; b++) {
        const got = members.reduce((a, c) => a + (sex === 'men' ? fitted.men : fitted.women).get(c.code)![b], 0);
        const want = (target[b] * total) / depTotal;
        if (want > 0) departmentBandMaxError = Math.max(departmentBandMaxError, Math.abs(got - want) / want);
      }
    }
  }

  // 2. Physicians (RPPS layout). Libéral GPs: placed by build/demo/gp-placement.ts.
  const placementInputs = await loadPlacementInputs(paths);
  const placement = placeDemoGps(placementInputs.communes, placementInputs.densityByBassin);
  const liberalGpsByCommune = new Map(placementInputs.communes.map((c, i) => [c.code, placement.gps[i]]));
  const poles = new Set(placementInputs.communes.filter((c) => c.aavPole).map((c) => c.code));
  const supplyCommunes: SupplyCommune[] = communes.map((c) => ({
    code: c.code_commune,
    dep: c.dep,
    bv: membership.get(c.code_commune)!.BV2022,
    population: Number(c.population),
    pole: poles.has(c.code_commune),
  }));
  const specialists = new Map<string, Map<string, number>>();
  const hospital = new Map<string, Map<string, number>>();
  for (const row of csv(readShared(paths, 'offre-soins/drees-rpps-effectifs-medecins-specialite-mode-zone-2013-2014.csv.gz'))) {
    const dep = /^([0-9][0-9AB][0-9]?) - /.exec(row.zone_inscription)?.[1];
    const specialty = DREES_SPECIALTIES[row.specialite];
    if (!dep || !specialty || row.annee !== '2014') continue;
    const target = row.mode_exercice === 'Libéraux exclusifs' || row.mode_exercice === 'Mixtes' ? specialists : row.mode_exercice === 'Salariés Hospitaliers' ? hospital : null;
    if (!target) continue;
    const counts = target.get(dep) ?? new Map<string, number>();
    counts.set(specialty, (counts.get(specialty) ?? 0) + Number(row.effectifs));
    target.set(dep, counts);
  }
  const supply = generateSupply(supplyCommunes, liberalGpsByCommune, specialists, hospital);
  const rppsFile = join(sources, 'PS_LibreAcces_Personne_activite_demo.txt');
  writeFileSync(rppsFile, [...rppsLines(supply.rows)].join('\n') + '\n');

  // 3. Open DAMIR months of care year 2024.
  const regionBands = populationByDamirRegion(
    communes.map((c) => ({ reg: c.reg, bands: Array.from({ length: BANDS }, (_, b) => fitted.men.get(c.code_commune)![b] + fitted.women.get(c.code_commune)![b]) })),
  );
  const nationalAge5 = Array.from({ length: BANDS }, (_, b) => inputs.reduce((a, c) => a + fitted.men.get(c.code)![b] + fitted.women.get(c.code)![b], 0));
  const gpUse = gpProfile(nationalAge5, DREES_WEIGHTS_2023);
  const damirFiles: string[] = [];
  for (let month = 1; month <= 12; month++) {
    const file = join(sources, `A${month === 12 ? '202501' : `2024${String(month + 1).padStart(2, '0')}`}.csv.gz`);
    await writeGzipLines(file, (function* () {
      yield DAMIR_HEADER_LINE;
      yield* damirMonth(month, regionBands, gpUse);
    })());
    damirFiles.push(file);
  }

  // 4. Prevalence of diabetes and heart failure: the national curve by age (prevalence-national.ts) in every
  // département, written in the CNAM effectifs layout so that it goes through the real importer.
  const regionOf = new Map(communes.map((c) => [c.dep, c.reg]));
  const depBands = new Map<string, number[]>();
  for (const c of inputs) {
    const bands = depBands.get(c.dep) ?? new Array<number>(BANDS).fill(0);
    for (let b = 0; b < BANDS; b++) bands[b] += fitted.men.get(c.code)![b] + fitted.women.get(c.code)![b];
    depBands.set(c.dep, bands);
  }
  const pathologiesFile = join(sources, 'effectifs_demo.csv');
  writeFileSync(pathologiesFile, demoEffectifs(depBands, regionOf));

  // 5. Import through the real pipeline, then label every table as a demo estimate. One thread: sums are
  // then taken in the same order on every run, so the files are identical.
  const db = await openNodeDatabase({ threads: 1 });
  try {
    const built = await buildPack(
      db,
      packFolderReader(reference),
      packFolderReader(join(paths.generated, 'reference')),
      {
        damir: damirFiles.map(fileSource),
        rpps: [fileSource(rppsFile)],
        population: fileSource(populationFile),
        finess: fileSource(join(paths.shared, 'offre-soins', 'gisco-healthcare-fr-2020-finess.csv.gz')),
        cartosante: fileSource(join(paths.shared, 'offre-soins', 'cartosante-indicateurs-bassins-de-vie-2024.csv')),
        pathologies: fileSource(pathologiesFile),
      },
      { id: DEMO_PACK_ID, label: `Démonstration France (${DEMO_LABEL})` },
    );
    // The prevalence is not the CNAM file's: its source column and label say what it is.
    await db.run(`UPDATE prevalence_pathologies SET source = ${sqlString(DEMO_PREVALENCE_SOURCE)}`);
    const prevalence = await exportTable(db, 'prevalence_pathologies');
    built.files.set(built.manifest.tables.prevalence_pathologies.file, prevalence.bytes);
    built.manifest.tables.prevalence_pathologies = {
      ...built.manifest.tables.prevalence_pathologies,
      rows: prevalence.rows,
      sha256: bytesToHex(sha256(prevalence.bytes)),
      label: 'Prévalence du diabète et de l’insuffisance cardiaque par âge : estimation, prévalence nationale publiée appliquée à chaque département',
    };
    const manifest: PackManifest = {
      ...built.manifest,
      demo: true,
      tables: Object.fromEntries(Object.entries(built.manifest.tables).map(([name, t]) => [name, { ...t, label: `${t.label} — ${DEMO_LABEL}` }])),
      sources: [
        ...built.manifest.sources.map((s) => (s.kind === 'pathologies' ? { ...s, publisher: 'estimation de démonstration (prévalence nationale publiée : CNAM, InVS, Olié et al. 2024)' } : s)),
        ...DEMO_REAL_SOURCES,
      ],
      warnings: [
        ...built.manifest.warnings,
        'Paquet de démonstration : population par âge, médecins et actes sont estimés à partir de marges publiques réelles, pas observés (voir docs/demo-estimation.md).',
        'Paquet de démonstration : la prévalence du diabète et de l’insuffisance cardiaque est une courbe nationale par âge publiée, la même dans chaque département (build/demo/prevalence-national.ts), pas le fichier de la CNAM.',
      ],
    };
    // The engine snapshot buildPack wrote is keyed on the tables' SHA-256, and prevalence_pathologies has
    // changed since: made again from the final tables, else every start would reject it and read DuckDB.
    const snapshot = await packEngineSnapshot(db, manifest);
    built.files.set(snapshot.entry.file, snapshot.bytes);
    manifest.engineSnapshot = snapshot.entry;
    built.files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
    writePackFolder(join(paths.generated, 'packs', DEMO_PACK_ID), built.files);
  } finally {
    await db.close();
  }
  return {
    populationResiduals,
    departmentBandMaxError,
    liberalGps: supply.liberalGps,
    cartosanteGps: Math.round(placement.cartosanteGps),
    gpPlacement: {
      theta: placement.fit.theta,
      threshold: placement.concentration.threshold,
      poleFactor: placement.concentration.poleFactor,
      communesWithGp: placement.communesWithGp,
      poleCrownRatio: placement.poleCrownRatio,
    },
    files: [populationFile, rppsFile, ...damirFiles, pathologiesFile],
  };
}

/**
 * The demo prevalence as a CNAM effectifs file (sexe 9 rows only, one per département × band × pathology):
 * prev = the national curve (percent), Npop = the demo population of the band, Ntop = prev × Npop.
 */
function demoEffectifs(depBands: Map<string, number[]>, regionOf: Map<string, string>): string {
  const tops = { diabete: 'Diabète;Diabète;Diabète;DIA_CAT_CAT', insuffisance_cardiaque: 'Maladies cardioneurovasculaires;Insuffisance cardiaque;;MCV_ICA_CAT' };
  const lines = ['annee;patho_niv1;patho_niv2;patho_niv3;top;cla_age_5;sexe;region;dept;Ntop;Npop;prev;Niveau prioritaire;libelle_classe_age;libelle_sexe;tri'];
  for (const [pathology, percents] of Object.entries(NATIONAL_PREVALENCE_PERCENT) as [keyof typeof tops, readonly number[]][]) {
    for (const [dep, bands] of [...depBands].sort(([a], [b]) => a.localeCompare(b))) {
      bands.forEach((population, b) => {
        const age = b === 19 ? '95et+' : `${String(b * 5).padStart(2, '0')}-${String(b * 5 + 4).padStart(2, '0')}`;
        const ntop = (population * percents[b]) / 100;
        lines.push(`${DEMO_PREVALENCE_YEAR};${tops[pathology]};${age};9;${regionOf.get(dep)};${dep};${formatPlainNumber(ntop, 3)};${formatPlainNumber(population, 3)};${percents[b]};;;tous sexes;`);
      });
    }
  }
  return lines.join('\n') + '\n';
}

/** The real public figures the demo estimates are built from (for the manifest). */
const DEMO_REAL_SOURCES: PackManifest['sources'] = [
  { kind: 'reference', file: 'population/estim-pop-dep-sexe-age5-2023.csv', bytes: 0, sha256: '', vintage: '2023', publisher: 'INSEE (estimations de population par département, sexe et âge)' },
  { kind: 'reference', file: 'offre-soins/drees-pop-standardisee-mg-2022-2023.csv.gz', bytes: 0, sha256: '', vintage: '2023', publisher: 'DREES (population standardisée APL)' },
  { kind: 'reference', file: 'offre-soins/cartosante-indicateurs-bassins-de-vie-2024.csv', bytes: 0, sha256: '', vintage: '2024', publisher: 'ARS / ATLASANTE (CartoSanté, densité de généralistes libéraux)' },
  { kind: 'reference', file: 'offre-soins/drees-rpps-effectifs-medecins-specialite-mode-zone-2013-2014.csv.gz', bytes: 0, sha256: '', vintage: '2014', publisher: 'DREES (effectifs RPPS par spécialité et département)' },
  { kind: 'reference', file: 'zonages/communes-zonages-cog2023.csv.gz', bytes: 0, sha256: '', vintage: '2023', publisher: 'INSEE (catégories des communes dans les aires d’attraction des villes 2020)' },
];
