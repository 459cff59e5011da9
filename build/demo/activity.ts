// Demo Open DAMIR months (real layout): care year 2024, processed the following month.
// GP volumes: 3.78 consultations, visits and teleconsultations per inhabitant per year (within the
// 3.3–3.8 national range of DATA_SPEC §D.4), with the DREES 2023 age profile of GP use; 98 % by libéral
// GPs. Other specialties: each level says its source, or "hypothèse" when none was found (`source`
// below, docs/demo-estimation.md §3); their age profiles and libéral shares are hypotheses.
// Acts are spread over regions by population and evenly over months; each line is one aggregate cell
// as in the real files, with the quirks the importer handles (complement lines, corrections that
// cancel out, unknown age and region).
import { damirRegionOf } from '../../workers/engine/domain';
import { damirLine } from './damir-layout';

export const GP_ACTS_PER_INHABITANT = 3.78;

/**
 * Acts (the specialty's basket, resources/reference) per inhabitant per year, relative use by DAMIR band
 * (0, 20, …, 80), share of acts by libéral physicians, and where the level comes from.
 */
const PROFILES: Record<string, { code: number; level: number; profile: number[]; liberal: number; source: string }> = {
  MG: { code: 1, level: GP_ACTS_PER_INHABITANT, profile: [], liberal: 0.98, source: 'DREES : APL moyenne 3,3 à 3,8 consultations par habitant (DATA_SPEC §D.4 et §E)' },
  // 0.26 × 85 % = 0.22 libéral consultations per inhabitant: CNAMTS, 14.5 million consultations by libéral
  // psychiatrists in 2013, France entière, all schemes ("L'activité des psychiatres libéraux en 2013",
  // abstract of 8 Nov 2014, https://em-consulte.com/article/936914), for about 66 million inhabitants.
  // Was 0.35 (unsourced) before.
  PSY: { code: 33, level: 0.26, profile: [0.5, 1.2, 1.2, 1.2, 1.1, 0.8, 0.6, 0.5], liberal: 0.85, source: 'CNAMTS 2013 : 14,5 millions de consultations de psychiatres libéraux (≈ 0,22 par habitant)' },
  GYN: { code: 7, level: 0.3, profile: [0.3, 2, 2, 1.6, 1.2, 0.7, 0.4, 0.2], liberal: 0.85, source: 'hypothèse' },
  // CNAM 2022 (reported by Acuité, acuite.fr, 2023): more than 45 million ophthalmology acts of all kinds
  // (≈ 0.66 per inhabitant), consultations being only part of them: an upper bound, not a source for 0.45.
  OPH: { code: 15, level: 0.45, profile: [0.6, 0.5, 0.6, 0.8, 1.1, 1.5, 2, 2.2], liberal: 0.85, source: 'hypothèse (borne haute : 45 millions d’actes d’ophtalmologie de tous types en 2022, CNAM)' },
  CARDIO: { code: 3, level: 0.18, profile: [0.05, 0.2, 0.3, 0.6, 1.1, 1.9, 2.8, 3.2], liberal: 0.85, source: 'hypothèse' },
  DERMATO: { code: 5, level: 0.2, profile: [0.8, 1, 1, 1, 1, 1.1, 1.2, 1.2], liberal: 0.85, source: 'hypothèse' },
  RADIO: { code: 6, level: 1.2, profile: [0.4, 0.7, 0.8, 1, 1.2, 1.4, 1.6, 1.6], liberal: 0.85, source: 'hypothèse' },
  PEDIA: { code: 12, level: 0.25, profile: [4.5, 0.05, 0.02, 0, 0, 0, 0, 0], liberal: 0.85, source: 'hypothèse' },
  PNEUMO: { code: 13, level: 0.07, profile: [0.3, 0.4, 0.5, 0.7, 1, 1.6, 2.2, 2.4], liberal: 0.85, source: 'hypothèse' },
};

/** Where each specialty's demo level comes from ("hypothèse" when no published figure was found). */
export const ACT_LEVEL_SOURCES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(PROFILES).map(([k, v]) => [k, v.source]));

const BASKETS: Record<string, [number, number][]> = {
  MG: [[1110, 0.86], [1210, 0.1], [1192, 0.04]],
  RADIO: [[1331, 0.6], [1351, 0.25], [1324, 0.15]],
  other: [[1112, 0.95], [1191, 0.05]],
};

const DAMIR_BANDS = [0, 20, 30, 40, 50, 60, 70, 80];

/** GP use profile by DAMIR band: DREES 2023 5-year weights averaged with the national age structure. */
export function gpProfile(nationalAge5: number[], weights: number[]): number[] {
  return DAMIR_BANDS.map((band, i) => {
    const from = band / 5, to = i === DAMIR_BANDS.length - 1 ? 20 : DAMIR_BANDS[i + 1] / 5;
    let pop = 0, weighted = 0;
    for (let b = from; b < to; b++) {
      pop += nationalAge5[b];
      weighted += nationalAge5[b] * weights[b];
    }
    return pop > 0 ? weighted / pop : 0;
  });
}

/**
 * One care month's lines. `population[region][band]` is the demo population by Open DAMIR region and band.
 */
export function* damirMonth(month: number, population: Map<string, number[]>, gpUse: number[]): Generator<string> {
  const flux = month === 12 ? '202501' : `2024${String(month + 1).padStart(2, '0')}`;
  const national = DAMIR_BANDS.map((_, b) => [...population.values()].reduce((a, p) => a + p[b], 0));
  const totalPopulation = national.reduce((a, b) => a + b, 0);
  const regions = [...population.keys()].sort();
  for (const [specialty, spec] of Object.entries(PROFILES)) {
    const profile = specialty === 'MG' ? gpUse : spec.profile;
    // Rate per band such that Σ_b national_b × rate_b = level × national total.
    const scale = (spec.level * totalPopulation) / national.reduce((a, p, b) => a + p * profile[b], 0);
    const baskets = BASKETS[specialty] ?? BASKETS.other;
    for (const region of regions) {
      for (let b = 0; b < DAMIR_BANDS.length; b++) {
        const monthly = (population.get(region)![b] * profile[b] * scale) / 12;
        if (monthly <= 0) continue;
        for (const [prsNat, share] of baskets) {
          for (const [status, statusShare] of [[1, spec.liberal], [2, 1 - spec.liberal]] as const) {
            const acts = monthly * share * statusShare;
            // 1.5 % of acts with unknown age, 0.5 % with unknown region: the importer spreads or keeps them.
            const unknownAge = Math.round(acts * 0.015), unknownRegion = Math.round(acts * 0.005);
            const known = Math.round(acts) - unknownAge - unknownRegion;
            const base = { FLX_ANN_MOI: flux, SOI_ANN: 2024, SOI_MOI: String(month).padStart(2, '0'), PSE_SPE_SNDS: spec.code, PRS_NAT: prsNat, PSE_STJ_SNDS: status, BEN_RES_REG: region, EXE_INS_REG: region, AGE_BEN_SNDS: DAMIR_BANDS[b] };
            if (known > 0) {
              yield damirLine({ ...base, PRS_REM_TYP: 0, PRS_ACT_QTE: known, FLT_ACT_QTE: known, PRS_PAI_MNT: (known * 26.5).toFixed(2) });
              // The ticket modérateur line of the same acts: not an act (PRS_REM_TYP 2, FLT 0).
              if (status === 1) yield damirLine({ ...base, PRS_REM_TYP: 2, PRS_ACT_QTE: known, FLT_ACT_QTE: 0, PRS_PAI_MNT: '.61' });
            }
            if (unknownAge > 0) yield damirLine({ ...base, AGE_BEN_SNDS: 99, PRS_REM_TYP: 0, PRS_ACT_QTE: unknownAge, FLT_ACT_QTE: unknownAge });
            if (unknownRegion > 0) yield damirLine({ ...base, BEN_RES_REG: 99, PRS_REM_TYP: 0, PRS_ACT_QTE: unknownRegion, FLT_ACT_QTE: unknownRegion });
          }
        }
      }
    }
    // A correction and its cancellation (net zero), as the real files carry.
    yield damirLine({ FLX_ANN_MOI: flux, SOI_ANN: 2024, SOI_MOI: String(month).padStart(2, '0'), PSE_SPE_SNDS: spec.code, PRS_NAT: baskets[0][0], AGE_BEN_SNDS: 50, BEN_RES_REG: '44', EXE_INS_REG: '44', PRS_REM_TYP: 0, PRS_ACT_QTE: 3, FLT_ACT_QTE: 3 });
    yield damirLine({ FLX_ANN_MOI: flux, SOI_ANN: 2024, SOI_MOI: String(month).padStart(2, '0'), PSE_SPE_SNDS: spec.code, PRS_NAT: baskets[0][0], AGE_BEN_SNDS: 50, BEN_RES_REG: '44', EXE_INS_REG: '44', PRS_REM_TYP: 0, PRS_ACT_QTE: -3, FLT_ACT_QTE: -3, PRS_PAI_MNT: '-.8' });
  }
}

export function populationByDamirRegion(rows: { reg: string; bands: number[] }[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const row of rows) {
    const region = damirRegionOf(row.reg);
    const list = out.get(region) ?? new Array<number>(8).fill(0);
    DAMIR_BANDS.forEach((band, i) => {
      const from = band / 5, to = i === DAMIR_BANDS.length - 1 ? 20 : DAMIR_BANDS[i + 1] / 5;
      for (let b = from; b < to; b++) list[i] += row.bands[b];
    });
    out.set(region, list);
  }
  return out;
}
