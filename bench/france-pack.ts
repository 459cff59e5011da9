// A France-sized pack for benchmarks only: the real communes, populations and grids of the reference
// pack, each commune's population split by its département's real 2023 age structure (INSEE), and a
// deterministic synthetic supply. Not the demo pack: its health figures are not estimates of anything.
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { formatCsv, type CsvValue } from '../common/csv';
import type { PackManifest } from '../common/pack';
import { readPackTable } from '../electron/cli/pack-tables';

const repoRoot = resolve(import.meta.dirname, '..');
const referencePack = join(repoRoot, 'resources', 'generated', 'packs', 'reference-cog2025');
const sharedData = resolve(process.env.TSANTE_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data'));

/** DREES 2023 GP age weights (DATA_SPEC §D.4) by 5-year band, 90+ used for 90 and 95. */
const GP_WEIGHTS = [1.12, 0.58, 0.51, 0.6, 0.75, 0.79, 0.82, 0.85, 0.89, 0.93, 1.03, 1.15, 1.18, 1.23, 1.46, 1.57, 1.63, 1.89, 2.26, 2.26];
const SPECIALTY_SCALE: Record<string, number> = { MG: 3.5, PSY: 0.3, GYN: 0.25, OPH: 0.35, CARDIO: 0.15, DERMATO: 0.15, RADIO: 0.9, PEDIA: 0.15, PNEUMO: 0.08 };

export async function writeFrancePack(): Promise<string> {
  if (!existsSync(join(referencePack, 'manifest.json'))) {
    throw new Error('Paquet de référence absent : lancez « npm run prepare-resources ».');
  }
  const folder = mkdtempSync(join(tmpdir(), 'ts-bench-france-'));
  const reference = JSON.parse(readFileSync(join(referencePack, 'manifest.json'), 'utf8')) as PackManifest;
  for (const table of Object.values(reference.tables)) copyFileSync(join(referencePack, table.file), join(folder, table.file));
  const tables = { ...reference.tables };
  const write = (name: string, header: string[], rows: CsvValue[][]) => {
    writeFileSync(join(folder, `${name}.csv`), formatCsv(header, rows));
    tables[name] = { file: `${name}.csv`, rows: rows.length, sha256: '', label: 'données de banc d’essai (synthétiques)' };
  };

  const ageRows = parse(readFileSync(join(sharedData, 'population', 'estim-pop-dep-sexe-age5-2023.csv')), { columns: true }) as Record<string, string>[];
  const shares = new Map<string, number[]>();
  for (const row of ageRows.filter((r) => r.sexe === 'T')) {
    const list = shares.get(row.dep) ?? new Array<number>(20).fill(0);
    list[Number(row.age_min) / 5] = Number(row.population);
    shares.set(row.dep, list);
  }
  for (const [dep, list] of shares) {
    const total = list.reduce((a, b) => a + b, 0);
    shares.set(dep, list.map((v) => v / total));
  }
  const communes = await readPackTable(referencePack, 'communes');
  const population: CsvValue[][] = [];
  const sites: CsvValue[][] = [];
  for (const c of communes) {
    const share = shares.get(c.dep) ?? shares.get('55')!;
    const total = Number(c.population);
    share.forEach((s, band) => population.push([c.code_commune, band * 5, (total * s).toFixed(2)]));
    // Synthetic supply: one GP per 1,100 inhabitants in communes of 1,500+, specialists in towns.
    if (total >= 1500) sites.push([c.code_commune, 'MG', 'seul', 0, Math.round(total / 1100)]);
    if (total >= 10000) {
      for (const s of ['PSY', 'GYN', 'OPH', 'CARDIO', 'DERMATO', 'RADIO', 'PEDIA', 'PNEUMO']) sites.push([c.code_commune, s, 'principal', 1, Math.max(1, Math.round(total / 15000))]);
    }
  }
  write('population_age5', ['code_commune', 'age5', 'population'], population);
  write('sites', ['code_commune', 'specialite', 'role', 'nb_secondaires', 'medecins'], sites);
  const rates: CsvValue[][] = [];
  for (const [s, scale] of Object.entries(SPECIALTY_SCALE)) {
    [0, 20, 30, 40, 50, 60, 70, 80].forEach((band, i) => {
      const from = band === 0 ? 0 : band / 5, to = band === 0 ? 4 : band === 80 ? 20 : band / 5 + 2;
      const weight = GP_WEIGHTS.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
      rates.push([s, band, '', '', (scale * weight).toFixed(6)]);
      void i;
    });
  }
  write('taux_recours', ['specialite', 'tranche_age', 'actes', 'population', 'taux'], rates);
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ ...reference, id: 'bench-france', label: 'Banc d’essai France (synthétique)', tables }, null, 2));
  return folder;
}
