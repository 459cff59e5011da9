// A small world for engine tests: five communes, two grids, hand-checkable numbers.
import { BAND_COUNT, SPECIALTY_COUNT } from './domain';
import { SITE_ROLE, type EngineInputs, type Grid } from './model';

export function smallWorld(): EngineInputs {
  const communes = ['55001', '55002', '55003', '55004', '57001'];
  const population = new Float64Array(communes.length * BAND_COUNT);
  // 100 inhabitants in every band, except 55003 (empty) and 57001 (older: 200 in the 80+ band).
  communes.forEach((code, c) => {
    for (let b = 0; b < BAND_COUNT; b++) population[c * BAND_COUNT + b] = code === '55003' ? 0 : 100;
  });
  population[4 * BAND_COUNT + 7] = 200;
  // Rates: specialty s, band b → (s + 1) × (b + 1) / 100 acts per inhabitant.
  const rates = new Float64Array(SPECIALTY_COUNT * BAND_COUNT);
  for (let s = 0; s < SPECIALTY_COUNT; s++) for (let b = 0; b < BAND_COUNT; b++) rates[s * BAND_COUNT + b] = ((s + 1) * (b + 1)) / 100;
  const sites = [
    // commune, specialty, role, secondaryCount, doctors
    [0, 0, SITE_ROLE.alone, 0, 2], // 2 GPs at 55001
    [1, 0, SITE_ROLE.principal, 1, 1], // 1 GP principal at 55002 with one secondary site…
    [3, 0, SITE_ROLE.secondary, 1, 1], // …at 55004
    [4, 3, SITE_ROLE.alone, 0, 1], // 1 ophthalmologist at 57001
  ];
  const grid = (id: string, codes: string[], labels: string[], cellOfCommune: number[]): Grid => ({
    id,
    label: id,
    codes,
    labels,
    cellOfCommune: Int32Array.from(cellOfCommune),
  });
  return {
    communes,
    population,
    rates,
    supplySites: {
      commune: Int32Array.from(sites.map((r) => r[0])),
      specialty: Uint8Array.from(sites.map((r) => r[1])),
      role: Uint8Array.from(sites.map((r) => r[2])),
      secondaryCount: Uint16Array.from(sites.map((r) => r[3])),
      doctors: Float64Array.from(sites.map((r) => r[4])),
    },
    // 55001–55004 on a line 0.1° of longitude apart (≈ 7.3 km at 49° N); 57001 far away.
    lon: Float64Array.from([5.0, 5.1, 5.2, 5.3, 7.0]),
    lat: Float64Array.from([49, 49, 49, 49, 49]),
    grids: [
      grid('COM', communes, ['A', 'B', 'C', 'D', 'E'], [0, 1, 2, 3, 4]),
      grid('DEP', ['55', '57'], ['Meuse', 'Moselle'], [0, 0, 0, 0, 1]),
      grid('BV2022', ['55001', '55004'], ['BV A', 'BV D'], [0, 0, 1, 1, -1]),
    ],
  };
}
