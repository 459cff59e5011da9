import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeOf, resolveAppFile } from './app-protocol';

const root = join('/opt', 'territoire-sante', 'renderer');

describe('protocole app://', () => {
  it('sert les fichiers du renderer', () => {
    expect(resolveAppFile('app://bundle/index.html', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://bundle/assets/duckdb-eh.wasm', root)).toBe(join(root, 'assets', 'duckdb-eh.wasm'));
    expect(resolveAppFile('app://bundle/packs/reference-cog2025/communes.csv?v=1', root)).toBe(
      join(root, 'packs', 'reference-cog2025', 'communes.csv'),
    );
  });

  it('refuse toute sortie du dossier et les URL étrangères', () => {
    // The URL parser already folds plain dot segments back inside the root.
    expect(resolveAppFile('app://bundle/../secret.txt', root)).toBe(join(root, 'secret.txt'));
    expect(resolveAppFile('app://bundle/%2e%2e/%2e%2e/etc/passwd', root)).toBe(join(root, 'etc', 'passwd'));
    for (const url of [
      'app://bundle/assets/..%2f..%2fmain%2findex.js',
      'app://bundle/%00',
      'app://autre/index.html',
      'https://bundle/index.html',
      'file:///etc/passwd',
      'app://bundle/',
      'app://bundle/%E0%A4%A',
      'pas une url',
    ]) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });

  it('donne le bon type MIME au WebAssembly', () => {
    expect(mimeTypeOf('x/duckdb-eh.wasm')).toBe('application/wasm');
    expect(mimeTypeOf('x/inconnu.bin')).toBe('application/octet-stream');
  });
});
