import { openNodeDatabase } from '../electron/cli/duckdb-node';
import { openPackFolder } from '../electron/cli/files';
import { loadEngineInputs } from '../workers/db/engine-inputs';
import { horizonInput } from '../workers/db/horizon-inputs';
import { laisserFaireScenario } from '../workers/engine/horizon';
import { PlanningSession } from '../workers/db/planning';
import { serializeScenario } from '../workers/engine/scenario';

async function main() {
const db = await openNodeDatabase();
const pack = await openPackFolder(db, '/work/main/out/renderer/packs/demo');
const data = await loadEngineInputs(pack);
const input = await horizonInput(pack.manifest, data.inputs, async () => pack);
const scenario = JSON.parse(serializeScenario(laisserFaireScenario(input, { horizon: 2030 })));
console.log('levers', scenario.levers.length);
const session = new PlanningSession(data);
session.baseline();
for (let i = 0; i < 4; i++) {
  scenario.levers[0].enabled = i % 2 === 0 ? false : true;
  scenario.levers.push({ ...scenario.levers[1], id: 'x' + i, label: 'x' + i });
  let t = performance.now();
  const { evaluation } = session.evaluate(scenario);
  const te = performance.now() - t;
  t = performance.now();
  session.figures(evaluation, 'BV2022');
  const tf = performance.now() - t;
  t = performance.now();
  session.aplOf(evaluation, 'MG');
  const ta = performance.now() - t;
  t = performance.now();
  session.dashboard('BV2022', scenario, '55');
  const td = performance.now() - t;
  console.log({ te, tf, ta, td });
}
await db.close();
}
void main();
