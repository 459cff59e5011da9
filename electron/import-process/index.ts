// Entry of the import process: the desktop app starts it with Electron's utilityProcess.fork (bundled
// to out/main/import-process.js), tests and the benchmark with Node's child_process.fork. It runs one
// import at a time on native DuckDB, so that the main process and the window stay responsive.
import { openParentPort, serve } from './port';
import { runImportJob } from './run-import';

serve(openParentPort(), runImportJob);
