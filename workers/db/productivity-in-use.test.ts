// The productivity shown is the one used: the worker's session gives, with the figures, the value of
// each specialty and its origin (pack derivation with its months, scenario, or reference when the pack
// derives none), and the export's annex states the same values with the same sources.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../common/csv';
import type { PackManifest } from '../../common/pack';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { openPackFolder } from '../../electron/cli/files';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { SPECIALTY_COUNT, specialtyIndex } from '../engine/domain';
import { SCENARIO_SCHEMA_VERSION } from '../engine/scenario';
import { exportContext } from '../export/context';
import { loadEngineInputs } from './engine-inputs';
import { PlanningSession } from './planning';

const SOURCE = 'Open DAMIR 2024, mois 02 à 07 annualisés × 12 / 6 (actes libéraux du panier, exécutants) ÷ médecins libéraux du RPPS';
const MG = specialtyIndex('MG');
const PSY = specialtyIndex('PSY');

/** The health pack, with or without a derived productivity for GPs (4 560 acts per libéral GP). */
function pack(derived: boolean): string {
  const folder = writeHealthPack();
  if (derived) {
    writeFileSync(join(folder, 'productivite.csv'), formatCsv(['specialite', 'actes_par_etp', 'source'], [['MG', 4560, SOURCE]]));
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as PackManifest;
    manifest.tables.productivite = { file: 'productivite.csv', rows: 1, sha256: '', label: 'Actes par médecin libéral (Open DAMIR ÷ RPPS)' };
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  }
  return folder;
}

async function session(derived: boolean) {
  const db = await openNodeDatabase();
  const data = await loadEngineInputs(await openPackFolder(db, pack(derived)));
  return { db, data, session: new PlanningSession(data) };
}

const scenario = (parameters: object) => ({ schemaVersion: SCENARIO_SCHEMA_VERSION, name: 'Actifs', description: '', parameters, levers: [] });

describe('productivité utilisée, vue du worker', () => {
  it('paquet avec dérivation : 4 560 « dérivée du paquet » et ses mois ; sans dérivation, la référence, dite comme telle', async () => {
    const { db, session: s } = await session(true);
    const shown = s.indicators('DEP', null, null);
    expect(shown.productivity[MG]).toMatchObject({ value: 4560, origin: 'paquet', source: `dérivée du paquet : ${SOURCE}` });
    expect(shown.productivity[PSY]).toMatchObject({ value: 2500, origin: 'reference', source: 'valeur de référence, le paquet n’en dérive pas : hypothèse non sourcée' });
    // The FTE gap shown is divided by that value.
    const meuse = s.territoryCodes('DEP').indexOf('55') * SPECIALTY_COUNT + MG;
    expect(shown.shown.gapFte[meuse]).toBeCloseTo((9 * 4560 - 146400) / 4560, 9);
    await db.close();

    const bare = await session(false);
    const reference = bare.session.indicators('DEP', null, null).productivity[MG];
    expect(reference).toMatchObject({ value: 5400, origin: 'reference', originLabel: 'référence (le paquet n’en dérive pas)' });
    expect(reference.source).toContain('ARS Bourgogne-Franche-Comté');
    await bare.db.close();
  });

  it('scénario par médecin actif : 5 107,2 par généraliste actif, même capacité, écart × 125 / 140 ; l’annexe dit la même chose', async () => {
    const { db, data, session: s } = await session(true);
    const result = s.indicators('DEP', scenario({ productivityBasis: 'medecinActif' }), null);
    expect(result.problems).toEqual([]);
    const mg = result.productivity[MG];
    expect(mg.value).toBeCloseTo(5107.2, 9);
    expect(mg.unit).toBe('actes par médecin actif et par an');
    const meuse = s.territoryCodes('DEP').indexOf('55') * SPECIALTY_COUNT + MG;
    // Meuse: 9 GPs → 9 × 125 / 140 active GPs × 5 107,2 = 41 040 acts, as before; need 146 400.
    expect(result.shown.capacity[meuse]).toBeCloseTo(41040, 6);
    expect(result.shown.gapFte[meuse]).toBeCloseTo((41040 - 146400) / 5107.2, 9);
    // The annex of an export of that scenario: one productivity per specialty, the value used, same source.
    const evaluation = s.evaluate(scenario({ productivityBasis: 'medecinActif' }));
    const context = exportContext({
      manifest: { schemaVersion: 2, id: 'x', label: 'x', cog: 2025, sources: [], tables: {}, warnings: [] },
      before: { evaluation: s.baseline(), scenario: null },
      after: { evaluation: evaluation.evaluation, scenario: evaluation.scenario },
      productivitySources: data.productivitySources,
      generatedAt: '2026-01-01T00:00:00.000Z',
    });
    const row = context.parameters[1].rows.find((r) => r.name === 'Productivité — Médecine générale')!;
    expect(row).toEqual({ name: 'Productivité — Médecine générale', value: '5\u202f107 actes par médecin actif et par an', source: mg.source });
    expect(context.parameters[0].rows.find((r) => r.name === 'Productivité — Médecine générale')!.value).toBe('4\u202f560 actes par ETP et par an');
    expect(context.references.some((r) => r.name.startsWith('Productivité'))).toBe(false);
    await db.close();
  });
});
