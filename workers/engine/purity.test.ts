// CI check: the engine stays pure TypeScript (no DOM, no Node built-ins, no Electron, no SQL), so the
// same code runs in the web worker, the CLI and the tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const engineDir = import.meta.dirname;
const sources = readdirSync(engineDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

const FORBIDDEN_IMPORTS = [/^node:/, /^(fs|path|os|child_process|worker_threads|crypto|url|zlib)$/, /^electron/, /^@duckdb\//, /^react/, /\/db\//, /\/renderer\//, /\/electron\//];
const FORBIDDEN_GLOBALS = /\b(window|document|self|navigator|localStorage|indexedDB|process|require|Buffer|postMessage|importScripts)\s*[.([]/;
const SQL = /\b(SELECT|INSERT INTO|CREATE TABLE|read_csv)\b/;

describe('pureté du moteur (workers/engine)', () => {
  it('contient des sources à vérifier', () => {
    expect(sources.length).toBeGreaterThan(3);
  });

  for (const file of sources) {
    it(`${file} n’importe rien de propre à une plate-forme`, () => {
      const text = readFileSync(join(engineDir, file), 'utf8');
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
