// Builds or updates a data pack from national files. Runtime-agnostic: DuckDB through SqlDatabase,
// files as ImportSource, output as an in-memory set of files that the host writes atomically (a
// temporary folder renamed in Node, OPFS in the browser). Nothing is written when anything fails.
import { sha256 } from '@noble/hashes/sha2.js';
import { formatDecimal, formatInteger } from '../../common/format-fr';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type SourceKind, PACK_SCHEMA_VERSION, PACK_TABLES, packTableFormat, type ImportReport, type PackManifest, type PackSource, type PackTableName } from '../../common/pack';
import { packEngineSnapshot } from '../db/engine-snapshot';
import { PackDb, type ReadPackFile } from '../db/pack-db';
import type { SqlDatabase } from '../db/sql-database';
import { finalizeDamir, importDamirFile } from './damir';
import { defaultCareYear, deriveProductivity, deriveRates, planCareYear } from './derive';
import { importPathologiesFile, keptVintage, pathologiesVintage, vintageNames } from './pathologies';
import { PATHOLOGIES, type PathologyId } from '../engine/pathways';
import { importPopulationFile } from './population';
import { importProjectionsFile } from './projections';
import { loadReferenceTables, type ReadReferenceFile } from './reference';
import { finalizeRpps, importRppsFile } from './rpps';
import { rejectNotes } from './csv-file';
import { ImportError, type ImportSource, type ProgressListener } from './source-reader';
import { importFinessExtraction, isFinessExtraction } from './finess';
import { importGeometry } from './geometry';
import { importBpe, importCartoSante, importCustomGrid, importEstablishments, importTravelTimes, importZoningFile, probeHeader, type TableFileReport } from './tables';
import { unpackSource, type UnpackedSource } from './containers';

export interface ImportRequest {
  damir?: ImportSource[];
  rpps?: ImportSource[];
  population?: ImportSource;
  zonages?: ImportSource[];
  customGrid?: { source: ImportSource; name: string };
  times?: ImportSource;
  finess?: ImportSource;
  bpe?: ImportSource;
  geometry?: ImportSource;
  cartosante?: ImportSource;
  /** CNAM « Cartographie des pathologies » effectifs file → prevalence_pathologies. */
  pathologies?: ImportSource;
  /** INSEE Omphale projections, one scenario's workbook (donnees_det_{Scenario}.xlsx) → projections_population. */
  projections?: ImportSource;
}

export interface BuildOptions {
  /** Identity of the resulting pack. */
  id: string;
  label: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface BuiltPack {
  manifest: PackManifest;
  /** Reports of this import only (the manifest keeps the history). */
  reports: ImportReport[];
  /** File name → content, manifest.json included. */
  files: Map<string, Uint8Array>;
}

/** Sort keys of every table so that written files do not depend on the runtime or the input order. */
const ORDER: Partial<Record<PackTableName, string>> = {
  appartenance: 'code_commune',
  libelles: 'grille, code',
  grilles_perso: 'grille, code_commune',
  temps: 'origine, destination',
  etablissements: 'id, code_commune',
  ald_bv: 'bv2022',
  population_age5: 'code_commune, age5',
  taux_recours: 'specialite, tranche_age',
  taux_recours_region: 'region, specialite, tranche_age',
  sites: 'code_commune, specialite, role, nb_secondaires',
  productivite: 'specialite',
  structures: 'code_commune',
  damir_actes: 'annee, specialite, tranche_age, region, panier',
  damir_actes_executant: 'annee, specialite, region_executant, statut, panier',
  damir_mois: 'annee, mois',
  damir_flux: 'flux, annee, mois, specialite, panier',
  rpps_liberaux: 'specialite',
  population_larges: 'code_commune',
  prevalence_pathologies: 'pathologie, dep, age5',
  projections_population: 'scenario, dep, age5, annee',
};

const TABLE_LABELS: Partial<Record<PackTableName, string>> = {
  appartenance: 'Zonages INSEE (table d’appartenance importée)',
  libelles: 'Libellés des zonages (INSEE)',
  grilles_perso: 'Maillages personnalisés',
  temps: 'Temps de trajet entre communes (matrice importée)',
  etablissements: 'Établissements de santé géolocalisés',
  ald_bv: 'Part de bénéficiaires en ALD par bassin de vie (CartoSanté)',
  population_age5: 'Population par commune et âge quinquennal (INSEE)',
  taux_recours: 'Taux de recours nationaux (Open DAMIR ÷ population)',
  taux_recours_region: 'Taux de recours régionaux (Open DAMIR ÷ population)',
  sites: 'Médecins par commune, spécialité et site (RPPS)',
  productivite: 'Actes par médecin libéral (Open DAMIR ÷ RPPS)',
  structures: 'Maisons et centres de santé (RPPS, secteurs SA52 / SA05)',
  damir_actes: 'Actes par spécialité, âge, région du patient (Open DAMIR)',
  damir_actes_executant: 'Actes par spécialité et région de l’exécutant (Open DAMIR)',
  damir_mois: 'Mois de soins présents (Open DAMIR)',
  damir_flux: 'Actes par mois de flux et mois de soins (Open DAMIR)',
  rpps_liberaux: 'Médecins libéraux par spécialité (RPPS)',
  population_larges: 'Population par grandes tranches d’âge (INSEE)',
  prevalence_pathologies: 'Prévalence du diabète et de l’insuffisance cardiaque par département et âge (CNAM, Cartographie des pathologies)',
  projections_population: 'Projections de population par département et âge (INSEE, Omphale 2022)',
};

/**
 * One table of the pack as the bytes of a Parquet file (docs/format-paquet.md), with its row count:
 * columns in PACK_TABLES order and cast to the declared types, rows sorted by ORDER. Doubles are kept to
 * 12 significant digits (the shortest decimal, as a CSV pack wrote them): that drops the last-bit noise
 * of parallel sums, so that the same import gives the same file run to run. The table in `db` is left as
 * the file holds it.
 */
export async function exportTable(db: SqlDatabase, name: PackTableName): Promise<{ bytes: Uint8Array; rows: number }> {
  const columns = Object.entries(PACK_TABLES[name].columns as Record<string, string>);
  const select = columns
    .map(([column, type]) =>
      type === 'DOUBLE' ? `CAST(printf('%.11e', CAST("${column}" AS DOUBLE)) AS DOUBLE) AS "${column}"` : `CAST("${column}" AS ${type}) AS "${column}"`,
    )
    .join(', ');
  const order = ORDER[name] ?? columns.map(([column]) => `"${column}"`).join(', ');
  // The table becomes what its file holds (declared types, 12 significant digits, sorted), so that what
  // is read from it afterwards (the engine snapshot) is what reading the file gives.
  await db.run(`CREATE OR REPLACE TABLE ${name} AS SELECT ${select} FROM ${name} ORDER BY ${order}`);
  const bytes = await db.exportParquet(`SELECT * FROM ${name} ORDER BY ${order}`);
  const rows = Number((await db.queryColumns(`SELECT count(*) AS n FROM ${name}`)).n[0]);
  return { bytes, rows };
}

const hex = (bytes: Uint8Array) => bytesToHex(sha256(bytes));

/**
 * The data files inside what the user gave (zip members, workbook sheets; see containers.ts): several
 * for kinds that take several files, exactly one for the others (else a French error naming them).
 */
async function unpackRequest(request: ImportRequest, signal?: AbortSignal): Promise<{ request: ImportRequest; notes: Map<string, string[]> }> {
  // Notes of the unpacking (member or sheet chosen, what was ignored), by the name of the source read.
  const notes = new Map<string, string[]>();
  const all = async (sources: ImportSource[] | undefined, kind: SourceKind) => {
    if (!sources) return undefined;
    const unpacked: UnpackedSource[] = [];
    for (const source of sources) unpacked.push(...(await reading(source, () => unpackSource(source, kind, signal))));
    for (const source of unpacked) if (source.notes?.length) notes.set(source.name, source.notes);
    return unpacked;
  };
  const one = async (source: ImportSource | undefined, kind: SourceKind) => {
    const unpacked = source && (await all([source], kind));
    if (unpacked && unpacked.length !== 1) {
      throw new ImportError(`Fichier « ${source!.name} » : ${unpacked.length} fichiers de données à l’intérieur (${unpacked.map((s) => s.name).join(', ')}) ; un seul est attendu. Extrayez celui qui convient.`);
    }
    return unpacked?.[0];
  };
  const unpacked: ImportRequest = {
    damir: await all(request.damir, 'damir'),
    rpps: await all(request.rpps, 'rpps'),
    population: await one(request.population, 'population'),
    zonages: await all(request.zonages, 'zonages'),
    customGrid: request.customGrid && { name: request.customGrid.name, source: (await one(request.customGrid.source, 'grille-perso'))! },
    times: await one(request.times, 'temps'),
    finess: await one(request.finess, 'finess'),
    bpe: await one(request.bpe, 'bpe'),
    geometry: await one(request.geometry, 'geometrie'),
    cartosante: await one(request.cartosante, 'cartosante'),
    pathologies: await one(request.pathologies, 'pathologies'),
    projections: await one(request.projections, 'projections'),
  };
  return { request: unpacked, notes };
}

/**
 * Runs the import of one file; an error that is not already a French message for the user (a DuckDB
 * error on an input nobody foresaw) becomes one that names the file, so that no input ends in an
 * internal error.
 */
async function reading<T>(source: ImportSource, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const detail = String((error as Error)?.message ?? error).split('\n')[0].slice(0, 300);
    throw new ImportError(
      `Fichier « ${source.name} » : lecture impossible (${detail}). Vérifiez que c’est bien le fichier attendu pour ce type, ` +
        'complet et non modifié ; sinon transmettez ce message à l’équipe Territoire Santé.',
    );
  }
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const formatCount = formatInteger;
const formatShare = (share: number) => `${formatDecimal(share * 100, 2)} %`;

/** The pack's own commune geometry (TSGEO), when one was imported; listed among the tables. */
export const GEOMETRY_FILE = 'geometrie.tsgeo';

/**
 * Imports the requested sources on top of `base` (an existing pack, or the reference pack for a new
 * one) and re-derives what depends on them.
 */
export async function buildPack(
  db: SqlDatabase,
  base: ReadPackFile,
  readReference: ReadReferenceFile,
  request: ImportRequest,
  options: BuildOptions,
): Promise<BuiltPack> {
  const pack = await PackDb.load(db, base);
  await loadReferenceTables(db, readReference);
  const unpacked = await unpackRequest(request, options.signal);
  request = unpacked.request;
  const previous = pack.manifest;
  const changed = new Set<PackTableName>();
  const reports: ImportReport[] = [];
  const warnings: string[] = [];
  const readerOptions = { signal: options.signal, onProgress: options.onProgress };
  const hasTable = (name: PackTableName) => changed.has(name) || name in previous.tables;

  const tableReport = (kind: ImportReport['kind'], vintage: string, r: TableFileReport): ImportReport => ({
    kind, file: r.file, bytes: r.bytes, sha256: r.sha256, vintage, rowsRead: r.linesRead, rowsKept: r.rowsKept,
    rejected: r.rejected ?? {}, rejectedLines: r.rejectedLines,
    unknownCodes: r.unknownCodes > 0 ? { 'codes inconnus du COG 2025 ou lignes écartées': r.unknownCodes } : {}, notes: r.notes,
  });
  let officialZoning = false;
  for (const source of request.zonages ?? []) {
    const zoning = await reading(source, () => importZoningFile(db, source, readerOptions));
    officialZoning ||= zoning.complete === true;
    reports.push(tableReport('zonages', 'INSEE', zoning));
    changed.add('appartenance').add('libelles');
  }
  if (request.customGrid) {
    reports.push(tableReport('grille-perso', `PERSO:${request.customGrid.name}`, await reading(request.customGrid.source, () => importCustomGrid(db, request.customGrid!.source, request.customGrid!.name, readerOptions))));
    changed.add('grilles_perso');
  }
  if (request.times) {
    reports.push(tableReport('temps', 'matrice importée', await reading(request.times, () => importTravelTimes(db, request.times!, readerOptions))));
    changed.add('temps');
  }
  if (request.bpe) {
    reports.push(tableReport('bpe', 'BPE', await reading(request.bpe, () => importBpe(db, request.bpe!, readerOptions))));
    changed.add('structures').add('etablissements');
  }
  if (request.finess) {
    // The raw extraction (positional, projected coordinates) or a geocoded list with a header.
    const raw = isFinessExtraction((await reading(request.finess, () => probeHeader(request.finess!))).join(';'));
    const finess = request.finess;
    const report = await reading(finess, () => (raw ? importFinessExtraction(db, finess, readerOptions) : importEstablishments(db, finess, readerOptions)));
    reports.push(tableReport('finess', raw ? 'extraction FINESS' : 'FINESS géolocalisé', report));
    changed.add('etablissements');
    if (raw) changed.add('structures');
  }

  if (request.cartosante) {
    reports.push(tableReport('cartosante', 'CartoSanté', await reading(request.cartosante, () => importCartoSante(db, request.cartosante!, readerOptions))));
    changed.add('ald_bv');
  }

  let replacedPathologies: PathologyId[] = [];
  if (request.pathologies) {
    const report = await reading(request.pathologies, () => importPathologiesFile(db, request.pathologies!, readerOptions));
    reports.push(tableReport('pathologies', pathologiesVintage(report.year, report.pathologies), report));
    replacedPathologies = report.pathologies;
    warnings.push(...report.warnings);
    changed.add('prevalence_pathologies');
  }
  if (request.projections) {
    // Other scenarios of this pack are kept (a table left in `db` by another pack is not).
    if (!('projections_population' in previous.tables)) await db.run('DROP TABLE IF EXISTS projections_population');
    const report = await reading(request.projections, () => importProjectionsFile(db, request.projections!, readerOptions));
    reports.push(tableReport('projections', `Omphale 2022, scénario ${report.scenario}`, report));
    changed.add('projections_population');
  }

  let geometry: Uint8Array | undefined;
  if (request.geometry) {
    const imported = await reading(request.geometry, () => importGeometry(db, request.geometry!, options.signal));
    geometry = imported.bytes;
    reports.push(tableReport('geometrie', 'géométrie importée', imported.report));
  }

  if (request.population) {
    const report = await reading(request.population, () => importPopulationFile(db, request.population!, readerOptions));
    const notes: string[] = [];
    if (!report.ageDetail) {
      notes.push('Tranches d’âge trop larges (base-cc) : la population totale et la part des 75 ans et plus sont importées, mais le besoin ne peut pas être calculé.');
      changed.add('population_larges');
    } else changed.add('population_age5');
    if (report.remapped > 0) notes.push(`${report.remapped} codes de commune normalisés ou remappés vers le COG 2025 (zéros initiaux, arrondissements, anciens codes).`);
    if (report.unmatchedPopulation > 0) {
      const share = report.unmatchedPopulation / (report.population + report.unmatchedPopulation);
      const message = `${formatCount(report.unmatchedPopulation)} habitants (${formatShare(share)} de la population du fichier) ont un code commune inconnu du COG 2025 (${report.unknownCodes.slice(0, 5).join(', ')}${report.unknownCodes.length > 5 ? '…' : ''}) : non comptés.`;
      notes.push(message);
      // Above 0.1 % the national rates' denominator would shrink visibly: said loudly, never silently.
      if (share > 0.001) warnings.push(`Population « ${report.file} » : ${message} Les taux de recours nationaux en seraient surestimés : vérifiez les codes (colonne CODGEO) et réimportez.`);
    }
    // Open DAMIR acts are national: a population file that covers part of France (one département
    // kept to save time) would divide them by too few inhabitants and inflate every rate.
    const legal = Number((await db.queryColumns('SELECT coalesce(sum(population), 0) AS n FROM communes')).n[0]);
    const coverage = legal > 0 ? report.population / legal : 1;
    if (coverage < 0.9) {
      warnings.push(
        `Population « ${report.file} » : ${formatCount(report.population)} habitants, ${formatShare(coverage)} de la population légale de la France ` +
          `(${formatCount(legal)}). Les taux de recours nationaux (actes Open DAMIR de toute la France ÷ population) en seraient faux : ` +
          'importez le fichier national complet, pas un extrait.',
      );
    }
    notes.push(...rejectNotes(report.rejected, report.rejectedLines));
    reports.push({
      kind: 'population', file: report.file, bytes: report.bytes, sha256: report.sha256, vintage: report.vintage,
      rowsRead: report.linesRead, rowsKept: report.linesRead - sum(report.rejected), rejected: report.rejected, rejectedLines: report.rejectedLines,
      // Counted in inhabitants, what matters for the rates' denominator.
      unknownCodes: report.unmatchedPopulation > 0
        ? { [`habitants aux codes commune inconnus du COG 2025 (${report.unknownCodes.slice(0, 5).join(', ')}${report.unknownCodes.length > 5 ? '…' : ''}), non comptés`]: Math.round(report.unmatchedPopulation) }
        : {},
      notes,
    });
  }

  if (request.damir && request.damir.length > 0) {
    // « A202401 à A202406, A202409 »: flux months (YYYYMM), runs of three or more as ranges.
    const fluxList = (months: Iterable<number>) => {
      const sorted = [...new Set(months)].sort((a, b) => a - b);
      const index = (f: number) => Math.floor(f / 100) * 12 + (f % 100);
      const parts: string[] = [];
      for (let i = 0; i < sorted.length; i++) {
        let j = i;
        while (j + 1 < sorted.length && index(sorted[j + 1]) === index(sorted[j]) + 1) j++;
        if (j - i >= 2) {
          parts.push(`A${sorted[i]} à A${sorted[j]}`);
          i = j;
        } else parts.push(`A${sorted[i]}`);
      }
      return parts.join(', ');
    };
    // This import rebuilds every Open DAMIR table from the files given now: the flux months of an earlier
    // import that are not given again leave the pack. Read them before finalizeDamir replaces damir_flux:
    // from damir_flux (FLX_ANN_MOI as read), else from the sources' vintages (« flux YYYYMM »).
    const hadDamir = 'damir_actes' in previous.tables;
    const previousFiles = previous.sources.filter((s) => s.kind === 'damir').map((s) => s.file);
    let previousFlux: number[] = [];
    if ('damir_flux' in previous.tables) {
      previousFlux = Array.from((await db.queryColumns('SELECT DISTINCT flux FROM damir_flux WHERE flux BETWEEN 190001 AND 299912 AND flux % 100 BETWEEN 1 AND 12 ORDER BY flux')).flux, Number);
    }
    if (previousFlux.length === 0) {
      previousFlux = previous.sources.flatMap((s) => (s.kind === 'damir' ? (/^flux (\d{6})$/.exec(s.vintage)?.[1] ?? []) : [])).map(Number);
    }

    await db.run('DROP TABLE IF EXISTS damir_agg');
    const read: { file: string; sha256: string; fluxMonths: number[] }[] = [];
    for (const source of request.damir) {
      const report = await reading(source, () => importDamirFile(db, source, readerOptions));
      // The same month given twice (a copy, a second download) would count each of its acts twice.
      const copy = read.find((r) => r.sha256 === report.sha256);
      if (copy) {
        throw new ImportError(
          `Fichiers Open DAMIR « ${copy.file} » et « ${report.file} » : contenu identique (même empreinte SHA-256). ` +
            'Ses actes seraient comptés deux fois : retirez l’un des deux fichiers et relancez l’import.',
        );
      }
      for (const earlier of read) {
        const shared = earlier.fluxMonths.filter((f) => report.fluxMonths.includes(f));
        if (shared.length > 0) {
          throw new ImportError(
            `Fichiers Open DAMIR « ${earlier.file} » et « ${report.file} » : tous deux portent le mois de flux ${fluxList(shared)} ` +
              '(colonne FLX_ANN_MOI, ou nom du fichier A{AAAAMM}). Ses actes seraient comptés deux fois : gardez un seul fichier ' +
              'par mois de flux et relancez l’import.',
          );
        }
      }
      read.push({ file: report.file, sha256: report.sha256, fluxMonths: report.fluxMonths });
      // The flux month as read in the file (FLX_ANN_MOI) when it holds one, else the file name's A{YYYYMM}.
      const month = report.fluxMonths.length === 1 ? String(report.fluxMonths[0]) : /A(\d{6})/i.exec(source.name)?.[1];
      reports.push({
        kind: 'damir', file: report.file, bytes: report.bytes, sha256: report.sha256, vintage: month ? `flux ${month}` : 'Open DAMIR',
        rowsRead: report.linesRead, rowsKept: report.rowsKept, rejected: report.rejected, rejectedLines: report.rejectedLines,
        unknownCodes: report.unknownCodes, notes: rejectNotes(report.rejected, report.rejectedLines),
      });
    }
    warnings.push(...(await finalizeDamir(db)));
    changed.add('damir_actes').add('damir_actes_executant').add('damir_mois');

    // An earlier Open DAMIR import whose flux months are not all given again: said loudly (a warning of this
    // import, dropped at the next one), since the months left out change the care year and its annualisation.
    const nowFlux = read.flatMap((r) => r.fluxMonths);
    const lost = [...new Set(previousFlux.filter((f) => !nowFlux.includes(f)))];
    if (hadDamir && (lost.length > 0 || previousFlux.length === 0)) {
      const year = (await defaultCareYear(db)) ?? Math.floor((nowFlux[0] ?? 0) / 100);
      const earlier = previousFlux.length > 0
        ? `Les flux Open DAMIR importés auparavant (${fluxList(previousFlux)}) sont remplacés par ceux`
        : `Les données Open DAMIR importées auparavant (${previousFiles.join(', ') || 'mois de flux inconnus'}) sont remplacées par celles`;
      const partly = previousFlux.length > 0 && lost.length < new Set(previousFlux).size ? ` ; ${fluxList(lost)} n’y ${lost.length > 1 ? 'sont' : 'est'} plus` : '';
      const message =
        `${earlier} de cet import${nowFlux.length > 0 ? ` (${fluxList(nowFlux)})` : ''}${partly} : importez en une seule fois ` +
        `tous les mois de flux de l’année (A${year}01 à A${year + 1}06).`;
      warnings.push(message);
    }
  }

  if (request.rpps && request.rpps.length > 0) {
    await db.run('DROP TABLE IF EXISTS rpps_raw');
    await db.run('DROP TABLE IF EXISTS rpps_savoirfaire');
    const files = [];
    for (const source of request.rpps) files.push(await reading(source, () => importRppsFile(db, source, readerOptions)));
    const summary = await finalizeRpps(db);
    const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n > 1 ? many : one}`;
    const { sansCommune, communeInconnue } = summary.unmatchedPhysicians;
    const unknownList = `${summary.unknownCommuneCodes.join(', ')}${summary.unknownCommunes > summary.unknownCommuneCodes.length ? '…' : ''}`;
    // Physicians placed in no commune, in unknownCodes: the report and the console list them (DATA_SPEC §B.5).
    const unmatched: Record<string, number> = {};
    if (sansCommune > 0) unmatched[`${sansCommune > 1 ? 'médecins' : 'médecin'} sans commune (code commune vide, code postal vide ou inconnu)`] = sansCommune;
    if (communeInconnue > 0) unmatched[`${communeInconnue > 1 ? 'médecins' : 'médecin'} au code commune inconnu du COG 2025 (${unknownList})`] = communeInconnue;
    const rppsNotes = [
      `${summary.physicians} médecins comptés (lignes retenues) ; remplaçants comptés à part : ${summary.replacements}.`,
      `${summary.otherSpecialties} médecins d’autres spécialités (« autres »), hors des neuf spécialités suivies.`,
      `${summary.remappedCommunes} lignes avec un code commune remappé vers le COG 2025.`,
    ];
    if (summary.normalisedCodes > 0) {
      rppsNotes.push(`${plural(summary.normalisedCodes, 'ligne', 'lignes')} au code commune ou postal complété (zéro initial perdu, 1004 → 01004) ou mis en majuscules (2a004 → 2A004).`);
    }
    if (summary.postalFallback.physicians > 0) {
      rppsNotes.push(`${plural(summary.postalFallback.physicians, 'médecin placé', 'médecins placés')} par le code postal, faute de code commune (DATA_SPEC §B.5).`);
    }
    const shared = summary.postalFallback.shared;
    if (shared.length > 0) {
      const listed = shared.slice(0, 20).map((s) => `${s.codePostal} → ${s.codeCommune} ${s.nom} (${plural(s.physicians, 'médecin', 'médecins')}, code partagé par ${s.communes} communes)`);
      rppsNotes.push(
        `Codes postaux partagés par plusieurs communes : médecins placés dans la plus peuplée, à vérifier : ${listed.join(' ; ')}` +
          `${shared.length > 20 ? ` ; et ${shared.length - 20} autres codes` : ''}.`,
      );
    }
    if (sansCommune + communeInconnue > 0) {
      const total = sansCommune + communeInconnue;
      const message =
        `${plural(total, 'médecin', 'médecins')} des neuf spécialités dans aucune commune (${formatCount(sansCommune)} sans commune, ` +
        `${formatCount(communeInconnue)} au code commune inconnu${summary.unknownCommunes > 0 ? ` : ${unknownList}` : ''}) : absents des sites et de la carte, ` +
        'mais comptés dans les médecins libéraux (productivité). Corrigez le code commune (colonne « Code commune (coord. structure) ») si vous le connaissez.';
      rppsNotes.push(message);
      // Above 0.1 % of the physicians, capacity is visibly missing somewhere: said loudly, as for the population.
      if (total / (total + summary.physicians) > 0.001) warnings.push(`RPPS : ${message}`);
    }
    files.forEach((file, i) =>
      reports.push({
        kind: 'rpps', file: file.file, bytes: file.bytes, sha256: file.sha256, vintage: 'extraction RPPS', rowsRead: file.linesRead,
        rowsKept: i === 0 ? summary.physicians : 0,
        rejected: { ...file.rejected, ...(i === 0 ? summary.excluded : {}) },
        rejectedLines: file.rejectedLines,
        unknownCodes: i === 0 ? unmatched : {},
        notes: [...(i === 0 ? rppsNotes : []), ...rejectNotes(file.rejected, file.rejectedLines), `Encodage lu : ${file.encoding}.`],
      }),
    );
    changed.add('sites').add('rpps_liberaux');
    // MSP and centres de santé: BPE or FINESS counts win over the RPPS approximation.
    const structuresSource = hasTable('structures')
      ? String((await db.queryColumns('SELECT coalesce(any_value(source), \'\') AS s FROM structures')).s[0])
      : '';
    if (!/^INSEE BPE|^FINESS/.test(structuresSource)) {
      await db.run('CREATE OR REPLACE TABLE structures AS SELECT * FROM structures_rpps');
      changed.add('structures');
    }
  }

  // Re-derive what depends on the changed sources.
  // finalizeDamir writes damir_flux with the other damir_* tables: which flux months carried each care month.
  if (changed.has('damir_mois')) changed.add('damir_flux');
  // One care year and one set of months (DATA_SPEC §A.6) for rates and productivity alike; its summary
  // replaces the previous one in the warnings (shown in the report and on the console) at every import.
  const plan = hasTable('damir_mois') ? await planCareYear(db) : null;
  if (plan) warnings.push(plan.summary);
  const ratesInputsChanged = changed.has('damir_actes') || changed.has('population_age5');
  if (plan && ratesInputsChanged && hasTable('damir_actes') && hasTable('population_age5')) {
    await deriveRates(db, plan);
    changed.add('taux_recours').add('taux_recours_region');
  }
  if (plan && (changed.has('damir_actes_executant') || changed.has('rpps_liberaux')) && hasTable('damir_actes_executant') && hasTable('rpps_liberaux')) {
    await deriveProductivity(db, plan);
    changed.add('productivite');
  }
  if (changed.has('prevalence_pathologies') && !hasTable('population_age5')) {
    warnings.push(
      `${PREVALENCE_WITHOUT_POPULATION} le nombre de patients par territoire (prévalence × habitants par âge) demande aussi la population INSEE par âge : ` +
        'importez-la (--population) dans ce paquet.',
    );
  }
  if (changed.size === 0 && !geometry) throw new ImportError('Aucun fichier à importer.');

  // The pack's files (version PACK_SCHEMA_VERSION): one Parquet file per table, manifest.json last.
  const files = new Map<string, Uint8Array>();
  const tables: PackManifest['tables'] = {};
  const encoder = new TextEncoder();
  const writeTable = async (name: PackTableName, label: string) => {
    const { bytes, rows } = await exportTable(db, name);
    files.set(`${name}.parquet`, bytes);
    tables[name] = { file: `${name}.parquet`, rows, sha256: hex(bytes), label };
  };
  if (geometry) {
    files.set(GEOMETRY_FILE, geometry);
    tables.geometrie = { file: GEOMETRY_FILE, rows: reports.at(-1)?.rowsKept ?? 0, sha256: hex(geometry), label: 'Géométrie des communes (importée)' };
  }
  for (const [name, table] of Object.entries(previous.tables)) {
    if (changed.has(name as PackTableName) || (geometry && name === 'geometrie')) continue;
    // A CSV table (a pack of version 1) is rewritten as Parquet from the table PackDb.load made of it:
    // once written, the whole pack is of today's version. Parquet tables and the geometry are copied.
    if (name in PACK_TABLES && packTableFormat(table.file) === 'csv') await writeTable(name as PackTableName, table.label);
    else {
      files.set(table.file, await base(table.file));
      tables[name] = table;
    }
  }
  for (const name of changed) await writeTable(name, TABLE_LABELS[name] ?? name);
  for (const report of reports) report.notes.unshift(...(unpacked.notes.get(report.file) ?? []));
  const replacedKinds = new Set(reports.map((r) => r.kind));
  // A file of one pathology replaces only that pathology's rows: a file that brought another pathology
  // (its vintage names them, pathologiesVintage) stays listed.
  const keptPathologies = PATHOLOGIES.filter((id) => !replacedPathologies.includes(id));
  const stillUsed = (s: PackSource) =>
    (s.kind === 'projections' && !reports.some((r) => r.vintage === s.vintage)) ||
    (s.kind === 'pathologies' && !reports.some((r) => r.kind === 'pathologies' && r.sha256 === s.sha256) && keptPathologies.some((id) => vintageNames(s.vintage, id)));
  const sources: PackSource[] = [
    // A projections scenario replaces only the same scenario: the other scenarios' files stay listed.
    ...previous.sources
      .filter((s) => !s.kind || !replacedKinds.has(s.kind as never) || stillUsed(s))
      .map((s) => (s.kind === 'pathologies' && replacedPathologies.length > 0 ? { ...s, vintage: keptVintage(s.vintage, keptPathologies) } : s)),
    ...reports.map((r) => ({ kind: r.kind, file: r.file, bytes: r.bytes, sha256: r.sha256, vintage: r.vintage, publisher: PUBLISHERS[r.kind] })),
  ];
  const manifest: PackManifest = {
    schemaVersion: PACK_SCHEMA_VERSION,
    id: options.id,
    label: options.label,
    cog: previous.cog,
    sources,
    tables: Object.fromEntries(Object.entries(tables).sort(([a], [b]) => a.localeCompare(b))),
    warnings: [
      ...previous.warnings.filter((w) => !/^(Année de soins|Les (flux|données) Open DAMIR importé)/.test(w) && !reports.some((r) => STALE_WARNINGS[r.kind]?.test(w)) && !(officialZoning && DERIVED_ZONING.test(w))),
      ...warnings,
    ],
    imports: [...(previous.imports ?? []), ...reports],
  };
  // The engine's inputs as read from these tables, for a fast start (engine-snapshot.ts).
  const snapshot = await packEngineSnapshot(db, manifest);
  files.set(snapshot.entry.file, snapshot.bytes);
  manifest.engineSnapshot = snapshot.entry;
  files.set('manifest.json', encoder.encode(JSON.stringify(manifest, null, 2) + '\n'));
  return { manifest, files, reports };
}

/** Start of the warning of a pack that has the prevalence of pathologies but no population by age. */
const PREVALENCE_WITHOUT_POPULATION = 'Prévalence des pathologies sans population par âge :';

/** Warnings an import of a source kind replaces (the care-year summary is re-issued at every derivation). */
const STALE_WARNINGS: Partial<Record<ImportReport['kind'], RegExp>> = {
  damir: /^Contrôle FLT|actes d’âge inconnu/,
  rpps: /^RPPS :/,
  population: new RegExp(`^Population « |^${PREVALENCE_WITHOUT_POPULATION}`),
  pathologies: new RegExp(`^Pathologies « |^${PREVALENCE_WITHOUT_POPULATION}`),
};

/** The reference pack's warning on its derived zoning, void once a complete INSEE table is imported. */
const DERIVED_ZONING = /^Zonages dérivés/;

const PUBLISHERS: Record<ImportReport['kind'], string> = {
  damir: 'CNAM (Open DAMIR)',
  rpps: 'ANS (Annuaire Santé, RPPS)',
  population: 'INSEE',
  zonages: 'INSEE',
  'grille-perso': 'utilisateur',
  temps: 'utilisateur',
  finess: 'DREES / ARS (FINESS)',
  bpe: 'INSEE (BPE)',
  geometrie: 'IGN',
  cartosante: 'ARS / ATLASANTE (CartoSanté)',
  pathologies: 'CNAM (Cartographie des pathologies et des dépenses)',
  projections: 'INSEE (projections Omphale)',
};
