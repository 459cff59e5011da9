// Reads the real marginals the GP placement uses (build/demo/gp-placement.ts), for the demo generator
// and the hold-out check (validate-placement.ts):
//   - communes, populations and centroids: reference pack (decoupage-administratif, IGN centroids);
//   - bassin de vie BV2022: reference pack (INSEE zonages re-based to COG 2025);
//   - age profile: DREES 2023 standardised population / population (APL workbook; the APL values
//     themselves are not in the file);
//   - CATEAAV2020 (pôle / couronne / hors attraction): INSEE zonages COG 2023;
//   - GP density per bassin de vie: CartoSanté 2024.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { readPackTables } from '../../electron/cli/pack-tables';
import type { PlacementCommune } from './gp-placement';

export interface PlacementPaths {
  /** ../shared/data */
  shared: string;
  /** resources/generated (reference pack and reference/codes-communes.csv must exist). */
  generated: string;
}

export interface PlacementInputs {
  communes: PlacementCommune[];
  /** CartoSanté 2024 density of libéral GPs per 10 000 inhabitants, by BV2022 code (numeric cells only). */
  densityByBassin: Map<string, number>;
}

const csv = (text: string | Buffer, delimiter = ',') => parse(text, { columns: true, delimiter, skip_empty_lines: true }) as Record<string, string>[];

const readShared = (paths: PlacementPaths, file: string) => {
  const raw = readFileSync(join(paths.shared, file));
  return file.endsWith('.gz') ? gunzipSync(raw) : raw;
};

/** Older commune codes → COG 2025 (table written by prepare-resources). */
export function cog2025Remap(generated: string): (code: string) => string {
  const remap = new Map(csv(readFileSync(join(generated, 'reference', 'codes-communes.csv')), ';').map((r) => [r.code_source, r.code_commune]));
  return (code) => remap.get(code) ?? code;
}

/** DREES 2023 standardised population and population per COG 2025 commune (arrondissements summed). */
export function dreesStandardised(paths: PlacementPaths, to2025: (code: string) => string): Map<string, { std: number; pop: number }> {
  const drees = new Map<string, { std: number; pop: number }>();
  for (const row of csv(readShared(paths, 'offre-soins/drees-pop-standardisee-mg-2022-2023.csv.gz'))) {
    if (row.annee !== '2023') continue;
    const code = to2025(row.code_commune);
    const entry = drees.get(code) ?? { std: 0, pop: 0 };
    entry.std += Number(row.pop_standardisee_mg);
    entry.pop += Number(row.pop_totale);
    drees.set(code, entry);
  }
  return drees;
}

/** CATEAAV2020 per COG 2025 commune: a commune's own 2023 row wins over rows of communes it absorbed. */
export function aavCategories(paths: PlacementPaths, to2025: (code: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of csv(readShared(paths, 'zonages/communes-zonages-cog2023.csv.gz'))) {
    const code = to2025(row.CODGEO);
    if (row.CODGEO === code || !out.has(code)) out.set(code, row.CATEAAV2020);
  }
  return out;
}

/** CartoSanté 2024 GP density by bassin; "N/A - secret statistique" and other text cells are left out. */
export function cartosanteGpDensity(paths: PlacementPaths): Map<string, number> {
  return new Map(
    csv(readShared(paths, 'offre-soins/cartosante-indicateurs-bassins-de-vie-2024.csv'), ';')
      .filter((r) => /^\d+(\.\d+)?$/.test(r['Densité de généralistes lib. 2024']))
      .map((r) => [r.Code, Number(r['Densité de généralistes lib. 2024'])]),
  );
}

export async function loadPlacementInputs(paths: PlacementPaths): Promise<PlacementInputs> {
  const reference = join(paths.generated, 'packs', 'reference-cog2025');
  const { communes, appartenance } = await readPackTables(reference, ['communes', 'appartenance']);
  const bassinOf = new Map(appartenance.map((r) => [r.code_commune, r.BV2022]));
  const to2025 = cog2025Remap(paths.generated);
  const drees = dreesStandardised(paths, to2025);
  const categories = aavCategories(paths, to2025);
  return {
    communes: communes.map((c) => {
      const d = drees.get(c.code_commune);
      const category = categories.get(c.code_commune) ?? '';
      return {
        code: c.code_commune,
        bassin: bassinOf.get(c.code_commune)!,
        dep: c.dep,
        population: Number(c.population),
        ageRatio: d && d.pop > 0 ? d.std / d.pop : 1,
        aavPole: ['11', '12', '13'].includes(category),
        aavCrown: category === '20',
        lon: Number(c.lon),
        lat: Number(c.lat),
      };
    }),
    densityByBassin: cartosanteGpDensity(paths),
  };
}
