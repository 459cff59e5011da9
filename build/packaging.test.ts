// Packaging, checked where no Electron binary can be had: electron-builder's own schema accepts the
// configuration, the security fuses are set, and app.asar holds the build output and nothing else.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import asar from '@electron/asar';
import { describe, expect, it } from 'vitest';
import { asarPath, packageAsar } from './package-asar.mjs';

const root = resolve(import.meta.dirname, '..');
const config = JSON.parse(readFileSync(join(root, 'electron-builder.json'), 'utf8'));
const require = createRequire(import.meta.url);

describe('empaquetage', () => {
  it('a une configuration que electron-builder valide', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: { add(): void; isEnabled: boolean }): Promise<void>;
    };
    await expect(validateConfiguration(config, { add: () => undefined, isEnabled: false } as never)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, fileAssociations: 'tsante' }, { add: () => undefined, isEnabled: false } as never)).rejects.toThrow();
  });

  it('coupe runAsNode et n’accepte que l’application empaquetée et vérifiée', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true, enableCookieEncryption: true });
    expect(config.fileAssociations[0].ext).toBe('tsante.json');
    for (const platform of ['win', 'mac', 'linux']) expect(existsSync(join(root, config[platform].icon))).toBe(true);
  });

  it.runIf(existsSync(join(root, 'out', 'main', 'index.js')))('construit un app.asar avec main, preload et renderer, sans sources maps', async () => {
    await packageAsar();
    const files = asar.listPackage(asarPath, { isPack: false });
    for (const needed of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) expect(files).toContain(needed);
    expect(files.some((f) => f.endsWith('.map'))).toBe(false);
    expect(files.some((f) => f.includes('node_modules'))).toBe(false);
    const pkg = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8'));
    expect(pkg.main).toBe('out/main/index.js');
  });
});
