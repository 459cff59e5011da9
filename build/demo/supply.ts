// Demo RPPS extract (real 56-column layout): where physicians practise, estimated from real counts.
// - Libéral GPs per commune: given (build/demo/gp-placement.ts: CartoSanté 2024 density × population per
//   bassin de vie, placed in the bassin's communes by a model fitted on real data).
// - Salaried GPs of centres de santé: 5 % of the libéral count, in communes of 10,000+ inhabitants.
// - Specialists: DREES 2014 counts of libéral (exclusive and mixed) physicians by specialty × département,
//   not scaled (no sourced current total per specialty here), placed in the urban poles of the département.
// - 10 % of specialists get one secondary site in another pole of the département; 15 % of libéral GPs
//   of communes with 3+ GPs practise in a maison de santé (SA52), half the others in group practices (SA08).
// - Quirks for the importer: some replacement rows (GENR02) and hospital rows (SA01), which it must drop.
import { RPPS_LAYOUT } from '../../workers/import/rpps';

export interface SupplyCommune {
  code: string;
  dep: string;
  bv: string;
  population: number;
  /** CATEAAV2020 in 11, 12, 13: commune of an urban pole. */
  pole: boolean;
}

const SM_CODE: Record<string, string> = { MG: 'SM54', PSY: 'SM42', GYN: 'SM20', OPH: 'SM38', CARDIO: 'SM04', DERMATO: 'SM15', RADIO: 'SM44', PEDIA: 'SM40', PNEUMO: 'SM41' };

/** Integer split of `total` over weights by largest remainder (ties by order). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]++;
    left--;
  }
  return out;
}

type Row = Partial<Record<(typeof RPPS_LAYOUT)[number], string>>;

export interface GeneratedSupply {
  rows: Row[];
  liberalGps: number;
}

/**
 * RPPS rows of the demo. `liberalGpsByCommune`: libéral GPs per commune code (communes absent: none);
 * specialists and hospital rows by département (DREES 2014 counts).
 */
export function generateSupply(
  communes: SupplyCommune[],
  liberalGpsByCommune: Map<string, number>,
  specialistsByDep: Map<string, Map<string, number>>,
  hospitalByDep: Map<string, Map<string, number>>,
): GeneratedSupply {
  const rows: Row[] = [];
  let pp = 10_000_000_000;
  let structure = 0;
  const add = (specialty: string, commune: string, mode: 'L' | 'S', sector: string, extra: Row = {}, sameDoctor = false) => {
    if (!sameDoctor) pp++;
    rows.push({
      "Type d'identifiant PP": '8',
      'Identifiant PP': String(pp),
      'Identification nationale PP': `8${pp}`,
      "Nom d'exercice": 'DEMO',
      "Prénom d'exercice": 'Médecin',
      'Code profession': '10',
      'Libellé profession': 'Médecin',
      'Code type savoir-faire': 'S',
      'Code savoir-faire': SM_CODE[specialty],
      'Code mode exercice': mode,
      'Identifiant technique de la structure': `DEMO${String(++structure).padStart(7, '0')}`,
      'Raison sociale site': mode === 'S' && sector === 'SA05' ? 'CENTRE DE SANTE' : 'CABINET MEDICAL',
      'Code commune (coord. structure)': commune,
      "Code secteur d'activité": sector,
      "Code genre d'activité": 'GENR01',
      ...extra,
    });
  };

  // Libéral GPs, bassin by bassin (sorted by code), in the communes' order.
  let liberalGps = 0;
  const ordered = communes.map((c, i) => [c, i] as const).sort(([a, i], [b, j]) => a.bv.localeCompare(b.bv) || i - j);
  for (const [commune] of ordered) {
    const n = liberalGpsByCommune.get(commune.code) ?? 0;
    for (let k = 0; k < n; k++) {
      const sector = n >= 3 && k < Math.round(n * 0.15) ? 'SA52' : k % 2 === 0 ? 'SA08' : 'SA07';
      add('MG', commune.code, 'L', sector);
      liberalGps++;
    }
  }

  // Salaried GPs of centres de santé.
  const towns = communes.filter((c) => c.population >= 10_000);
  apportion(Math.round(liberalGps * 0.05), towns.map((c) => c.population)).forEach((n, i) => {
    for (let k = 0; k < n; k++) add('MG', towns[i].code, 'S', 'SA05');
  });

  // Specialists in the urban poles of their département.
  const byDep = new Map<string, SupplyCommune[]>();
  for (const c of communes) (byDep.get(c.dep) ?? byDep.set(c.dep, []).get(c.dep)!).push(c);
  for (const [dep, counts] of [...specialistsByDep].sort(([a], [b]) => a.localeCompare(b))) {
    const members = byDep.get(dep);
    if (!members) continue;
    let poles = members.filter((c) => c.pole && c.population >= 2000);
    if (poles.length === 0) poles = [members.reduce((a, c) => (c.population > a.population ? c : a), members[0])];
    poles.sort((a, b) => b.population - a.population || a.code.localeCompare(b.code));
    for (const [specialty, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
      apportion(count, poles.map((c) => c.population)).forEach((n, i) => {
        for (let k = 0; k < n; k++) {
          add(specialty, poles[i].code, 'L', k % 2 === 0 ? 'SA08' : 'SA07');
          // One in ten also practises one day a week or so in another pole.
          if (poles.length > 1 && (pp % 10 === 0)) add(specialty, poles[(i + 1) % poles.length].code, 'L', 'SA07', {}, true);
        }
      });
    }
    // Hospital specialists: in the RPPS, dropped by the import (not ambulatory capacity).
    for (const [specialty, count] of hospitalByDep.get(dep) ?? []) {
      for (let k = 0; k < Math.min(count, 3); k++) add(specialty, poles[0].code, 'S', 'SA01');
    }
  }
  // Replacement doctors: registered, but counted apart by the import.
  for (let k = 0; k < 200; k++) add('MG', communes[(k * 7919) % communes.length].code, 'L', 'SA07', { "Code genre d'activité": 'GENR02' });
  return { rows, liberalGps };
}

export function* rppsLines(rows: Row[]): Generator<string> {
  yield `${RPPS_LAYOUT.join('|')}|`;
  for (const row of rows) yield `${RPPS_LAYOUT.map((c) => row[c] ?? '').join('|')}|`;
}
