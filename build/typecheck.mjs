// Type-checks each process target with its own tsconfig (see tsconfig.json).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// tsconfig.json holds comments: strip them before parsing its list of references.
const root = JSON.parse(readFileSync('tsconfig.json', 'utf8').replace(/^\s*\/\/.*$/gm, ''));
let failed = false;
for (const { path } of root.references) {
  const project = path.endsWith('.json') ? path : `${path}/tsconfig.json`;
  const result = spawnSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
  console.log(`${result.status === 0 ? 'ok  ' : 'ÉCHEC'} ${project}`);
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
