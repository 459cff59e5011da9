// Reconciliation of the planners' Meuse dashboard (Geo Santé / E-Meuse Santé) with the application:
// runs the app's own CLI (`npm run --silent cli -- …`) with scenarios and parameter sets that mimic
// each of the dashboard's choices, one after the other, and prints the tables that
// docs/reconciliation-meuse.md quotes (Markdown, French), with every command it ran.
//
//   npx tsx bench/reconcile-meuse.ts [--pack <dossier>] [--doc]
//
// Without --pack, the embedded demo pack. Files go to test-output/reconciliation-meuse/ (not versioned).
// --doc also writes the tables into docs/reconciliation-meuse.md, between its two markers.
// Not a benchmark and never pass/fail: rerun it when the pack changes and update the doc's numbers.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { AGE_BANDS, SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../workers/engine/domain';
import { DEFAULT_ACTIVE_SHARE } from '../workers/engine/reference';
import { SCENARIO_SCHEMA_VERSION } from '../workers/engine/scenario';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(repo, 'test-output', 'reconciliation-meuse');

/** The planners' dashboard for the Meuse selection (issue 12, point 4). */
const DASHBOARD = {
  population: 183_001,
  mg: { need: 851_541, perInhabitant: 4.65, localRate: 3.48, registered: 140, active: 125, gapActs: -215_322, gapFte: -43.74 },
  gapActs: { PSY: -22_599, GYN: -18_773, OPH: -46_228, CARDIO: -11_501, DERMATO: -7_431, RADIO: -69_906, PEDIA: -10_096, PNEUMO: -6_052 } as Partial<Record<Specialty, number>>,
  need: { OPH: 137_345 } as Partial<Record<Specialty, number>>,
  fteNeeded: { GYN: 6.7, PSY: 8.7, OPH: 4.24 } as Partial<Record<Specialty, number>>,
};
/** Commune where the supply step installs the missing active GPs (Verdun; the département total does not depend on it). */
const SUPPLY_COMMUNE = '55545';

const { values: options } = parseArgs({ options: { pack: { type: 'string' }, doc: { type: 'boolean' } }, strict: true });
const packArgs = options.pack ? ['--pack', options.pack] : [];
mkdirSync(work, { recursive: true });

const shown = (path: string) => relative(repo, path);
const commands: string[] = [];

/** Runs one CLI command as a user would; stops with its message when it fails. */
function cli(...args: string[]): void {
  const line = `npm run --silent cli -- ${args.map((a) => (a.startsWith(work) ? shown(a) : a)).join(' ')}`;
  commands.push(line);
  const result = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: repo, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`${line}\n${result.stderr}`);
    process.exit(1);
  }
  if (result.stderr.trim() !== '') process.stderr.write(`${line}\n${result.stderr}`);
}

type Row = Record<string, string>;
const readCsv = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true, delimiter: ';' }) as Row[];

/** The Meuse row of each specialty from `diagnose --grid DEP` (scenario columns when a scenario was given). */
interface Figures {
  population: number;
  need: number;
  capacity: number;
  gapActs: number;
  gapFte: number;
}
function diagnose(name: string, extra: string[] = []): Record<Specialty, Figures> {
  const out = join(work, `${name}.csv`);
  cli('diagnose', ...packArgs, '--grid', 'DEP', ...extra, '--out', out);
  const scenario = extra.includes('--scenario');
  const rows = readCsv(out).filter((r) => r.code === '55');
  return Object.fromEntries(
    rows.map((r) => {
      const need = Number(scenario ? r.besoin_actes_scenario : r.besoin_actes);
      const capacity = Number(scenario ? r.capacite_actes_scenario : r.capacite_actes);
      return [r.specialite, { population: Number(r.population), need, capacity, gapActs: capacity - need, gapFte: Number(scenario ? r.ecart_etp_scenario : r.ecart_etp) }];
    }),
  ) as Record<Specialty, Figures>;
}

/** Writes a scenario file (current format) whose levers mimic a choice of the dashboard. */
function scenario(name: string, label: string, levers: object[], parameters: object = {}): string {
  const file = join(work, `${name}.tsante.json`);
  writeFileSync(file, `${JSON.stringify({ schemaVersion: SCENARIO_SCHEMA_VERSION, name: label, description: 'docs/reconciliation-meuse.md', parameters, levers }, null, 2)}\n`);
  return file;
}
const meusePopulation = (id: string, factor: number, source: string) => ({
  id,
  kind: 'populationChange',
  grid: 'DEP',
  territory: '55',
  factorByAgeBand: Object.fromEntries(AGE_BANDS.map((b) => [String(b), factor])),
  source,
});

// French numbers for the doc: narrow no-break spaces would not survive every editor, plain spaces do.
const fr = (value: number, decimals = 0) =>
  value.toLocaleString('fr-FR', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/[\u202f\u00a0]/g, ' ').replace('-', '−');
const signed = (value: number, decimals = 0) => (value > 0 ? `+${fr(value, decimals)}` : fr(value, decimals));

// ── Runs ────────────────────────────────────────────────────────────────────────────────────────
const base = diagnose('0-application');
const appPopulation = base.MG.population;

// National use rates: the app's national GP rate per inhabitant (crude), to split the need per inhabitant.
const ratesFile = join(work, 'taux.csv');
cli('rates', ...packArgs, '--out', ratesFile);
const rates = readCsv(ratesFile);
const crude = (s: Specialty) => {
  const rows = rates.filter((r) => r.specialite === s);
  return rows.reduce((a, r) => a + Number(r.actes), 0) / rows.reduce((a, r) => a + Number(r.population), 0);
};

// Supply of the pack in the Meuse (FTE of GPs, principal site weight 0,8 as in `supply`).
const supplyFile = join(work, 'offre.csv');
cli('supply', ...packArgs, '--out', supplyFile);
const meuseGpFte = readCsv(supplyFile)
  .filter((r) => r.code_commune.startsWith('55') && r.specialite === 'MG')
  .reduce((a, r) => a + Number(r.etp), 0);

// The productivity the computation uses, as the report's annex states it (point 3: one value everywhere).
const reportFile = join(work, 'rapport.html');
cli('export', ...packArgs, '--grid', 'DEP', '--departement', '55', '--out', reportFile);
const html = readFileSync(reportFile, 'utf8');
const productivityOf = (s: Specialty): { value: number; source: string } => {
  const label = SPECIALTY_LABELS[s];
  const match = new RegExp(`<tr><td>Productivité — ${label}</td><td>([^<]*)</td><td>([^<]*)</td></tr>`).exec(html);
  if (!match) throw new Error(`Productivité de ${label} absente du rapport.`);
  return { value: Number(match[1].replace(/[^\d,]/g, '').replace(',', '.')), source: match[2].replace(/&#39;|&rsquo;/g, '’').replace(/&amp;/g, '&') };
};

// 1. Population vintage: every age band of the Meuse × dashboard population ÷ app population.
const populationFactor = DASHBOARD.population / appPopulation;
const popFile = scenario('1-population', 'Population du tableau de bord', [
  meusePopulation('population', populationFactor, `tableau de bord : ${DASHBOARD.population} habitants ; structure par âge du paquet gardée (hypothèse)`),
]);
const afterPopulation = diagnose('1-population', ['--scenario', popFile]);

// 2. Basket and level of the use rate: the need per inhabitant of the dashboard (GPs; ophthalmology,
// the only specialist whose need the dashboard gives). No basket parameter exists: the population lever
// multiplies the need (the population column of this step is not a population).
const basketFactor = (s: Specialty, need: number) => need / afterPopulation[s].need;
const basketMg = scenario('2-panier-mg', 'Population et besoin par habitant des généralistes du tableau de bord', [
  meusePopulation('population-et-panier', populationFactor * basketFactor('MG', DASHBOARD.mg.need), 'besoin de généralistes du tableau de bord : 851 541 actes (multiplicateur du besoin, pas une population)'),
]);
const afterBasket = diagnose('2-panier-mg', ['--scenario', basketMg]);
const basketOph = scenario('2-panier-oph', 'Population et besoin par habitant en ophtalmologie du tableau de bord', [
  meusePopulation('population-et-panier', populationFactor * basketFactor('OPH', DASHBOARD.need.OPH!), 'besoin en ophtalmologie du tableau de bord : 137 345 actes (multiplicateur du besoin, pas une population)'),
]);
const afterBasketOph = diagnose('2-panier-oph', ['--scenario', basketOph]);

// 3. Productivity in acts per active doctor: the named parameter set.
const afterBasis = diagnose('3-medecin-actif', ['--scenario', basketMg, '--parametres', 'medecin-actif']);

// 4. Supply: the dashboard's 125 active GPs instead of the pack's estimate (× the active share).
const activeShare = DEFAULT_ACTIVE_SHARE.MG.value;
const activeInPack = meuseGpFte * activeShare;
const missing = DASHBOARD.mg.active - activeInPack;
const supplyLevers = [
  meusePopulation('population-et-panier', populationFactor * basketFactor('MG', DASHBOARD.mg.need), 'besoin de généralistes du tableau de bord (multiplicateur du besoin)'),
  missing >= 0
    ? { id: 'offre', kind: 'install', commune: SUPPLY_COMMUNE, specialty: 'MG', fte: Number(missing.toFixed(6)), source: 'tableau de bord : 125 généralistes actifs en Meuse' }
    : { id: 'offre', kind: 'departures', grid: 'DEP', territory: '55', specialty: 'MG', share: Number((1 - DASHBOARD.mg.active / activeInPack).toFixed(6)), source: 'tableau de bord : 125 généralistes actifs en Meuse' },
];
const supplyFileScenario = scenario('4-offre-mg', 'Tableau de bord : besoin, médecins actifs et offre de 125 généralistes actifs', supplyLevers);
const afterSupply = diagnose('4-offre-mg', ['--scenario', supplyFileScenario, '--parametres', 'medecin-actif']);
// 4 bis. The same supply counted as the dashboard's 140 registered GPs, productivity per doctor of the pack (etp).
const registeredMissing = DASHBOARD.mg.registered - meuseGpFte;
const registeredFile = scenario('4-bis-inscrits-mg', 'Tableau de bord : besoin et offre de 140 généralistes inscrits', [
  supplyLevers[0],
  registeredMissing >= 0
    ? { id: 'offre', kind: 'install', commune: SUPPLY_COMMUNE, specialty: 'MG', fte: Number(registeredMissing.toFixed(6)), source: 'tableau de bord : 140 généralistes inscrits en Meuse' }
    : { id: 'offre', kind: 'departures', grid: 'DEP', territory: '55', specialty: 'MG', share: Number((1 - DASHBOARD.mg.registered / meuseGpFte).toFixed(6)), source: 'tableau de bord : 140 généralistes inscrits en Meuse' },
]);
const afterRegistered = diagnose('4-bis-inscrits-mg', ['--scenario', registeredFile]);

// ── Tables ──────────────────────────────────────────────────────────────────────────────────────
const out: string[] = [];
const mgProductivity = productivityOf('MG');
// Which pack version the figures describe: the SHA-256 of its supply table (the demo pack is rebuilt at times).
const manifest = JSON.parse(readFileSync(join(options.pack ? resolve(options.pack) : join(repo, 'resources', 'generated', 'packs', 'demo'), 'manifest.json'), 'utf8')) as {
  tables: Record<string, { sha256: string }>;
};
out.push(`Paquet : ${options.pack ?? 'démonstration intégrée'} (table « sites » ${manifest.tables.sites?.sha256.slice(0, 12) ?? 'absente'}) ; généralistes de la Meuse dans le paquet : ${fr(meuseGpFte, 1)} ETP (supply) ; productivité utilisée (annexe du rapport) : ${fr(mgProductivity.value)} actes par ETP — ${mgProductivity.source}.`, '');

// Doctors (FTE) of each step: the pack's GPs, × the active share with the basis « medecinActif », plus the
// supply lever; acts per FTE = capacity ÷ doctors (exact, where gap ÷ FTE gap would carry the CSV's rounding).
const mgLine = (step: string, f: Figures, population: number, doctors: number, what: string) =>
  `| ${step} | ${fr(population)} | ${fr(f.need)} | ${fr(doctors, 2)} | ${fr(f.capacity / doctors)} | ${fr(f.capacity)} | ${signed(f.gapActs)} | ${signed(f.gapFte, 2)} | ${what} |`;
out.push('### Médecine générale, étape par étape', '');
out.push('| étape | population | besoin (actes) | médecins (ETP) | actes par ETP | capacité (actes) | écart (actes) | écart (ETP) | ce qui change |', '|---|---|---|---|---|---|---|---|---|');
out.push(mgLine('0. application', base.MG, appPopulation, meuseGpFte, `paquet tel quel ; ${fr(base.MG.need / appPopulation, 3)} actes par habitant`));
out.push(mgLine('1. + population', afterPopulation.MG, DASHBOARD.population, meuseGpFte, `× ${fr(populationFactor, 5)} sur chaque tranche d’âge`));
out.push(mgLine('2. + besoin par habitant', afterBasket.MG, DASHBOARD.population, meuseGpFte, `× ${fr(basketFactor('MG', DASHBOARD.mg.need), 5)} : ${fr(afterBasket.MG.need / DASHBOARD.population, 3)} actes par habitant`));
out.push(mgLine('3. + productivité par médecin actif', afterBasis.MG, DASHBOARD.population, activeInPack, `--parametres medecin-actif (part d’actifs ${fr(activeShare * 100, 1)} %)`));
out.push(mgLine('4. + offre de 125 actifs', afterSupply.MG, DASHBOARD.population, DASHBOARD.mg.active, `${missing >= 0 ? '+' : ''}${fr(missing, 2)} médecins actifs (${fr(activeInPack, 2)} → 125)`));
out.push(mgLine('4 bis. offre de 140 inscrits, par ETP', afterRegistered.MG, DASHBOARD.population, DASHBOARD.mg.registered, `étape 2 ${registeredMissing >= 0 ? '+' : ''}${fr(registeredMissing, 2)} ETP (${fr(meuseGpFte, 2)} → 140), sans --parametres`));
out.push(
  `| tableau de bord | ${fr(DASHBOARD.population)} | ${fr(DASHBOARD.mg.need)} | 125 actifs (140 inscrits) | ${fr(DASHBOARD.mg.gapActs / DASHBOARD.mg.gapFte)} (conversion de l’écart) | ${fr(DASHBOARD.mg.need + DASHBOARD.mg.gapActs)} | ${signed(DASHBOARD.mg.gapActs)} | ${signed(DASHBOARD.mg.gapFte, 2)} | capacité déduite : besoin + écart |`,
);
out.push('');
const acts = (value: number) => `${signed(value)} acte${Math.abs(Math.round(value)) > 1 ? 's' : ''}`;
const step = (a: Figures, b: Figures) => `${acts(b.gapActs - a.gapActs)}, ${signed(b.gapFte - a.gapFte, 2)} ETP`;
out.push('Part de chaque choix dans l’écart des généralistes (de l’application au tableau de bord) :', '');
out.push(`- population : ${step(base.MG, afterPopulation.MG)} ;`);
out.push(
  `- besoin par habitant : ${step(afterPopulation.MG, afterBasket.MG)} — part que l’application ne peut pas expliquer elle-même : l’étape force le besoin au chiffre du tableau de bord (panier d’actes plus large, autre année ou autre source ?). Pour mémoire, la structure par âge de la Meuse est déjà dans l’étape 0 et joue dans l’autre sens : ${fr(base.MG.need / appPopulation, 3)} actes par habitant avec les taux nationaux par âge, contre ${fr(crude('MG'), 3)} en moyenne nationale (rates) ;`,
);
out.push(`- productivité par médecin actif : ${step(afterBasket.MG, afterBasis.MG)} ;`);
out.push(`- offre (125 généralistes actifs) : ${step(afterBasis.MG, afterSupply.MG)} ;`);
out.push(
  `- reste : ${signed(DASHBOARD.mg.gapActs - afterSupply.MG.gapActs)} actes (capacité du tableau de bord ${fr(DASHBOARD.mg.need + DASHBOARD.mg.gapActs)} = ${fr((DASHBOARD.mg.need + DASHBOARD.mg.gapActs) / DASHBOARD.mg.active)} actes par généraliste actif, contre ${fr(afterSupply.MG.capacity / DASHBOARD.mg.active)} ici) et ${signed(DASHBOARD.mg.gapFte - afterSupply.MG.gapFte, 2)} ETP : le tableau de bord convertit à ${fr(DASHBOARD.mg.gapActs / DASHBOARD.mg.gapFte)} actes par ETP ; l’écart de l’étape 4 à ce taux ferait ${signed(afterSupply.MG.gapActs / (DASHBOARD.mg.gapActs / DASHBOARD.mg.gapFte), 2)} ETP.`,
);
out.push('');

out.push('### Spécialistes', '');
out.push('| spécialité | écart app. (actes) | + population | tableau de bord | reste | ETP app. | actes par ETP app. | ETP du tableau de bord | actes par ETP du tableau de bord |', '|---|---|---|---|---|---|---|---|---|');
for (const s of SPECIALTIES.filter((x) => x !== 'MG')) {
  const dashboard = DASHBOARD.gapActs[s]!;
  const fte = DASHBOARD.fteNeeded[s];
  out.push(
    `| ${SPECIALTY_LABELS[s]} | ${signed(base[s].gapActs)} | ${signed(afterPopulation[s].gapActs)} | ${signed(dashboard)} | ${signed(dashboard - afterPopulation[s].gapActs)} | ${signed(base[s].gapFte, 2)} | ${fr(productivityOf(s).value)} | ${fte === undefined ? '—' : fr(-fte, 2)} | ${fte === undefined ? '—' : fr(-dashboard / fte)} |`,
  );
}
out.push('');
out.push('### Ophtalmologie (le tableau de bord donne aussi son besoin)', '');
out.push('| étape | besoin (actes) | capacité (actes) | écart (actes) | écart (ETP) |', '|---|---|---|---|---|');
const ophLine = (label: string, f: Figures) => `| ${label} | ${fr(f.need)} | ${fr(f.capacity)} | ${signed(f.gapActs)} | ${signed(f.gapFte, 2)} |`;
out.push(ophLine('0. application', base.OPH));
out.push(ophLine('1. + population', afterPopulation.OPH));
out.push(ophLine(`2. + besoin par habitant (× ${fr(basketFactor('OPH', DASHBOARD.need.OPH!), 5)})`, afterBasketOph.OPH));
out.push(`| tableau de bord | ${fr(DASHBOARD.need.OPH!)} | ${fr(DASHBOARD.need.OPH! + DASHBOARD.gapActs.OPH!)} | ${signed(DASHBOARD.gapActs.OPH!)} | ${fr(-DASHBOARD.fteNeeded.OPH!, 2)} |`);
out.push('');
out.push(`Taux nationaux bruts de l’application (rates, actes par habitant) : ${SPECIALTIES.map((s) => `${s} ${fr(crude(s), 3)}`).join(' ; ')}.`, '');

out.push('### Commandes', '', '```bash', ...commands, '```', '');
out.push('### Scénarios écrits', '');
for (const file of [popFile, basketMg, basketOph, supplyFileScenario, registeredFile]) {
  const levers = (JSON.parse(readFileSync(file, 'utf8')) as { levers: object[] }).levers;
  out.push(`- \`${shown(file)}\` : \`${JSON.stringify(levers)}\``);
}
const text = out.join('\n');
console.log(text);
if (options.doc) {
  const doc = join(repo, 'docs', 'reconciliation-meuse.md');
  const [begin, end] = ['<!-- reconcile-meuse:debut -->', '<!-- reconcile-meuse:fin -->'];
  const current = readFileSync(doc, 'utf8');
  const from = current.indexOf(begin), to = current.indexOf(end);
  if (from < 0 || to < from) throw new Error(`Marqueurs ${begin} et ${end} absents de ${shown(doc)}.`);
  writeFileSync(doc, `${current.slice(0, from + begin.length)}\n\n${text}\n\n${current.slice(to)}`);
  process.stderr.write(`Tableaux écrits dans ${shown(doc)}.\n`);
}
