// One import of an Open DAMIR file in a fresh process, so that its peak memory is its own.
// Usage: tsx bench/import-run.ts <native|wasm> <threads> <file.csv.gz>  → one JSON line on stdout.
import { performance } from 'node:perf_hooks';
import { openNodeDatabase } from '../electron/cli/duckdb-node';
import { fileSource, packFolderReader } from '../electron/cli/files';
import { REFERENCE_TABLES_FOLDER } from '../electron/cli/packs';
import { openWasmDatabase } from '../tests/support/duckdb-wasm-node';
import { importDamirFile } from '../workers/import/damir';
import { loadReferenceTables } from '../workers/import/reference';

const [runtime, threads, file] = process.argv.slice(2);
const db = runtime === 'wasm' ? await openWasmDatabase() : await openNodeDatabase({ threads: Number(threads) });
await loadReferenceTables(db, packFolderReader(REFERENCE_TABLES_FOLDER));
const start = performance.now();
const report = await importDamirFile(db, fileSource(file));
const ms = performance.now() - start;
console.log(JSON.stringify({ rows: report.linesRead, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
await db.close();
