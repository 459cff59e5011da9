// `import`: national files → data pack (created or updated), all or nothing.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPack } from '../../../workers/import/pack-builder';
import { openNodeDatabase } from '../duckdb-node';
import { CliError, UsageError } from '../errors';
import { fileSource, packFolderReader, writePackFolder } from '../files';
import { DEMO_PACK_FOLDER, REFERENCE_PACK_FOLDER, REFERENCE_TABLES_FOLDER, requireGeneratedResources } from '../packs';

export const IMPORT_USAGE = `import --out <dossier> [--damir <fichier>...] [--rpps <fichier>...] [--population <fichier>]
    Importe les fichiers nationaux dans un paquet de données (créé, ou mis à jour s’il existe).
    Open DAMIR : A{AAAAMM}.csv.gz ; RPPS : PS_LibreAcces_Personne_activite*.txt ; population INSEE par âge.`;

export async function importCommand(argv: string[], log: (message: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      damir: { type: 'string', multiple: true },
      rpps: { type: 'string', multiple: true },
      population: { type: 'string' },
      threads: { type: 'string' },
    },
    strict: true,
  });
  if (!values.out) throw new UsageError(`Option --out manquante.\nUsage : ${IMPORT_USAGE}`);
  if (!values.damir && !values.rpps && !values.population) throw new UsageError(`Aucun fichier à importer.\nUsage : ${IMPORT_USAGE}`);
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
  };
  const db = await openNodeDatabase({ threads: values.threads ? Number(values.threads) : undefined });
  try {
    const built = await buildPack(db, packFolderReader(updating ? out : REFERENCE_PACK_FOLDER), packFolderReader(REFERENCE_TABLES_FOLDER), request, {
      id: basename(out),
      label: `Paquet « ${basename(out)} »`,
    });
    writePackFolder(out, built.files);
    for (const report of built.manifest.imports!.slice(-(request.damir?.length ?? 0) - (request.rpps?.length ?? 0) - (request.population ? 1 : 0))) {
      log(`${report.file} : ${report.rowsRead} lignes lues, ${report.rowsKept} retenues.`);
    }
    for (const warning of built.manifest.warnings) log(`Avertissement : ${warning}`);
  } finally {
    await db.close();
  }
}
