// The planner's screen: a map of France coloured by an indicator of the chosen grid and specialty,
// the planners' table below it, and three modes (diagnostic, scenario editing, comparison) plus the
// workshop mode. Every figure comes from the DB worker; the page only turns them into colours.
import type * as Comlink from 'comlink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { AppInfo, OpenedScenarioFile, RecentScenarioFile } from '../common/host-api';
import { GRIDS, isGridId, OUTSIDE_GRID_CODES, type PackManifest } from '../common/pack';
import { decodeTsGeo, type TsGeoLayer } from '../common/tsgeo';
import type { CommuneAttributes, GridCells, TerritoryDetail as Detail } from '../workers/db/pack-db';
import type { IndicatorsResult } from '../workers/db/planning';
import { comparisonKpis, comparisonTotal, dashboardTotal, type ComparisonRow, type ComparisonTable, type DashboardRow, type DashboardTable } from '../workers/engine/dashboard';
import { SPECIALTIES, SPECIALTY_COUNT, SPECIALTY_LABELS, specialtyIndex, type Specialty } from '../workers/engine/domain';
import type { Scores } from '../workers/engine/scores';
import type { DbWorkerApi } from '../workers/db/duckdb.worker';
import { comparisonTableColumns as comparisonColumnsOf, dashboardTableColumns } from '../workers/export/columns';
import { loadGeometry, RESOURCE_BASE_URL, startDbWorker } from './data/load';
import { TerritoryDetail } from './detail/TerritoryDetail';
import { ExportMenu } from './export/ExportMenu';
import { foldText, formatFte, formatInteger } from './format';
import { featureCentre } from './map/geometry';
import { Glossary } from './Glossary';
import { connectHostPacks, host } from './host';
import { DataPanel } from './import/DataPanel';
import { KpiPanel } from './compare/KpiPanel';
import { buildChoropleth, type Choropleth, type Scale } from './map/choropleth';
import { Legend } from './map/Legend';
import { leverMarks } from './map/lever-marks';
import { MapView, type HoverInfo, type LeverMark, type TownMark } from './map/MapView';
import { townLabels } from './map/town-labels';
import { resolveDepartement, type DepartementName } from './departement-search';
import { defaultViewState, loadView, saveView, type Indicator, type Tab } from './view-state';
import { PlainTooltip } from './workshop/PlainTooltip';
import { WorkshopPanel } from './workshop/WorkshopPanel';
import { doctorsPlural } from './words';
import { EXAMPLE_SCENARIOS } from './scenario/examples';
import { leverAt, ScenarioPanel, type PendingPick } from './scenario/ScenarioPanel';
import { loadScenarioText, restoreWorkspace, workspaceText } from './scenario/files';
import { serializeScenario } from '../workers/engine/scenario';
import { activeEntry, initialHistory, nextLeverId, reduce, uniqueName, type ScenarioEntry } from './scenario/workspace';
import { DataTable, filterRowsByText } from './tables/DataTable';

interface Loaded {
  /** Geometry drawn: the pack's own when it has one, else the application's. */
  communes: TsGeoLayer;
  defaultCommunes: TsGeoLayer;
  departements: TsGeoLayer;
  attributes: CommuneAttributes;
  manifest: PackManifest;
  packId: string;
  db: Comlink.Remote<DbWorkerApi>;
}


const INDICATORS: { id: Indicator; label: string; needsHealth: boolean }[] = [
  { id: 'gapFte', label: 'Écart en ETP (médecins manquants ou en plus)', needsHealth: true },
  { id: 'gapPer100k', label: 'Écart en ETP pour 100 000 habitants', needsHealth: true },
  { id: 'gapActs', label: 'Écart en actes (actes à couvrir)', needsHealth: true },
  { id: 'coverage', label: 'Taux de couverture du besoin', needsHealth: true },
  { id: 'apl', label: 'APL (accessibilité, par commune)', needsHealth: true },
  { id: 'population', label: 'Population municipale', needsHealth: false },
  { id: 'scorePa', label: 'Score personnes âgées (75 ans et plus)', needsHealth: true },
  { id: 'scoreAld', label: 'Score ALD', needsHealth: true },
  { id: 'scoreUrgence', label: 'Score urgence (minutes)', needsHealth: true },
];

type CompareMeasure = 'fte' | 'apl';

/** What the map draws: colours per feature (and the right half when side by side), with the legend's words. */
interface MapPicture {
  main: Choropleth;
  second: Choropleth | null;
  title: string;
  source: string;
}
type CompareView = 'difference' | 'sideBySide';

/** A scenario chosen in the comparison: a workspace entry key, or null for the baseline. */
type CompareSide = string | null;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function App() {
  const [appInfo, setAppInfo] = useState<AppInfo | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The view of the last session (renderer/view-state.ts): opens on the GP gap by bassin de vie in the
  // user's département by default.
  const [initialView] = useState(loadView);
  const [tab, setTab] = useState<Tab>(initialView.tab);
  /** A grid of GRIDS or a custom grid of the pack (`PERSO:<name>`). */
  const [grid, setGrid] = useState<string>(initialView.grid);
  const [customGrids, setCustomGrids] = useState<{ id: string; label: string }[]>([]);
  const [specialty, setSpecialty] = useState<Specialty>(initialView.specialty);
  const [indicator, setIndicator] = useState<Indicator>(initialView.indicator);
  /** The user's territory: its code, or '' for all of France; what is typed is kept apart (a name, a partial code). */
  const [departement, setDepartement] = useState<string>(initialView.departement);
  const [departementInput, setDepartementInput] = useState<string>(initialView.departement);
  const [departementHint, setDepartementHint] = useState<string | null>(null);
  const [departementNames, setDepartementNames] = useState<DepartementName[]>([]);
  const [legendOpen, setLegendOpen] = useState(initialView.legendOpen);
  /** Workshop: the scenario the active one is compared with (null: the current situation). */
  const [workshopReference, setWorkshopReference] = useState<CompareSide>(null);
  /** Territories of the grids levers refer to (departures, teleconsultation), to draw them on any grid. */
  const [leverGrids, setLeverGrids] = useState<Map<string, GridCells>>(() => new Map());
  /** What the map needs of a grid, loaded together so that cells, codes and scores always match. */
  const [gridData, setGridData] = useState<{ grid: string; cells: GridCells; codes: string[] | null; scores: Scores | null } | null>(null);
  /** The worker's figures, tagged with the grid they were computed for. */
  const [tagged, setTagged] = useState<{ grid: string; result: IndicatorsResult | null } | null>(null);
  /** Import date of the active pack when it was imported by the user (built-in packs have none). */
  const [packImportedAt, setPackImportedAt] = useState<string | null>(null);
  const [apl, setApl] = useState<{ key: string; before: Float64Array | null; after: Float64Array } | null>(null);
  const [dashboard, setDashboard] = useState<DashboardTable | null>(null);
  const [comparison, setComparison] = useState<ComparisonTable | null>(null);
  // The table's text filter, kept here: the KPIs cover the rows it leaves on screen.
  const [tableFilter, setTableFilter] = useState('');
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [selectedCode, setSelectedCode] = useState<string | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const [dataPanel, setDataPanel] = useState(false);
  const [glossary, setGlossary] = useState(false);
  const [workshop, setWorkshop] = useState(false);
  const [tableOpen, setTableOpen] = useState(true);
  /** The table's columns: the chosen specialty in detail, or acts to cover and FTE of all nine (the planners' sheet). */
  const [tableScope, setTableScope] = useState<'specialty' | 'all'>('specialty');
  const [history, dispatch] = useReducer(reduce, undefined, () => initialHistory());
  const [pending, setPending] = useState<PendingPick | null>(null);
  const [compareReference, setCompareReference] = useState<CompareSide>(null);
  const [compareTarget, setCompareTarget] = useState<CompareSide>(null);
  const [compareMeasure, setCompareMeasure] = useState<CompareMeasure>('fte');
  const [compareView, setCompareView] = useState<CompareView>('difference');
  const [recentFiles, setRecentFiles] = useState<RecentScenarioFile[]>([]);
  const [fileMessage, setFileMessage] = useState<{ text: string; backup?: OpenedScenarioFile } | null>(null);
  const choroplethVersion = useRef(0);
  const captureRef = useRef<(() => HTMLCanvasElement | null) | null>(null);
  const restored = useRef(false);

  // Start: geometry, the DB worker on the built-in pack, and the autosaved scenarios of the last session.
  useEffect(() => {
    host.getAppInfo().then(setAppInfo, () => setAppInfo(null));
    host.recentScenarioFiles().then(setRecentFiles, () => setRecentFiles([]));
    (async () => {
      const db = startDbWorker();
      // Desktop app: imported packs are folders the worker reads through the host.
      await connectHostPacks(db);
      const [communes, departements] = await Promise.all([loadGeometry('communes'), loadGeometry('departements')]);
      const opened = await db.start(RESOURCE_BASE_URL, communes.codes);
      setLoaded({
        communes: opened.geometry ? decodeTsGeo(opened.geometry) : communes,
        defaultCommunes: communes,
        departements,
        attributes: opened.communes,
        manifest: opened.manifest,
        packId: opened.id,
        db,
      });
    })().catch((e: unknown) => setError(errorText(e)));
    host
      .readAutosave()
      .then((text) => {
        const workspace = text ? restoreWorkspace(text) : null;
        if (workspace && workspace.entries.length > 0) {
          dispatch({ type: 'reset', workspace });
          setFileMessage({ text: `Session précédente restaurée (${workspace.entries.length} scénario${workspace.entries.length > 1 ? 's' : ''}).` });
        }
      })
      .catch(() => undefined)
      .finally(() => {
        restored.current = true;
        // A scenario file double-clicked (desktop app) opens after the restored session.
        unsubscribeOpenRequests = host.onOpenFileRequest?.((file) => openedRef.current(file));
      });
    let unsubscribeOpenRequests: (() => void) | undefined;
    return () => unsubscribeOpenRequests?.();
  }, []);

  // Autosave, debounced: the host writes it atomically and flushes it on quit; leaving the page
  // sends what the debounce still holds.
  useEffect(() => {
    if (!restored.current) return;
    const save = () => host.autosave(workspaceText(history.present)).catch(() => undefined);
    const timer = window.setTimeout(save, 800);
    window.addEventListener('pagehide', save);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('pagehide', save);
    };
  }, [history.present]);

  useEffect(() => saveView({ grid, specialty, indicator, departement, tab, legendOpen }), [grid, specialty, indicator, departement, tab, legendOpen]);

  // The table's text filter belongs to one tab's table: it does not silently carry over to another.
  useEffect(() => setTableFilter(''), [tab]);

  // A lever being placed belongs to the scenario editor: leaving it cancels the placement.
  useEffect(() => {
    if (tab !== 'scenario' || workshop) setPending(null);
  }, [tab, workshop]);

  // Ctrl+Z / Ctrl+Y outside text fields; Escape everywhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setPending(null);
        setWorkshop(false);
        setGlossary(false);
        setDataPanel(false);
        return;
      }
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select')) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        dispatch({ type: e.shiftKey ? 'redo' : 'undo' });
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        dispatch({ type: 'redo' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const entries = history.present.entries;
  const active = activeEntry(history.present);
  const entryScenario = useCallback((key: CompareSide) => (key === null ? null : (entries.find((e) => e.key === key)?.scenario ?? null)), [entries]);

  // What is evaluated: the active scenario in scenario and workshop modes, the chosen pair when comparing.
  const evaluated = useMemo((): { target: unknown | null; reference: unknown | null } => {
    // The workshop shows the active scenario against its reference: the comparison's when opened from it
    // (the compared scenario is made active on entering), else the current situation.
    if (workshop) return { target: active?.scenario ?? null, reference: entryScenario(workshopReference) };
    if (tab === 'compare') return { target: entryScenario(compareTarget), reference: entryScenario(compareReference) };
    if (tab === 'scenario') return { target: active?.scenario ?? null, reference: null };
    return { target: null, reference: null };
  }, [tab, workshop, active, compareTarget, compareReference, workshopReference, entryScenario]);

  // Comparer preselects what there is to compare: the active scenario, or the only one.
  useEffect(() => {
    if (tab !== 'compare' || compareTarget !== null) return;
    const only = entries.length === 1 ? entries[0].key : null;
    const preselected = active?.key ?? only;
    if (preselected && preselected !== compareReference) setCompareTarget(preselected);
    // Only on entering the tab: the user may then choose « — choisir un scénario — » on purpose.
  }, [tab]);

  useEffect(() => {
    if (!loaded) return;
    loaded.db
      .customGrids()
      .then((grids) => {
        setCustomGrids(grids);
        // A custom grid of the previous pack does not exist in this one.
        setGrid((current) => (isGridId(current) || grids.some((g) => g.id === current) ? current : defaultViewState().grid));
      })
      .catch(() => setCustomGrids([]));
    loaded.db
      .listPacks()
      .then((packs) => setPackImportedAt(packs.find((p) => p.id === loaded.packId)?.importedAt ?? null))
      .catch(() => setPackImportedAt(null));
    // Département names, so that « Meuse » can be typed in the département field.
    loaded.db
      .gridCells('DEP')
      .then((cells) => setDepartementNames(cells.codes.map((code, i) => ({ code, label: cells.labels[i] }))))
      .catch(() => setDepartementNames([]));
  }, [loaded]);

  // What is typed in the département field, resolved once the names are known (a stored code stays as is).
  useEffect(() => {
    const match = resolveDepartement(departementInput, departementNames);
    if (match.code === null) {
      setDepartementHint(match.hint);
      return;
    }
    setDepartementHint(null);
    setDepartement(match.code);
  }, [departementInput, departementNames]);

  useEffect(() => {
    if (!loaded) return;
    let cancelled = false;
    Promise.all([loaded.db.gridCells(grid), loaded.db.territoryCodes(grid), loaded.db.territoryScores(grid).catch(() => null)])
      .then(([cells, codes, scores]) => {
        if (!cancelled) setGridData({ grid, cells, codes, scores });
      })
      .catch((e: unknown) => !cancelled && setError(errorText(e)));
    // A territory of another grid is not a selection of this one.
    setSelectedCode(null);
    setDetailOpen(false);
    return () => {
      cancelled = true;
    };
  }, [loaded, grid]);

  const comparingTab = tab === 'compare' && !workshop;
  const sideBySide = comparingTab && compareView === 'sideBySide';
  // Figures of every territory: recomputed in the worker as the scenario changes (a few milliseconds).
  useEffect(() => {
    if (!loaded) return;
    let cancelled = false;
    const startedAt = performance.now();
    loaded.db
      .indicators(grid, evaluated.target, evaluated.reference, sideBySide)
      .then((r) => {
        if (cancelled) return;
        setTagged({ grid, result: r });
        window.__territoireSantePerf = {
          ...window.__territoireSantePerf,
          indicatorsRequestedAt: startedAt,
          lastIndicatorsMs: performance.now() - startedAt,
          workerComputeMs: r?.computeMs,
          indicatorsAt: performance.now(),
        };
      })
      .catch((e: unknown) => !cancelled && setError(errorText(e)));
    return () => {
      cancelled = true;
    };
  }, [loaded, grid, evaluated, sideBySide]);

  // The table below the map: the planners' table, or the difference table when a scenario is shown.
  const comparing = evaluated.target !== null;
  const aplForKpis = comparing && (tab === 'compare' || workshop) ? specialty : null;
  useEffect(() => {
    if (!loaded) return;
    let cancelled = false;
    const dep = departement === '' ? null : departement;
    if (comparing) {
      // First without the APL (milliseconds), then with its threshold crossings (about a second).
      (async () => {
        const quick = await loaded.db.comparison(grid, evaluated.target, evaluated.reference, dep, null);
        if (cancelled) return;
        setComparison(quick);
        if (!aplForKpis) return;
        const full = await loaded.db.comparison(grid, evaluated.target, evaluated.reference, dep, aplForKpis);
        if (!cancelled) setComparison(full);
      })().catch(() => !cancelled && setComparison(null));
    } else {
      setComparison(null);
      loaded.db
        .dashboard(grid, null, dep)
        .then((d) => !cancelled && setDashboard(d))
        .catch((e: unknown) => !cancelled && setError(errorText(e)));
    }
    return () => {
      cancelled = true;
    };
  }, [loaded, grid, departement, evaluated, comparing, aplForKpis]);

  // APL per commune, when the map shows it.
  const wantsApl = (tab !== 'compare' && indicator === 'apl') || (tab === 'compare' && compareMeasure === 'apl');
  const aplKey = useMemo(() => JSON.stringify([specialty, evaluated]), [specialty, evaluated]);
  const currentApl = apl?.key === aplKey ? apl : null;
  useEffect(() => {
    if (!loaded || !wantsApl) return;
    let cancelled = false;
    const key = aplKey;
    (async () => {
      const after = await loaded.db.accessibility(specialty, evaluated.target);
      const before = tab === 'compare' ? await loaded.db.accessibility(specialty, evaluated.reference) : null;
      if (!cancelled && after) setApl({ key, before, after });
    })().catch(() => undefined); // an invalid scenario is reported by the figures' problems
    return () => {
      cancelled = true;
    };
  }, [loaded, wantsApl, specialty, evaluated, tab, aplKey]);

  // Detail of the selected territory.
  useEffect(() => {
    if (!loaded || !selectedCode || !detailOpen) return;
    let cancelled = false;
    setDetail(null);
    loaded.db
      .territoryDetail(grid, selectedCode)
      .then((d) => !cancelled && setDetail(d))
      .catch((e: unknown) => !cancelled && setError(errorText(e)));
    return () => {
      cancelled = true;
    };
  }, [loaded, grid, selectedCode, detailOpen]);

  const usePack = async (id: string) => {
    if (!loaded) return;
    try {
      const opened = await loaded.db.usePack(id);
      setLoaded({
        ...loaded,
        communes: opened.geometry ? decodeTsGeo(opened.geometry) : loaded.defaultCommunes,
        attributes: opened.communes,
        manifest: opened.manifest,
        packId: opened.id,
      });
      setSelectedCode(null);
    } catch (e) {
      setError(errorText(e));
    }
  };

  // The last state where the grid's data and the figures belong to the same grid; shown until the next one is
  // complete, so that figures are never drawn on another grid's territories.
  const consistent =
    gridData && tagged && gridData.grid === tagged.grid ? { grid: gridData.grid, cells: gridData.cells, codes: gridData.codes, scores: gridData.scores, result: tagged.result } : null;
  const lastConsistent = useRef(consistent);
  if (consistent && (lastConsistent.current?.cells !== consistent.cells || lastConsistent.current?.result !== consistent.result)) lastConsistent.current = consistent;
  const view = consistent ?? lastConsistent.current;
  const cells = view?.cells ?? null;
  const result = view?.result ?? null;
  const scores = view?.scores ?? null;
  const territoryCodes = view?.codes ?? null;
  const viewGrid = view?.grid ?? grid;
  const gridLabel = [...GRIDS, ...customGrids].find((g) => g.id === viewGrid)?.label ?? viewGrid;
  const s = specialtyIndex(specialty);
  const hasHealth = result !== null;
  // Territory index of each code in the engine's order, fetched once per grid (figures come without codes).
  const territoryIndex = useMemo(() => new Map(territoryCodes?.map((code, i) => [code, i]) ?? []), [territoryCodes]);
  // Territory of each cell of the grid (-1: none), for turning figures into cell values without lookups.
  const territoryOfCell = useMemo(() => (cells ? Int32Array.from(cells.codes, (code) => territoryIndex.get(code) ?? -1) : null), [cells, territoryIndex]);
  const indicatorShown: Indicator = hasHealth ? indicator : 'population';
  const specialtyLabel = SPECIALTY_LABELS[specialty].toLowerCase();

  /** Values per cell of `cells` of an indicator from a set of figures. */
  const valuesOf = useCallback(
    (figures: IndicatorsResult['shown'] | null, which: Indicator): Float64Array | null => {
      if (!cells) return null;
      if (which === 'population') return cells.population;
      const pick = (fn: (t: number, cell: number) => number) => {
        const out = new Float64Array(cells.codes.length);
        for (let cell = 0; cell < out.length; cell++) {
          const t = territoryOfCell ? territoryOfCell[cell] : -1;
          out[cell] = t < 0 ? Number.NaN : fn(t, cell);
        }
        return out;
      };
      if (which === 'scorePa' || which === 'scoreAld' || which === 'scoreUrgence') return scores ? pick((t) => scores[which][t]) : null;
      if (!figures) return null;
      const k = (t: number) => t * SPECIALTY_COUNT + s;
      if (which === 'gapFte') return pick((t) => figures.gapFte[k(t)]);
      // Per 100 000 inhabitants, so that large territories do not dictate the classes.
      if (which === 'gapPer100k') return pick((t, cell) => (cells.population[cell] > 0 ? (figures.gapFte[k(t)] / cells.population[cell]) * 100_000 : Number.NaN));
      if (which === 'gapActs') return pick((t) => figures.capacity[k(t)] - figures.need[k(t)]);
      if (which === 'coverage') return pick((t) => (figures.need[k(t)] > 0 ? figures.capacity[k(t)] / figures.need[k(t)] : Number.NaN));
      return null;
    },
    [cells, territoryOfCell, scores, s],
  );

  const scaleOf = (which: Indicator): Scale => {
    if (which === 'gapFte') return { kind: 'diverging', unit: 'ETP', negative: 'déficit', positive: 'excédent' };
    if (which === 'gapPer100k') return { kind: 'diverging', unit: 'ETP pour 100 000 hab.', negative: 'déficit', positive: 'excédent' };
    if (which === 'gapActs') return { kind: 'diverging', unit: 'actes', negative: 'déficit', positive: 'excédent' };
    if (which === 'coverage') return { kind: 'coverage' };
    if (which === 'apl') return { kind: 'apl' };
    return { kind: 'sequential' };
  };

  const titleOf = (which: Indicator): string => {
    const per = `par ${gridLabel.toLowerCase()}`;
    switch (which) {
      case 'population':
        return `Population municipale ${per} (habitants)`;
      case 'gapFte':
        return `Écart en médecins ETP, ${specialtyLabel}, ${per} (négatif : déficit)`;
      case 'gapPer100k':
        return `Écart en médecins ETP pour 100 000 habitants, ${specialtyLabel}, ${per} (négatif : déficit)`;
      case 'gapActs':
        return `Écart en actes par an, ${specialtyLabel}, ${per} (négatif : actes à couvrir)`;
      case 'coverage':
        return `Taux de couverture du besoin, ${specialtyLabel}, ${per}`;
      case 'apl':
        return `APL ${specialtyLabel}, par commune (consultations accessibles par habitant et par an)`;
      case 'scorePa':
        return `Score personnes âgées ${per} (1 = moyenne nationale)`;
      case 'scoreAld':
        return `Score ALD ${per} (1 = moyenne nationale)`;
      case 'scoreUrgence':
        return `Score urgence ${per} (minutes jusqu’aux urgences)`;
    }
  };

  // The map's colours and legend.
  const computedMap = useMemo((): MapPicture | null => {
    if (!cells) return null;
    const version = ++choroplethVersion.current;
    const healthSource = `moteur Territoire Santé : capacité (ETP × productivité) − besoin (taux de recours × population par âge), ${loaded?.manifest.label ?? ''}`;
    // The workshop shows the difference whenever a scenario is evaluated, in plain words.
    if (workshop && result?.deltaGapFte) {
      const delta = result.deltaGapFte;
      const values = Float64Array.from(cells.codes, (code) => {
        const t = territoryIndex.get(code);
        return t === undefined ? Number.NaN : delta[t * SPECIALTY_COUNT + s];
      });
      return {
        main: buildChoropleth(cells, values, { kind: 'change' }, version),
        second: null,
        title: `Ce que le scénario change : ${doctorsPlural(specialty)} en plus ou en moins, par ${gridLabel.toLowerCase()}`,
        source: '',
      };
    }
    if (comparingTab && result?.deltaGapFte && compareView === 'difference') {
      if (compareMeasure === 'apl') {
        if (!currentApl?.before) return null;
        const before = currentApl.before;
        const delta = currentApl.after.map((v, i) => v - before[i]);
        return {
          main: buildChoropleth(cells, delta, { kind: 'diverging', unit: 'consultations/hab.', negative: 'baisse', positive: 'hausse' }, version, true),
          second: null,
          title: `Différence d’APL ${specialtyLabel} par commune (après − avant)`,
          source: healthSource,
        };
      }
      const delta = result.deltaGapFte;
      const values = Float64Array.from(cells.codes, (code) => {
        const t = territoryIndex.get(code);
        return t === undefined ? Number.NaN : delta[t * SPECIALTY_COUNT + s];
      });
      return {
        main: buildChoropleth(cells, values, { kind: 'diverging', unit: 'ETP', negative: 'dégradation', positive: 'amélioration' }, version),
        second: null,
        title: `Différence d’écart en ETP, ${specialtyLabel}, par ${gridLabel.toLowerCase()} (positif : amélioration)`,
        source: healthSource,
      };
    }
    const which: Indicator = comparingTab ? (compareMeasure === 'apl' ? 'apl' : 'gapFte') : indicatorShown;
    const perFeature = which === 'apl';
    const after = perFeature ? (currentApl?.after ?? null) : valuesOf(result?.shown ?? null, which);
    if (!after) return null;
    if (sideBySide && result?.reference) {
      const before = perFeature ? currentApl?.before : valuesOf(result.reference, which);
      if (before) {
        // Both halves use the classes of all their values, so a colour means the same on each side.
        const both = Float64Array.from([...before, ...after]);
        const main = buildChoropleth(cells, before, scaleOf(which), version, perFeature, both);
        const second = buildChoropleth(cells, after, scaleOf(which), version, perFeature, both);
        return { main, second, title: `${titleOf(which)} — avant (gauche) et après (droite)`, source: healthSource };
      }
    }
    const source = which === 'population' ? (loaded?.manifest.tables.communes?.label ?? '') : healthSource;
    return { main: buildChoropleth(cells, after, scaleOf(which), version, perFeature), second: null, title: titleOf(which), source };
  }, [cells, result, scores, currentApl, tab, workshop, gridLabel, specialty, compareView, compareMeasure, indicatorShown, s, territoryIndex, valuesOf, loaded]);

  // While the next picture is computed (the APL takes about a second), the last one stays on the map.
  const lastMap = useRef<MapPicture | null>(null);
  if (computedMap) lastMap.current = computedMap;
  const map = computedMap ?? lastMap.current;
  const mapComputing = computedMap === null && map !== null;
  const mapSecond = map?.second ?? null;
  const secondFill = useMemo(() => (mapSecond ? { colors: mapSecond.fillColors, version: mapSecond.version } : null), [mapSecond]);

  // Benchmark marks: when new colours reach deck.gl (this render) and when a frame first shows them.
  if (map && window.__territoireSantePerf?.fillVersion !== map.main.version) {
    window.__territoireSantePerf = { ...window.__territoireSantePerf, fillVersion: map.main.version, fillAt: performance.now() };
  }

  const communeIndex = useMemo(
    () => loaded && { codes: loaded.communes.codes, names: loaded.attributes.names, population: loaded.attributes.population },
    [loaded],
  );

  const centroid = useCallback(
    (code: string): [number, number] | null => {
      if (!loaded) return null;
      return featureCentre(loaded.communes, loaded.communes.codes.indexOf(code));
    },
    [loaded],
  );

  // Names of the main towns, placed once per geometry.
  const towns = useMemo((): TownMark[] => {
    if (!loaded) return [];
    const { names, departements, population } = loaded.attributes;
    return townLabels(names, departements, population, (f) => featureCentre(loaded.communes, f), departement).map((t) => ({ at: t.at, name: t.name, minZoom: t.minZoom }));
  }, [loaded, departement]);

  // The scenario whose levers are drawn, and the territories of the grids its levers refer to.
  const drawnScenario = (workshop || tab === 'scenario' ? active?.scenario : tab === 'compare' ? entryScenario(compareTarget) : null) ?? null;
  const leverGridIds = useMemo(() => {
    const ids = new Set<string>();
    drawnScenario?.levers.forEach((l) => {
      if (l.kind === 'departures' || l.kind === 'teleconsultation') ids.add(l.grid);
      if (l.kind === 'teleconsultation' && l.provider.kind === 'territory') ids.add(l.provider.grid);
    });
    return [...ids].filter((id) => id !== 'COM' && id !== 'DEP').sort().join(',');
  }, [drawnScenario]);
  // Another pack has other geometry: its grids are fetched again.
  useEffect(() => setLeverGrids(new Map()), [loaded]);
  useEffect(() => {
    if (!loaded || !leverGridIds) return;
    let cancelled = false;
    const missing = leverGridIds.split(',').filter((id) => !leverGrids.has(id));
    if (missing.length === 0) return;
    Promise.all(missing.map((id) => loaded.db.gridCells(id).then((c) => [id, c] as const)))
      .then((pairs) => !cancelled && setLeverGrids((current) => new Map([...current, ...pairs])))
      .catch(() => undefined); // a lever on an unknown grid is reported by the scenario's problems
    return () => {
      cancelled = true;
    };
  }, [loaded, leverGridIds, leverGrids]);

  // Levers of the scenario shown, drawn on the map.
  const marks = useMemo((): LeverMark[] => {
    const scenario = drawnScenario;
    if (!scenario || !loaded) return [];
    const codes = loaded.communes.codes;
    // A territory is placed at the mean of its communes' centres: the COM grid, the grid on screen, or a
    // département (commune codes start with its code).
    const mean = (features: number[]): [number, number] | null => {
      const points = features.map((f) => centroid(codes[f])).filter((p): p is [number, number] => p !== null);
      if (points.length === 0) return null;
      return [points.reduce((a, p) => a + p[0], 0) / points.length, points.reduce((a, p) => a + p[1], 0) / points.length];
    };
    const territory = (grid: string, code: string): [number, number] | null => {
      if (grid === 'COM') return centroid(code);
      const features: number[] = [];
      const cells = gridData?.grid === grid ? gridData.cells : leverGrids.get(grid);
      if (cells) {
        const cell = cells.codes.indexOf(code);
        cells.cellOfCommune.forEach((c, f) => c === cell && cell >= 0 && features.push(f));
      } else if (grid === 'DEP') codes.forEach((c, f) => c.startsWith(code) && features.push(f));
      return mean(features);
    };
    return leverMarks(scenario.levers, { commune: centroid, territory });
  }, [drawnScenario, centroid, loaded, gridData, leverGrids]);

  const territoryOfFeature = (feature: number) => {
    if (!cells) return null;
    const cell = cells.cellOfCommune[feature];
    if (cell < 0) return null;
    return { cell, code: cells.codes[cell], label: cells.labels[cell], outside: cells.outside[cell] === 1 };
  };

  const placeAt = (feature: number, pick: PendingPick | null = pending) => {
    if (!pick || !communeIndex || !active) return;
    const territory = territoryOfFeature(feature);
    const { lever, pending: next } = leverAt(
      pick,
      feature,
      communeIndex,
      territory && !territory.outside ? { grid: viewGrid, code: territory.code, label: territory.label } : null,
      nextLeverId(active.scenario, pick.kind),
    );
    setPending(next);
    if (lever) dispatch({ type: 'addLever', lever });
  };

  const onMapSelect = (feature: number | null) => {
    if (feature === null) return;
    if (pending) {
      placeAt(feature);
      return;
    }
    const territory = territoryOfFeature(feature);
    setSelectedCode(territory && !territory.outside ? territory.code : null);
    setDetailOpen(Boolean(territory && !territory.outside));
  };

  // Features of the selected territory, outlined on the map.
  const highlighted = useMemo(() => {
    if (!cells || !selectedCode) return [];
    const cell = cells.codes.indexOf(selectedCode);
    if (cell < 0) return [];
    const out: number[] = [];
    cells.cellOfCommune.forEach((c, feature) => {
      if (c === cell) out.push(feature);
    });
    return out;
  }, [cells, selectedCode]);

  // Scenario files.
  const addOpened = (file: OpenedScenarioFile | null, fromBackup = false) => {
    if (!file) return;
    const outcome = loadScenarioText(file.text);
    if (!outcome.ok) {
      setFileMessage({ text: `« ${file.name} » ne peut pas être ouvert : ${outcome.message}` });
      if (!fromBackup) {
        host
          .readScenarioBackup(file.id)
          .then((backup) => backup && setFileMessage({ text: `« ${file.name} » ne peut pas être ouvert : ${outcome.message} Une sauvegarde précédente existe.`, backup }))
          .catch(() => undefined);
      }
      return;
    }
    dispatch({ type: 'add', scenario: outcome.scenario, file: fromBackup ? undefined : { id: file.id, name: file.name }, saved: !fromBackup });
    setFileMessage(outcome.warnings.length > 0 ? { text: `« ${file.name} » ouvert. ${outcome.warnings.join(' ')}` } : null);
    setTab('scenario');
    host.recentScenarioFiles().then(setRecentFiles, () => undefined);
  };

  const openedRef = useRef(addOpened);
  openedRef.current = addOpened;

  const onOpen = () => host.openScenarioFile().then((f) => addOpened(f), (e: unknown) => setFileMessage({ text: errorText(e) }));
  const onOpenRecent = (id: string) => host.openRecentScenarioFile(id).then((f) => addOpened(f), (e: unknown) => setFileMessage({ text: errorText(e) }));
  const onSave = async (saveAs: boolean) => {
    if (!active) return;
    try {
      const name = `${foldText(active.scenario.name).replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '') || 'scenario'}.tsante.json`;
      const file = await host.saveScenarioFile({ id: active.file?.id, saveAs: saveAs || !active.file, suggestedName: active.file?.name ?? name, text: serializeScenario(active.scenario) });
      if (file) {
        dispatch({ type: 'saved', key: active.key, file });
        setFileMessage({ text: `Scénario enregistré : ${file.name}.` });
        host.recentScenarioFiles().then(setRecentFiles, () => undefined);
      }
    } catch (e) {
      setFileMessage({ text: `Enregistrement impossible : ${errorText(e)}` });
    }
  };
  const onNew = () => {
    dispatch({ type: 'add', scenario: { schemaVersion: 2, name: uniqueName(history.present, 'Nouveau scénario'), description: '', parameters: {}, levers: [] } });
    setTab('scenario');
  };
  const onExample = (name: string) => {
    const example = EXAMPLE_SCENARIOS.find((e) => e.name === name);
    if (!example) return;
    const outcome = loadScenarioText(example.text);
    if (outcome.ok) {
      dispatch({ type: 'add', scenario: { ...outcome.scenario, name: uniqueName(history.present, outcome.scenario.name) } });
      setTab('scenario');
      // Show what the example is about: its specialty and the gap, not the population of another one.
      const first = outcome.scenario.levers.find((l) => 'specialty' in l);
      if (first && 'specialty' in first) setSpecialty(first.specialty);
      setIndicator('gapFte');
    } else setFileMessage({ text: outcome.message });
  };

  const selectedIndex = selectedCode !== null ? territoryIndex.get(selectedCode) : undefined;
  const selectedCell = selectedCode !== null && cells ? cells.codes.indexOf(selectedCode) : -1;
  const problems = result?.problems ?? [];

  const legend = map && (
    <Legend
      title={map.title}
      source={map.source}
      main={map.main}
      second={map.second}
      unit={!workshop && (indicatorShown === 'apl' || (tab === 'compare' && compareMeasure === 'apl')) ? 'Communes' : 'Territoires'}
      withoutValueLabel={(isGridId(viewGrid) && OUTSIDE_GRID_CODES[viewGrid]?.label) || 'Sans valeur'}
      open={legendOpen}
      onToggle={() => setLegendOpen((v) => !v)}
    />
  );

  const tableColumns = useMemo(() => dashboardTableColumns(tableScope, specialty, indicatorShown), [tableScope, specialty, indicatorShown]);

  // Totals of the rows shown (after the text filter), by the engine's own functions (issue 12).
  const dashboardTotalOf = useCallback((rows: DashboardRow[]) => dashboardTotal(rows, dashboard?.productivity ?? []), [dashboard]);
  const comparisonTotalOf = useCallback((rows: ComparisonRow[]) => comparisonTotal(rows, comparison?.productivityBefore ?? [], comparison?.productivityAfter ?? []), [comparison]);
  const comparisonTableColumns = useMemo(() => comparisonColumnsOf(specialty, comparison, compareMeasure), [specialty, comparison, compareMeasure]);
  // The KPIs of the rows the comparison table shows (all of them when the table is hidden).
  const tableFilterShown = !workshop && tableOpen ? tableFilter : '';
  const shownKpis = useMemo(
    () => (comparison && tableFilterShown.trim() ? comparisonKpis(comparison, filterRowsByText(comparison.rows, comparisonTableColumns, tableFilterShown)) : (comparison?.kpis ?? null)),
    [comparison, comparisonTableColumns, tableFilterShown],
  );

  const dashboardView = dashboard && (
    <DataTable
      caption={`Diagnostic par ${dashboard.gridLabel.toLowerCase()}${dashboard.departement ? ` — territoires touchant le département ${dashboard.departement}` : ' — France entière'}${tableScope === 'specialty' ? ` — ${specialtyLabel}` : ' — toutes spécialités'}`}
      columns={tableColumns}
      rows={dashboard.rows}
      totalOf={dashboardTotalOf}
      departementTotal={dashboard.departementTotal}
      filter={tableFilter}
      onFilterChange={setTableFilter}
      codeOf={(row) => row.code}
      selectedCode={selectedCode}
      onSelect={(code) => {
        setSelectedCode(code);
        setDetailOpen(true);
      }}
      testId="dashboard-table"
    />
  );
  const comparisonView = comparison && (
    <DataTable
      caption={`Différence par ${comparison.gridLabel.toLowerCase()}${comparison.departement ? ` — territoires touchant le département ${comparison.departement}` : ''}`}
      columns={comparisonTableColumns}
      rows={comparison.rows}
      totalOf={comparisonTotalOf}
      departementTotal={comparison.departementTotal}
      filter={tableFilter}
      onFilterChange={setTableFilter}
      codeOf={(row) => row.code}
      selectedCode={selectedCode}
      onSelect={(code) => setSelectedCode(code)}
      testId="comparison-table"
    />
  );

  const scenarioName = (key: CompareSide) => (key === null ? 'Situation de référence' : (entries.find((e) => e.key === key)?.scenario.name ?? '?'));

  return (
    <div className={`app${workshop ? ' workshop' : ''}`}>
      <header className="app-header">
        <h1>Territoire Santé</h1>
        {!workshop && (
          <nav className="tabs" aria-label="Modes">
            {(
              [
                ['diagnostic', 'Diagnostic'],
                ['scenario', 'Scénarios'],
                ['compare', 'Comparer'],
              ] as const
            ).map(([id, label]) => (
              <button key={id} type="button" className={tab === id ? 'tab active' : 'tab'} aria-pressed={tab === id} onClick={() => setTab(id)} data-testid={`tab-${id}`}>
                {label}
              </button>
            ))}
          </nav>
        )}
        <p className="provenance" data-testid="provenance" title={loaded?.manifest.label}>
          {loaded?.manifest.demo && (
            <span className="demo-badge" title="Chiffres estimés à partir de marges publiques réelles, pas observés">
              Estimation de démonstration
            </span>
          )}
          {loaded ? `Données : ${loaded.manifest.label}${packImportedAt ? `, importées le ${new Date(packImportedAt).toLocaleDateString('fr-FR')}` : ''}` : 'Chargement des données…'}
          {appInfo && !workshop && <span className="shell"> · {appInfo.shell === 'electron' ? 'application de bureau' : 'mode navigateur'} v{appInfo.version}</span>}
        </p>
        <span className="header-spacer" />
        {!workshop && (
          <>
            <button type="button" className="header-button" onClick={() => setGlossary((v) => !v)} data-testid="open-glossary">
              Glossaire
            </button>
            {loaded && (
              <ExportMenu
                db={loaded.db}
                grid={grid}
                specialty={specialty}
                departement={departement === '' ? null : departement}
                target={evaluated.target}
                reference={evaluated.reference}
                tableScope={tableScope}
                mapTitle={map?.title ?? ''}
                legend={map ? { labels: map.main.labels, palette: map.main.palette } : null}
                provenance={loaded.manifest}
                capture={() => captureRef.current?.() ?? null}
              />
            )}
            <button type="button" className="header-button" onClick={() => setDataPanel((v) => !v)} disabled={!loaded} data-testid="open-data-panel">
              Données…
            </button>
          </>
        )}
        <button
          type="button"
          className="header-button"
          onClick={() => {
            const next = !workshop;
            if (next) {
              // Opened from the comparison: the compared scenario becomes the one shown and switched,
              // against the comparison's reference.
              const fromCompare = tab === 'compare' && compareTarget !== null;
              if (fromCompare) dispatch({ type: 'select', key: compareTarget });
              setWorkshopReference(fromCompare ? compareReference : null);
            }
            setWorkshop(next);
            if (next) document.documentElement.requestFullscreen?.().catch(() => undefined);
            else if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
          }}
          data-testid="workshop-toggle"
        >
          {workshop ? 'Quitter l’atelier' : 'Mode atelier'}
        </button>
      </header>

      <aside className="panel">
        {!workshop && (
          <>
            <label className="field">
              <span>Maillage territorial</span>
              <select value={grid} onChange={(e) => setGrid(e.target.value)} data-testid="grid-select">
                {[...GRIDS, ...customGrids].map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.label}
                  </option>
                ))}
              </select>
            </label>
            {isGridId(grid) && grid !== 'COM' && <p className="note">Zonages INSEE dérivé COG 2025, non officiel (libellés 2024).</p>}
          </>
        )}
        <label className="field">
          <span>Spécialité</span>
          <select value={specialty} onChange={(e) => setSpecialty(e.target.value as Specialty)} data-testid="specialty-select">
            {SPECIALTIES.map((id) => (
              <option key={id} value={id}>
                {SPECIALTY_LABELS[id]}
              </option>
            ))}
          </select>
        </label>
        {tab !== 'compare' && !workshop && (
          <label className="field">
            <span>Indicateur</span>
            <select value={indicator} onChange={(e) => setIndicator(e.target.value as Indicator)} data-testid="indicator-select">
              {INDICATORS.map((i) => (
                <option key={i.id} value={i.id} disabled={i.needsHealth && !hasHealth}>
                  {i.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {!hasHealth && loaded && <p className="note">Écarts indisponibles : le paquet actif n’a pas de données de besoin et d’offre.</p>}
        {!workshop && viewGrid !== 'COM' && (tab === 'compare' ? compareMeasure === 'apl' : indicatorShown === 'apl') && (
          <p className="note" data-testid="apl-by-commune">
            L’APL est calculée par commune : la carte montre chaque commune, quel que soit le maillage choisi ({gridLabel}). Les autres indicateurs se lisent par territoire du maillage.
          </p>
        )}

        {tab === 'compare' && !workshop && (
          <section className="compare-panel" aria-label="Comparaison" data-testid="compare-panel">
            <h2>Comparer</h2>
            <ScenarioSelect label="Avant (référence)" value={compareReference} entries={entries} empty="Situation de référence" onChange={setCompareReference} testId="compare-reference" />
            <ScenarioSelect label="Après" value={compareTarget} entries={entries} empty="— choisir un scénario —" onChange={setCompareTarget} testId="compare-target" />
            <fieldset className="radio-group">
              <legend>Mesure</legend>
              <label>
                <input type="radio" name="measure" checked={compareMeasure === 'fte'} onChange={() => setCompareMeasure('fte')} /> Δ écart en ETP
              </label>
              <label>
                <input type="radio" name="measure" checked={compareMeasure === 'apl'} onChange={() => setCompareMeasure('apl')} data-testid="measure-apl" /> Δ APL
              </label>
            </fieldset>
            <fieldset className="radio-group">
              <legend>Carte</legend>
              <label>
                <input type="radio" name="view" checked={compareView === 'difference'} onChange={() => setCompareView('difference')} /> Différence
              </label>
              <label>
                <input type="radio" name="view" checked={compareView === 'sideBySide'} onChange={() => setCompareView('sideBySide')} data-testid="view-side-by-side" /> Côte à côte
              </label>
            </fieldset>
            {compareTarget === null && <p className="hint">Choisissez le scénario « après » (créez-en un dans l’onglet Scénarios).</p>}
          </section>
        )}

        {tab === 'compare' && !workshop && comparison && (
          <KpiPanel
            kpis={shownKpis ?? comparison.kpis}
            specialty={specialty}
            title={`${scenarioName(compareTarget)} par rapport à : ${scenarioName(compareReference)}`}
            scope={`${departement ? `territoires touchant le département ${departement}` : 'France entière'}${tableFilterShown.trim() ? `, filtrés par « ${tableFilterShown.trim()} » (${(shownKpis ?? comparison.kpis).territories} lignes du tableau)` : ''}`}
            departementTotal={comparison.departementTotal}
            national={comparison.national}
            large={false}
          />
        )}

        {workshop && active && (
          <WorkshopPanel
            name={active.scenario.name}
            referenceName={workshopReference === null ? null : scenarioName(workshopReference)}
            levers={active.scenario.levers}
            onToggle={(id) => dispatch({ type: 'toggleLever', id })}
            specialty={specialty}
            kpis={comparison?.kpis ?? null}
            departementTotal={comparison?.departementTotal ?? null}
            departementName={departementNames.find((d) => d.code === departement)?.label ?? null}
          />
        )}
        {workshop && !active && <p className="hint">Aucun scénario : créez-en un dans l’onglet Scénarios avant l’atelier.</p>}

        {tab === 'scenario' && !workshop && communeIndex && (
          <ScenarioPanel
            history={history}
            dispatch={dispatch}
            communes={communeIndex}
            territoryOf={(feature) => {
              const t = territoryOfFeature(feature);
              return t && !t.outside ? { grid: viewGrid, code: t.code, label: t.label } : null;
            }}
            problems={problems}
            warnings={result?.warnings ?? []}
            productivity={result?.productivity ?? null}
            pending={pending}
            setPending={setPending}
            placeAt={placeAt}
            specialty={specialty}
            recentFiles={recentFiles}
            onNew={onNew}
            onOpen={onOpen}
            onOpenRecent={onOpenRecent}
            onSave={onSave}
            onExample={onExample}
            examples={EXAMPLE_SCENARIOS.map((e) => e.name)}
            fileMessage={fileMessage}
            onOpenBackup={(file) => addOpened(file, true)}
          />
        )}
        {tab === 'diagnostic' && !workshop && (
          <section className="selection" aria-live="polite" data-testid="selection">
            <h2>Territoire sélectionné</h2>
            {selectedCode && cells && selectedCell >= 0 ? (
              <dl>
                <dt>{gridLabel}</dt>
                <dd>
                  {cells.labels[selectedCell]} ({selectedCode})
                </dd>
                <dt>Population</dt>
                <dd data-testid="selection-population">{formatInteger(cells.population[selectedCell])} hab.</dd>
                <dt>Communes</dt>
                <dd>{formatInteger(cells.communeCount[selectedCell])}</dd>
                {result && selectedIndex !== undefined && (
                  <>
                    <dt>Écart {SPECIALTY_LABELS[specialty].toLowerCase()}</dt>
                    <dd>{formatFte(result.shown.gapFte[selectedIndex * SPECIALTY_COUNT + s])} ETP</dd>
                  </>
                )}
              </dl>
            ) : (
              <p className="hint">Cliquez sur la carte ou sur une ligne du tableau pour afficher un territoire.</p>
            )}
          </section>
        )}
      </aside>

      <main className={`map-area${tableOpen && !workshop ? ' with-table' : ''}`}>
        <div className="map-frame">
          {loaded && map && (
            <MapView
              communes={loaded.communes}
              departements={loaded.departements}
              fillColors={map.main.fillColors}
              fillVersion={map.main.version}
              secondFill={secondFill}
              focusDepartement={departement}
              towns={towns}
              large={workshop}
              marks={marks}
              highlighted={highlighted}
              captureRef={captureRef}
              onFrame={(version) => {
                const perf = window.__territoireSantePerf;
                if (perf?.frameVersion !== version) window.__territoireSantePerf = { ...perf, frameVersion: version, frameAt: performance.now() };
              }}
              onHover={setHover}
              onSelect={onMapSelect}
            />
          )}
          {map?.second && (
            <>
              <span className="side-label left">Avant : {scenarioName(compareReference)}</span>
              <span className="side-label right">Après : {scenarioName(compareTarget)}</span>
            </>
          )}
          {legend && <div className="map-legend">{legend}</div>}
          {mapComputing && (
            <div className="status" role="status">
              Calcul en cours…
            </div>
          )}
          {pending && <div className="pick-banner" role="status">Cliquez une commune pour placer le levier (Échap pour annuler).</div>}
          {!loaded && !error && <div className="status">Chargement de la carte et de la base de données…</div>}
          {error && (
            <div className="status error" role="alert">
              Erreur : {error}
            </div>
          )}
          {hover && loaded && (
            <Tooltip
              name={loaded.attributes.names[hover.featureIndex]}
              code={loaded.communes.codes[hover.featureIndex]}
              population={loaded.attributes.population[hover.featureIndex]}
              territory={(() => {
                const t = territoryOfFeature(hover.featureIndex);
                if (!t || !cells) return null;
                const index = territoryIndex.get(t.code);
                return {
                  ...t,
                  population: cells.population[t.cell],
                  communes: cells.communeCount[t.cell],
                  figures:
                    result && index !== undefined
                      ? { need: result.shown.need[index * SPECIALTY_COUNT + s], capacity: result.shown.capacity[index * SPECIALTY_COUNT + s], gapFte: result.shown.gapFte[index * SPECIALTY_COUNT + s] }
                      : null,
                  delta: result?.deltaGapFte && index !== undefined ? result.deltaGapFte[index * SPECIALTY_COUNT + s] : null,
                };
              })()}
              grid={viewGrid}
              gridLabel={gridLabel}
              specialty={specialty}
              plain={workshop}
              x={hover.x}
              y={hover.y}
            />
          )}
          {detailOpen && selectedCode && cells && selectedCell >= 0 && loaded && !workshop && (
            <TerritoryDetail
              title={`${gridLabel} : ${cells.labels[selectedCell]} (${selectedCode})`}
              population={cells.population[selectedCell]}
              communes={cells.communeCount[selectedCell]}
              detail={detail}
              figures={result && selectedIndex !== undefined ? { ...result.shown, index: selectedIndex } : null}
              manifest={loaded.manifest}
              productivity={result?.productivity ?? null}
              onClose={() => setDetailOpen(false)}
            />
          )}
          {dataPanel && loaded && <DataPanel db={loaded.db} activePackId={loaded.packId} onUsePack={usePack} onClose={() => setDataPanel(false)} />}
          {glossary && <Glossary onClose={() => setGlossary(false)} />}
        </div>
        {!workshop && (
          <section className="table-area" aria-label="Tableau">
            <div className="table-head">
              <button type="button" className="link" onClick={() => setTableOpen((v) => !v)} aria-expanded={tableOpen} data-testid="table-toggle">
                {tableOpen ? 'Masquer le tableau' : 'Afficher le tableau'}
              </button>
              <label>
                Département{' '}
                <input
                  type="text"
                  value={departementInput}
                  size={10}
                  onChange={(e) => setDepartementInput(e.target.value)}
                  placeholder="tous"
                  aria-label="Votre département, numéro ou nom (vide : toute la France)"
                  aria-invalid={departementHint !== null}
                  aria-describedby="departement-hint"
                  data-testid="departement-filter"
                />
              </label>
              {departementHint ? (
                <span id="departement-hint" className="error" role="alert" data-testid="departement-hint">
                  {departementHint} Le tableau reste sur {departement ? `le département ${departement}` : 'la France entière'}.
                </span>
              ) : (
                departement && (
                  <span id="departement-hint" className="note" data-testid="departement-name">
                    {departementNames.find((d) => d.code === departement)?.label ?? ''}
                  </span>
                )
              )}
              {!comparing && (
                <label>
                  Colonnes{' '}
                  <select value={tableScope} onChange={(e) => setTableScope(e.target.value as 'specialty' | 'all')} data-testid="table-scope">
                    <option value="specialty">{SPECIALTY_LABELS[specialty]} en détail</option>
                    <option value="all">Toutes spécialités : actes à couvrir et ETP manquants</option>
                  </select>
                </label>
              )}
              {problems.length > 0 && tab !== 'scenario' && (
                <span className="error" role="alert">
                  {problems[0]}
                </span>
              )}
            </div>
            {tableOpen && (comparing ? comparisonView : dashboardView)}
          </section>
        )}
      </main>
    </div>
  );
}

/** A scenario of the session, or the empty choice (the baseline, or nothing yet). */
function ScenarioSelect(props: { label: string; value: CompareSide; entries: ScenarioEntry[]; empty: string; onChange(key: CompareSide): void; testId: string }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || null)} data-testid={props.testId}>
        <option value="">{props.empty}</option>
        {props.entries.map((e) => (
          <option key={e.key} value={e.key}>
            {e.scenario.name}
          </option>
        ))}
      </select>
    </label>
  );
}

interface TooltipProps {
  name: string;
  code: string;
  population: number;
  territory: {
    code: string;
    label: string;
    outside: boolean;
    population: number;
    communes: number;
    figures: { need: number; capacity: number; gapFte: number } | null;
    delta: number | null;
  } | null;
  grid: string;
  gridLabel: string;
  specialty: Specialty;
  /** Workshop: plain words (doctors lacking, in plus), no acts. */
  plain: boolean;
  x: number;
  y: number;
}

function Tooltip({ name, code, population, territory: t, grid, gridLabel, specialty, plain, x, y }: TooltipProps) {
  if (plain) return <PlainTooltip name={name} territory={t && { label: t.label, outside: t.outside, gapFte: t.figures?.gapFte ?? null, delta: t.delta }} grid={grid} gridLabel={gridLabel} specialty={specialty} x={x} y={y} />;
  return (
    <div className="tooltip" role="tooltip" data-testid="tooltip" style={{ left: x + 14, top: y + 14 }}>
      <strong>
        {name} ({code})
      </strong>
      <div>Population : {formatInteger(population)} hab.</div>
      {grid !== 'COM' && t && (
        <div className="tooltip-territory">
          {gridLabel} : {t.label} ({t.code})
          {!t.outside && (
            <div data-testid="tooltip-territory-population">
              Population du territoire : {formatInteger(t.population)} hab. ({formatInteger(t.communes)} communes)
            </div>
          )}
        </div>
      )}
      {t?.figures && !t.outside && (
        <div className="tooltip-territory" data-testid="tooltip-gp">
          {SPECIALTY_LABELS[specialty]}
          {grid === 'COM' ? '' : ' (territoire)'} : besoin {formatInteger(t.figures.need)} actes, capacité {formatInteger(t.figures.capacity)} actes, écart{' '}
          <span data-testid="tooltip-gp-gap">{formatFte(t.figures.gapFte)}</span> ETP
          {t.delta !== null && (
            <div>
              Différence : <span data-testid="tooltip-delta">{formatFte(t.delta)}</span> ETP
            </div>
          )}
        </div>
      )}
    </div>
  );
}
