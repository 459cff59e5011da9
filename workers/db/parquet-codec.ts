// Parquet for duckdb-wasm, which cannot read or write it offline (ENGINEERING.md §2: its parquet
// extension is downloaded at run time). @loaders.gl/parquet's Arrow loader and writer (parquet-wasm,
// the Rust arrow-rs Parquet implementation compiled to WebAssembly) convert between Parquet files and
// Arrow IPC streams, the form duckdb-wasm takes in (insertArrowFromIPCStream) and gives out (a query's
// result). Only bytes cross between the two: apache-arrow objects of loaders.gl (major 21) never meet
// those of duckdb-wasm (major 17).
//
// The modules are passed in rather than imported: the browser worker gives the ES modules bundled by
// Vite with the URL of parquet-wasm's .wasm file; Node (tests) gives the CommonJS builds, because the
// ES module build of @loaders.gl/parquet 4.5.2 has an extension-less import that Node refuses.
import type { Table } from 'apache-arrow';

export interface ParquetCodec {
  /** A whole Parquet file → an Arrow IPC stream with the same columns and rows. */
  toArrowIpc(parquet: Uint8Array): Promise<Uint8Array>;
  /** An Arrow IPC stream → a Parquet file (uncompressed; same input, same bytes). */
  fromArrowIpc(ipc: Uint8Array): Promise<Uint8Array>;
}

type CodecOptions = { core: { worker: boolean }; parquet: { wasmUrl?: string } };

/** The functions used, from @loaders.gl/core, @loaders.gl/parquet and apache-arrow (method syntax: the
 * packages' generic signatures fit). */
export interface ParquetCodecModules {
  parse(data: ArrayBuffer, loader: unknown, options: CodecOptions): Promise<unknown>;
  encode(data: unknown, writer: unknown, options: CodecOptions): Promise<ArrayBuffer>;
  /** ParquetArrowLoader and ParquetArrowWriter (typed `any` by @loaders.gl/parquet). */
  ParquetArrowLoader: unknown;
  ParquetArrowWriter: unknown;
  tableFromIPC(bytes: Uint8Array): Table;
  tableToIPC(table: Table, type: 'stream'): Uint8Array;
}

/**
 * `wasmUrl`: where parquet-wasm's WebAssembly file is served (browser); in Node, parquet-wasm loads its
 * own file and the URL is not needed. Nothing is fetched from the network: the file ships with the app.
 */
export function createParquetCodec(modules: ParquetCodecModules, wasmUrl?: string): ParquetCodec {
  const options: CodecOptions = { core: { worker: false }, parquet: wasmUrl ? { wasmUrl } : {} };
  return {
    async toArrowIpc(parquet) {
      // loaders.gl parses an ArrayBuffer: give it one of exactly the file's bytes.
      const buffer = parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.byteLength) as ArrayBuffer;
      const table = (await modules.parse(buffer, modules.ParquetArrowLoader, options)) as { data: Table };
      return modules.tableToIPC(table.data, 'stream');
    },
    async fromArrowIpc(ipc) {
      const table = modules.tableFromIPC(ipc);
      const bytes = await modules.encode({ shape: 'arrow-table', data: table }, modules.ParquetArrowWriter, options);
      return new Uint8Array(bytes);
    },
  };
}
