// `accessibility`: generic APL (two-step floating catchment) on CSV inputs.
import { parseArgs } from 'node:util';
import { formatCsv, formatSignificant } from '../../../common/csv';
import { boundActivity, networkFromPairs, twoStepFloatingCatchment } from '../../../workers/engine/apl';
import { DREES_BOUNDS, DREES_DECAY, type ActivityBounds, type DecayStep } from '../../../workers/engine/reference';
import { numberField, readCsvFile } from '../csv-input';
import { UsageError } from '../errors';
import { writeFileAtomic } from '../files';

export const ACCESSIBILITY_USAGE = `accessibility --demand <csv> --supply <csv> --times <csv> [--decay <paliers>] [--bounds <bornes>] --out <csv>
    APL générique. demand : code;population (population standardisée) ; supply : code;activite (un médecin
    par ligne, actes par an) ; times : origine;destination;minutes. Paliers par défaut (DREES) :
    10:1,15:0.6667,20:0.3333. Bornes par défaut (DREES) : 250,3600,6000 (sous 250 → 0 ; jusqu’à 3 600 → 3 600 ;
    au-delà de 6 000 → 6 000) ; « none » pour les centres de santé.`;

export function parseDecay(spec: string): DecayStep[] {
  const steps = spec.split(',').map((part) => {
    const [below, weight] = part.split(':').map(Number);
    if (!Number.isFinite(below) || !Number.isFinite(weight) || below <= 0 || weight < 0) {
      throw new UsageError(`Paliers de décroissance invalides : « ${spec} » (exemple : 10:1,15:0.6667,20:0.3333).`);
    }
    return { below, weight };
  });
  for (let i = 1; i < steps.length; i++) {
    if (steps[i].below <= steps[i - 1].below) throw new UsageError(`Paliers de décroissance non croissants : « ${spec} ».`);
  }
  return steps;
}

export function parseBounds(spec: string): ActivityBounds | null {
  if (spec === 'none') return null;
  const values = spec.split(',').map(Number);
  if (values.length !== 3 || values.some((v) => !Number.isFinite(v) || v < 0) || !(values[0] <= values[1] && values[1] <= values[2])) {
    throw new UsageError(`Bornes d’activité invalides : « ${spec} » (exemple : 250,3600,6000, ou none).`);
  }
  return { zeroBelow: values[0], floor: values[1], cap: values[2] };
}

export async function accessibilityCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      demand: { type: 'string' },
      supply: { type: 'string' },
      times: { type: 'string' },
      decay: { type: 'string' },
      bounds: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  for (const option of ['demand', 'supply', 'times', 'out'] as const) {
    if (!values[option]) throw new UsageError(`Option --${option} manquante.\nUsage : ${ACCESSIBILITY_USAGE}`);
  }
  const decay = values.decay !== undefined ? parseDecay(values.decay) : DREES_DECAY.value;
  const bounds = values.bounds !== undefined ? parseBounds(values.bounds) : DREES_BOUNDS.value;
  const demand = readCsvFile(values.demand!, ['code', 'population']);
  const supply = readCsvFile(values.supply!, ['code', 'activite']);
  const times = readCsvFile(values.times!, ['origine', 'destination', 'minutes']);

  const index = new Map<string, number>();
  const idOf = (code: string) => {
    let id = index.get(code);
    if (id === undefined) index.set(code, (id = index.size));
    return id;
  };
  const demandCodes = demand.rows.map((r) => r.code);
  const population = new Map<number, number>();
  demand.rows.forEach((r, i) => population.set(idOf(r.code), (population.get(idOf(r.code)) ?? 0) + numberField(demand, i, 'population')));
  const activity = new Map<number, number>();
  supply.rows.forEach((r, i) => activity.set(idOf(r.code), (activity.get(idOf(r.code)) ?? 0) + boundActivity(numberField(supply, i, 'activite'), bounds)));
  const origins: number[] = [], destinations: number[] = [], minutes: number[] = [];
  times.rows.forEach((r, i) => {
    origins.push(idOf(r.origine));
    destinations.push(idOf(r.destination));
    minutes.push(numberField(times, i, 'minutes'));
  });

  const n = index.size;
  const demandArray = new Float64Array(n), supplyArray = new Float64Array(n);
  for (const [id, value] of population) demandArray[id] = value;
  for (const [id, value] of activity) supplyArray[id] = value;
  const apl = twoStepFloatingCatchment(demandArray, supplyArray, networkFromPairs(n, origins, destinations, minutes), decay);
  const rows = [...new Set(demandCodes)].sort().map((code) => [code, formatSignificant(apl[index.get(code)!])]);
  writeFileAtomic(values.out!, formatCsv(['code', 'apl'], rows));
}
