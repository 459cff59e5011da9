// Headless CLI entry (`npm run --silent cli -- <command>`). Node only: never imports `electron`,
// so the same code serves the packaged app's headless mode.
import { runCli } from './run';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
