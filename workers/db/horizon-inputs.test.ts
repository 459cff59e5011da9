// What the laisser-faire builder reads from a pack: départements and specialties present, population
// year, and (duckdb-wasm, as in the worker) the projections and population by département × age.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../common/csv';
import type { PackManifest } from '../../common/pack';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { openWasmDatabase } from '../../tests/support/duckdb-wasm-node';
import { smallWorld } from '../engine/fixtures';
import { horizonDepartements, horizonInput, populationYear } from './horizon-inputs';
import { PackDb } from './pack-db';

const manifest = (sources: PackManifest['sources'], demo?: boolean): PackManifest => ({ schemaVersion: 2, id: 'p', label: 'P', cog: 2025, sources, tables: {}, warnings: [], ...(demo ? { demo } : {}) });
const source = (vintage: string) => ({ kind: 'population' as const, file: 'f', bytes: 0, sha256: '', vintage, publisher: 'INSEE' });

describe('entrées du laisser-faire depuis un paquet', () => {
  it('lit l’année de la population du paquet', () => {
    expect(populationYear(manifest([source('RP 2021')]))).toBe(2021);
    expect(populationYear(manifest([source('RP (TD_POP1B)')]))).toBeNull();
    expect(populationYear(manifest([source('RP (TD_POP1B)')], true))).toBe(2023);
  });

  it('liste les départements et les spécialités qui y ont des médecins', () => {
    expect(horizonDepartements(smallWorld())).toEqual([
      { code: '55', label: 'Meuse', specialties: ['MG'] },
      { code: '57', label: 'Moselle', specialties: ['OPH'] },
    ]);
  });

  it('lit les projections et la population par département et âge avec duckdb-wasm, sans SQL quand il n’y a pas de projections', async () => {
    const folder = writeHealthPack();
    writeFileSync(join(folder, 'projections_population.csv'), formatCsv(['dep', 'age5', 'annee', 'population', 'scenario'], [['57', 80, 2030, 1500, 'Central'], ['57', 80, 2020, 1000, 'Central']]));
    const written = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as PackManifest;
    written.tables.projections_population = { file: 'projections_population.csv', rows: 2, sha256: '', label: 'test' };
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(written));
    const db = await openWasmDatabase();
    const pack = await PackDb.load(db, async (name) => new Uint8Array(readFileSync(join(folder, name))));
    const input = await horizonInput(pack.manifest, smallWorld(), async () => pack);
    expect(input.projections).toEqual([
      { dep: '57', age5: 80, annee: 2020, population: 1000, scenario: 'Central' },
      { dep: '57', age5: 80, annee: 2030, population: 1500, scenario: 'Central' },
    ]);
    // Health pack: Metz has 6 000 people in every 5-year band; the Meuse's four communes 1 830.
    expect(input.populationAge5?.find((r) => r.dep === '57' && r.age5 === 80)?.population).toBe(6000);
    expect(input.populationAge5?.find((r) => r.dep === '55' && r.age5 === 0)?.population).toBe(800 + 150 + 180 + 700);
    let opened = false;
    const without = await horizonInput(manifest([]), smallWorld(), async () => {
      opened = true;
      return pack;
    });
    expect(opened).toBe(false);
    expect(without.projections).toBeUndefined();
  });
});
