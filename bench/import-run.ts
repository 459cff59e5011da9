// One import of an Open DAMIR file in a fresh process, so that its peak memory is its own.
// Usage: tsx bench/import-run.ts <mode> <threads> <file.csv.gz>  → one JSON line on stdout:
// { rows, ms, peakRssMb } (rows: lines read).
//   reference  native DuckDB alone: read_csv on the .gz with the import's filters, joins and grouping
//              (workers/import/damir.ts), as a DuckDB user would write it; the yardstick of the others.
//   native     importDamirFile on native DuckDB (the aggregation step of the import).
//   wasm       importDamirFile on duckdb-wasm (blocking bundle in Node).
//   cli        the CLI's `import` command (runCli, as `npm run cli -- import --out … --damir …`): the
//              whole import, hashing and the Parquet pack folder included. threads 0: DuckDB's default.
//   process    the desktop app's import process (out/main/import-process.js when built, else its
//              source through tsx), forked as the app forks it: the whole import, from process start to
//              result; peakRssMb is the child's (Linux VmHWM). threads 0: DuckDB's default.
//   wasm-pack  the browser's whole import (buildPack on duckdb-wasm, pack written as a folder here,
//              to OPFS in the browser). Node's blocking bundle reads the file into memory first; the
//              browser reads it through a file handle.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openNodeDatabase } from '../electron/cli/duckdb-node';
import { fileSource, packFolderReader, writePackFolder } from '../electron/cli/files';
import { REFERENCE_PACK_FOLDER, REFERENCE_TABLES_FOLDER } from '../electron/cli/packs';
import { runCli } from '../electron/cli/run';
import { runInImportProcess } from '../electron/import-process/client';
import { forkNodeImportProcess } from '../electron/import-process/node-child';
import { sqlString } from '../workers/db/sql-database';
import { openWasmDatabase } from '../tests/support/duckdb-wasm-node';
import { importDamirFile } from '../workers/import/damir';
import { buildPack } from '../workers/import/pack-builder';
import { loadReferenceTables } from '../workers/import/reference';

const [mode, threadsArgument, file] = process.argv.slice(2);
const threads = Number(threadsArgument) || undefined;
const bundle = join(import.meta.dirname, '..', 'out', 'main', 'import-process.js');
const selfPeakMb = () => process.resourceUsage().maxRSS / 1024;

/** Peak resident memory of another process (Linux), in MB; null elsewhere. */
function peakOf(pid: number | undefined): number | null {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The import's query (damir.ts) as one native DuckDB statement: the same columns, casts, filters
 * (PSE_ACT_CAT = 1, ASU_NAT in 10, 30, 40, 90), specialty and basket joins and grouping keys, straight
 * from read_csv on the gzip file with DuckDB's own type detection.
 */
const referenceSql = (path: string) => `
  CREATE OR REPLACE TEMP TABLE damir_reference AS
  SELECT t.flux, t.annee, t.mois, s.specialite, p.panier, t.age_code, t.region_code, t.region_executant, t.statut,
         count(*) AS lignes, sum(CASE WHEN t.rem_typ = 0 THEN t.qte ELSE 0 END) AS actes, sum(t.flt) AS actes_flt
  FROM (
    SELECT TRY_CAST(FLX_ANN_MOI AS INTEGER) AS flux, TRY_CAST(SOI_ANN AS INTEGER) AS annee, TRY_CAST(SOI_MOI AS INTEGER) AS mois,
           TRY_CAST(PSE_SPE_SNDS AS INTEGER) AS spe, TRY_CAST(PRS_NAT AS INTEGER) AS prs_nat,
           TRY_CAST(AGE_BEN_SNDS AS INTEGER) AS age_code, CAST(TRY_CAST(BEN_RES_REG AS INTEGER) AS VARCHAR) AS region_code,
           CAST(TRY_CAST(EXE_INS_REG AS INTEGER) AS VARCHAR) AS region_executant, TRY_CAST(PSE_STJ_SNDS AS INTEGER) AS statut,
           TRY_CAST(PRS_REM_TYP AS INTEGER) AS rem_typ, TRY_CAST(PRS_ACT_QTE AS DOUBLE) AS qte, TRY_CAST(FLT_ACT_QTE AS DOUBLE) AS flt
    FROM read_csv(${sqlString(path)}, delim = ';', header = true, quote = '', escape = '')
    WHERE TRY_CAST(PSE_ACT_CAT AS INTEGER) = 1 AND TRY_CAST(ASU_NAT AS INTEGER) IN (10, 30, 40, 90)) t
  JOIN ref_specialites s ON s.pse_spe_snds = t.spe
  JOIN ref_paniers p ON p.prs_nat = t.prs_nat
  GROUP BY ALL`;

async function measure(): Promise<{ rows: number; ms: number; peakRssMb: number | null; entry?: string }> {
  const out = mkdtempSync(join(tmpdir(), 'territoire-sante-bench-pack-'));
  const target = join(out, 'paquet');
  try {
    if (mode === 'reference' || mode === 'native' || mode === 'wasm') {
      const db = mode === 'wasm' ? await openWasmDatabase() : await openNodeDatabase({ threads });
      await loadReferenceTables(db, packFolderReader(REFERENCE_TABLES_FOLDER));
      const start = performance.now();
      if (mode === 'reference') {
        await db.run(referenceSql(file));
        const ms = performance.now() - start;
        await db.close();
        // Lines read are not counted here (the query keeps only the physicians' lines): the other runs give them.
        return { rows: Number.NaN, ms, peakRssMb: selfPeakMb() };
      }
      const rows = (await importDamirFile(db, fileSource(file))).linesRead;
      const ms = performance.now() - start;
      await db.close();
      return { rows, ms, peakRssMb: selfPeakMb() };
    }
    if (mode === 'cli') {
      const start = performance.now();
      const sink = { write: () => true };
      const errors: string[] = [];
      const code = await runCli(['import', '--out', target, '--damir', file, ...(threads ? ['--threads', String(threads)] : [])], { stdout: sink, stderr: { write: (t: string) => errors.push(t) } });
      const ms = performance.now() - start;
      if (code !== 0) throw new Error(errors.join(''));
      const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'));
      return { rows: manifest.imports.at(-1).rowsRead, ms, peakRssMb: selfPeakMb() };
    }
    if (mode === 'process') {
      const entry = existsSync(bundle) ? bundle : undefined;
      const start = performance.now();
      const child = forkNodeImportProcess(entry);
      let peak: number | null = null;
      // The client kills the child once the result is in: read its peak just before.
      const kill = child.kill.bind(child);
      child.kill = () => {
        peak ??= peakOf(child.pid);
        return kill();
      };
      const result = await runInImportProcess(
        child,
        { type: 'import', id: 'paquet', label: 'Paquet « banc »', files: { damir: [file] }, basePack: REFERENCE_PACK_FOLDER, referenceTables: REFERENCE_TABLES_FOLDER, target, threads },
      );
      const ms = performance.now() - start;
      if (!result.ok) throw new Error(result.message);
      return { rows: result.reports[0].rowsRead, ms, peakRssMb: peak, entry: entry ? 'bundle' : 'source' };
    }
    if (mode === 'wasm-pack') {
      const db = await openWasmDatabase();
      const start = performance.now();
      const built = await buildPack(db, packFolderReader(REFERENCE_PACK_FOLDER), packFolderReader(REFERENCE_TABLES_FOLDER), { damir: [fileSource(file)] }, { id: 'paquet', label: 'Paquet « banc »' });
      writePackFolder(target, built.files);
      const ms = performance.now() - start;
      await db.close();
      return { rows: built.reports[0].rowsRead, ms, peakRssMb: selfPeakMb() };
    }
    throw new Error(`Mode inconnu : ${mode}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

console.log(JSON.stringify(await measure()));
