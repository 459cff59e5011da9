// CI check: the exporters stay pure TypeScript like the engine (no DOM, no Node built-ins, no
// Electron, no SQL), so that the app's DB worker and the CLI write the same files with the same code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const exportDir = import.meta.dirname;
const sources = readdirSync(exportDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

const FORBIDDEN_IMPORTS = [
  /^node:/,
  /^(fs|path|os|child_process|worker_threads|crypto|url|zlib|stream|buffer)$/,
  /^electron/,
  /^@duckdb\//,
  /^react/,
  /\/db\//,
  /\/import\//,
  /\/renderer\//,
  /\/electron\//,
  /^write-excel-file\/(node|browser)$/,
];
const FORBIDDEN_GLOBALS = /\b(window|document|self|navigator|localStorage|indexedDB|process|require|Buffer|postMessage|importScripts|fetch)\s*[.([]/;
const SQL = /\b(SELECT|INSERT INTO|CREATE TABLE|read_csv)\b/;

describe('pureté des exports (workers/export)', () => {
  it('contient des sources à vérifier', () => {
    expect(sources.length).toBeGreaterThan(4);
  });

  for (const file of sources) {
    it(`${file} n’importe rien de propre à une plate-forme`, () => {
      const text = readFileSync(join(exportDir, file), 'utf8');
      const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      const imports = [...code.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
      for (const specifier of imports) {
        for (const pattern of FORBIDDEN_IMPORTS) expect(specifier, `${file} importe ${specifier}`).not.toMatch(pattern);
      }
      expect(code, `${file} utilise une API de plate-forme`).not.toMatch(FORBIDDEN_GLOBALS);
      expect(code, `${file} contient du SQL`).not.toMatch(SQL);
    });
  }
});
