// Shared CI check of the pure folders (workers/engine, workers/export): every source file imports
// nothing platform-specific, touches no platform global and holds no SQL, so the same code runs in the
// web worker, the CLI and the tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BASE_FORBIDDEN_IMPORTS = [
  /^node:/,
  /^(fs|path|os|child_process|worker_threads|crypto|url|zlib|stream|buffer)$/,
  /^electron/,
  /^@duckdb\//,
  /^react/,
  /\/db\//,
  /\/renderer\//,
  /\/electron\//,
];
const FORBIDDEN_GLOBALS = /\b(window|document|self|navigator|localStorage|indexedDB|process|require|Buffer|postMessage|importScripts|fetch)\s*[.([]/;
const SQL = /\b(SELECT|INSERT INTO|CREATE TABLE|read_csv)\b/;

export function describePurity(title: string, folder: string, extraForbiddenImports: RegExp[] = [], minimumFiles = 4): void {
  const sources = readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const forbidden = [...BASE_FORBIDDEN_IMPORTS, ...extraForbiddenImports];
  describe(title, () => {
    it('contient des sources à vérifier', () => {
      expect(sources.length).toBeGreaterThanOrEqual(minimumFiles);
    });
    for (const file of sources) {
      it(`${file} n’importe rien de propre à une plate-forme`, () => {
        const text = readFileSync(join(folder, file), 'utf8');
        const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
        const imports = [...code.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
        for (const specifier of imports) {
          for (const pattern of forbidden) expect(specifier, `${file} importe ${specifier}`).not.toMatch(pattern);
        }
        expect(code, `${file} utilise une API de plate-forme`).not.toMatch(FORBIDDEN_GLOBALS);
        expect(code, `${file} contient du SQL`).not.toMatch(SQL);
      });
    }
  });
}
