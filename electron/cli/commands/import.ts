// `import`: national files → data pack (created or updated), all or nothing.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatInteger } from '../../../common/format-fr';
import type { ImportReport } from '../../../common/pack';
import { buildPack } from '../../../workers/import/pack-builder';
import { openNodeDatabase } from '../duckdb-node';
import { CliError, UsageError } from '../errors';
import { fileSource, packFolderReader, writePackFolder } from '../files';
import { DEMO_PACK_FOLDER, REFERENCE_PACK_FOLDER, REFERENCE_TABLES_FOLDER, requireGeneratedResources } from '../packs';

export const IMPORT_USAGE = `import --out <dossier> [--damir <fichier>...] [--rpps <fichier>...] [--population <fichier>]
         [--zonages <fichier>...] [--grille-perso <fichier> --nom-grille <id>] [--temps <fichier>]
         [--finess <fichier>] [--bpe <fichier>] [--geometry <fichier.geojson>] [--cartosante <fichier>]
         [--pathologies <fichier>] [--projections <fichier>]
    Importe les fichiers nationaux dans un paquet de données (créé, ou mis à jour s’il existe).
    Open DAMIR : A{AAAAMM}.csv.gz ; RPPS : PS_LibreAcces_Personne_activite*.txt ; population INSEE par âge ;
    zonages INSEE (table d’appartenance ou libellés) ; maillage personnalisé code_commune;code_territoire;
    libelle_territoire ; temps origine;destination;minutes ; établissements (extraction FINESS ou liste
    géolocalisée) ; BPE ; géométrie des communes (GeoJSON ou Shapefile zippé) ; indicateurs CartoSanté par
    bassin de vie (part de bénéficiaires en ALD, pour le score ALD) ; fichier « effectifs » de la Cartographie
    des pathologies de l’Assurance Maladie (prévalence du diabète et de l’insuffisance cardiaque par
    département et âge ; avec --population dans le même import ou un précédent) ; projections de population
    départementales de l’INSEE (Omphale 2022, un classeur donnees_det_{Scénario}.xlsx par scénario).`;

/**
 * What of a file matched no commune, as one console line under its summary line ("  dont 3 médecins
 * sans commune (…)"), or null: for the population its note on the inhabitants left out, for the other
 * sources the report's unknownCodes (labels written to follow their count).
 */
export function unmatchedLine(report: ImportReport): string | null {
  // Open DAMIR has no commune: its unknown codes (ages, regions) stay in the report.
  if (report.kind === 'damir') return null;
  const parts = Object.entries(report.unknownCodes)
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${formatInteger(n)} ${label}`);
  return parts.length > 0 ? `  dont ${parts.join(' ; ')}.` : null;
}

export async function importCommand(argv: string[], log: (message: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      damir: { type: 'string', multiple: true },
      rpps: { type: 'string', multiple: true },
      population: { type: 'string' },
      zonages: { type: 'string', multiple: true },
      'grille-perso': { type: 'string' },
      'nom-grille': { type: 'string' },
      temps: { type: 'string' },
      finess: { type: 'string' },
      bpe: { type: 'string' },
      geometry: { type: 'string' },
      cartosante: { type: 'string' },
      pathologies: { type: 'string' },
      projections: { type: 'string' },
      threads: { type: 'string' },
    },
    strict: true,
  });
  if (!values.out) throw new UsageError(`Option --out manquante.\nUsage : ${IMPORT_USAGE}`);
  const given = ['damir', 'rpps', 'population', 'zonages', 'grille-perso', 'temps', 'finess', 'bpe', 'geometry', 'cartosante', 'pathologies', 'projections'] as const;
  if (!given.some((option) => values[option] !== undefined)) throw new UsageError(`Aucun fichier à importer.\nUsage : ${IMPORT_USAGE}`);
  if ((values['grille-perso'] === undefined) !== (values['nom-grille'] === undefined)) {
    throw new UsageError('--grille-perso et --nom-grille vont ensemble (fichier du maillage et son nom).');
  }
  requireGeneratedResources();
  const out = resolve(values.out);
  if (out === resolve(DEMO_PACK_FOLDER) || out === resolve(REFERENCE_PACK_FOLDER)) {
    throw new CliError('Le paquet de démonstration et le paquet de référence ne sont jamais modifiés : choisissez un autre dossier pour --out.');
  }
  const updating = existsSync(join(out, 'manifest.json'));
  if (existsSync(out) && !updating) throw new CliError(`« ${out} » existe mais n’est pas un paquet de données (manifest.json absent).`);
  const request = {
    damir: values.damir?.map(fileSource),
    rpps: values.rpps?.map(fileSource),
    population: values.population ? fileSource(values.population) : undefined,
    zonages: values.zonages?.map(fileSource),
    customGrid: values['grille-perso'] ? { source: fileSource(values['grille-perso']), name: values['nom-grille']! } : undefined,
    times: values.temps ? fileSource(values.temps) : undefined,
    finess: values.finess ? fileSource(values.finess) : undefined,
    bpe: values.bpe ? fileSource(values.bpe) : undefined,
    geometry: values.geometry ? fileSource(values.geometry) : undefined,
    cartosante: values.cartosante ? fileSource(values.cartosante) : undefined,
    pathologies: values.pathologies ? fileSource(values.pathologies) : undefined,
    projections: values.projections ? fileSource(values.projections) : undefined,
  };
  const db = await openNodeDatabase({ threads: values.threads ? Number(values.threads) : undefined });
  try {
    const built = await buildPack(db, packFolderReader(updating ? out : REFERENCE_PACK_FOLDER), packFolderReader(REFERENCE_TABLES_FOLDER), request, {
      id: basename(out),
      label: `Paquet « ${basename(out)} »`,
    });
    const previous = updating ? (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).imports?.length ?? 0) : 0;
    writePackFolder(out, built.files);
    for (const report of built.manifest.imports!.slice(previous)) {
      log(`${report.file} : ${report.rowsRead} lignes lues, ${report.rowsKept} retenues.`);
      const unmatched = unmatchedLine(report);
      if (unmatched) log(unmatched);
      // The quality report's notes (member read, lines set aside and their numbers, codes corrected,
      // physicians placed by postal code…): on the console too, not only in manifest.json.
      for (const note of report.notes) log(`  · ${note}`);
    }
    for (const warning of built.manifest.warnings) log(`Avertissement : ${warning}`);
  } finally {
    await db.close();
  }
}
