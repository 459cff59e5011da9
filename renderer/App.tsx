// The planner's screen: a map of France coloured by an indicator of the chosen grid and specialty,
// the planners' table below it, and three modes (diagnostic, scenario editing, comparison) plus the
// workshop mode. Every figure comes from the DB worker; the page only turns them into colours.
// App composes: the view store (state/view-store.ts), the scenarios (state/use-scenario-session.ts), the
// worker's answers (state/use-worker-query.ts), the map picture (map/map-picture.ts) and the panels.
// The start-up path and the active pack are state/use-pack-session.ts. What stays here beyond composition:
// the selection and lever placement handlers join the map's features with the grid and the scenario,
// which only the page holds together.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo } from '../common/host-api';
import { isGridId, OUTSIDE_GRID_CODES } from '../common/pack';
import { ComparePanel, scenarioName as sideName } from './compare/ComparePanel';
import { KpiPanel } from './compare/KpiPanel';
import { FollowUpKpis } from './compare/FollowUpKpis';
import { useAlertSetting } from './compare/use-alerts';
import { SelectionSummary } from './detail/SelectionSummary';
import { TerritoryDetail } from './detail/TerritoryDetail';
import { Glossary } from './Glossary';
import { host } from './host';
import { DataPanel } from './import/DataPanel';
import { AppHeader } from './layout/AppHeader';
import { MapFrame } from './layout/MapFrame';
import { isPackComparison, TableArea } from './layout/TableArea';
import { ViewControls } from './layout/ViewControls';
import { featureCentre } from './map/geometry';
import type { TownMark } from './map/MapView';
import { useMapPicture } from './map/use-map-picture';
import { townLabels } from './map/town-labels';
import { EXAMPLE_SCENARIOS } from './scenario/examples';
import { leverAt, ScenarioPanel, type PendingPick } from './scenario/ScenarioPanel';
import { nextLeverId } from './scenario/workspace';
import { useLeverMarks } from './state/use-lever-marks';
import { errorText, useScenarioSession } from './state/use-scenario-session';
import { useShortcuts } from './state/use-shortcuts';
import { useWorkerQuery } from './state/use-worker-query';
import { useCommuneApl } from './state/use-commune-apl';
import { useGridView } from './state/use-grid-view';
import { usePackInfo } from './state/use-pack-info';
import { usePackSession } from './state/use-pack-session';
import { useTables } from './state/use-tables';
import { useViewStore, type CompareSide } from './state/view-store';
import type { Indicator } from './view-state';
import { WorkshopPanel } from './workshop/WorkshopPanel';
import { pathwayPicture, PathwaysPanel, PathwayTableArea, usePathways } from './pathways/PathwaysPanel';

export function App() {
  const [view, dispatchView] = useViewStore();
  const { grid, specialty, indicator, departement, tab, workshop, compareView, compareMeasure: chosenMeasure, compareReference, compareTarget, workshopReference, selectedCode, detailOpen, pending } = view;
  const scenarios = useScenarioSession(dispatchView);
  const { history, dispatch, active } = scenarios;
  useShortcuts(dispatchView, dispatch);
  const [error, setError] = useState<string | null>(null);
  const showError = useCallback((e: unknown) => setError(errorText(e)), []);

  const entries = history.present.entries;
  // The « Parcours de soins » tab: pathway need of the baseline, or of the active scenario when asked.
  const [pathwaysWithScenario, setPathwaysWithScenario] = useState(false);
  const entryScenario = useCallback((key: CompareSide) => (key === null ? null : (entries.find((e) => e.key === key)?.scenario ?? null)), [entries]);
  const scenarioName = (key: CompareSide) => sideName(entries, key);

  // What is evaluated: the active scenario in scenario and workshop modes, the chosen pair when comparing.
  const evaluated = useMemo((): { target: unknown | null; reference: unknown | null; packA?: string | null } => {
    // The workshop shows the active scenario against its reference: the comparison's when opened from it
    // (the compared scenario is made active on entering), else the current situation.
    if (workshop) return { target: active?.scenario ?? null, reference: entryScenario(workshopReference) };
    // Follow-up over time (issue 14 §3): pack A's baseline → the active pack's (B), no scenario.
    if (tab === 'compare' && view.compareMode === 'packs') return { target: null, reference: null, packA: view.comparePackA };
    if (tab === 'compare') return { target: entryScenario(compareTarget), reference: entryScenario(compareReference) };
    if (tab === 'scenario') return { target: active?.scenario ?? null, reference: null };
    if (tab === 'parcours' && pathwaysWithScenario) return { target: active?.scenario ?? null, reference: null };
    return { target: null, reference: null };
  }, [tab, workshop, active, compareTarget, compareReference, workshopReference, entryScenario, view.compareMode, view.comparePackA, pathwaysWithScenario]);
  const packsCompared = tab === 'compare' && !workshop && view.compareMode === 'packs';
  // Two packs' communes need not be the same: a pack comparison maps the FTE gap only (no Δ APL).
  const compareMeasure = packsCompared ? 'fte' : chosenMeasure;
  const comparingTab = tab === 'compare' && !workshop;
  const sideBySide = comparingTab && compareView === 'sideBySide';

  const [appInfo, setAppInfo] = useState<AppInfo | null>(null);
  useEffect(() => void host.getAppInfo().then(setAppInfo, () => setAppInfo(null)), []);
  // The start-up path and the active pack (state/use-pack-session.ts): the first colours wait for nothing else.
  // A custom grid remembered from another pack is asked for only once the pack's custom grids say it exists
  // (the view store falls back to the default grid otherwise): no « Maillage inconnu » at start-up.
  const gridOfPack = isGridId(grid) || view.customGrids.some((g) => g.id === grid) ? grid : null;
  const session = usePackSession({ grid: gridOfPack, evaluated, sideBySide, onError: showError });
  const { loaded, gridData, tagged, onFirstFrame } = session;
  // A territory of another grid is not a selection of this one.
  useEffect(() => dispatchView({ type: 'clearSelection' }), [loaded, grid, dispatchView]);

  // The active pack's custom grids, département names and import date.
  const packImportedAt = usePackInfo(loaded, dispatchView);

  // The table below the map: the planners' table, or the difference table when a scenario is shown.
  const tableFilterShown = !workshop && view.tableOpen ? view.tableFilter : '';
  const tables = useTables({
    db: loaded?.db ?? null,
    grid,
    evaluated,
    departement: departement === '' ? null : departement,
    aplForKpis: evaluated.target !== null && (tab === 'compare' || workshop) ? specialty : null,
    specialty,
    compareMeasure,
    filter: tableFilterShown,
    onError: showError,
  });
  const { comparing, comparison, shownKpis } = tables;
  // Alert thresholds on the table shown (issue 14 §3): APL of the state followed (the scenario shown, else the active pack).
  const alertSetting = useAlertSetting(loaded?.db ?? null, grid, specialty, view.alerts, evaluated.target, showError);
  const packSides = isPackComparison(comparison) ? comparison.packs : null;
  const packSideName = (side: 'before' | 'after') => (packSides ? `Paquet ${side === 'before' ? 'A' : 'B'} (${packSides[side].label})` : '');
  const pathways = usePathways(loaded?.db ?? null, tab === 'parcours' && !workshop, grid, departement === '' ? null : departement, evaluated.target);

  // APL per commune, when the map shows it.
  const wantsApl = (tab !== 'compare' && indicator === 'apl') || (tab === 'compare' && compareMeasure === 'apl');
  const currentApl = useCommuneApl(loaded?.db ?? null, wantsApl, specialty, evaluated, tab === 'compare');

  // Detail of the selected territory.
  const detail = useWorkerQuery(() => (loaded && selectedCode && detailOpen ? loaded.db.territoryDetail(grid, selectedCode) : null), [loaded, grid, selectedCode, detailOpen], {
    reset: 'onStart',
    onError: showError,
  }).data;

  const usePack = async (id: string) => {
    try {
      await session.usePack(id);
      dispatchView({ type: 'clearSelection' });
    } catch (e) {
      setError(errorText(e));
    }
  };

  const g = useGridView(gridData, tagged, grid, view.customGrids, specialty, selectedCode);
  const { cells, result, viewGrid, gridLabel } = g;
  const hasHealth = result !== null;
  const indicatorShown: Indicator = hasHealth ? indicator : 'population';
  const pathwayMap = useMemo(() => (tab === 'parcours' && !workshop ? pathwayPicture(pathways.report, cells, specialty) : null), [tab, workshop, pathways.report, cells, specialty]);
  const { map, computing: mapComputing, secondFill } = useMapPicture({
    cells,
    territoryOfCell: g.territoryOfCell,
    result,
    scores: g.scores,
    apl: currentApl,
    workshop,
    comparing: comparingTab,
    compareView,
    compareMeasure,
    indicator: indicatorShown,
    specialty,
    gridLabel,
    packLabel: loaded?.manifest.label ?? '',
    populationSource: loaded?.manifest.tables.communes?.label ?? '',
    values: pathwayMap,
  });

  const communeIndex = useMemo(
    () => loaded && { codes: loaded.communes.codes, names: loaded.attributes.names, population: loaded.attributes.population },
    [loaded],
  );

  // Names of the main towns, placed once per geometry.
  const towns = useMemo((): TownMark[] => {
    if (!loaded) return [];
    const { names, departements, population } = loaded.attributes;
    return townLabels(names, departements, population, (f) => featureCentre(loaded.communes, f), departement).map((t) => ({ at: t.at, name: t.name, minZoom: t.minZoom }));
  }, [loaded, departement]);

  // The levers of the scenario shown, drawn on the map.
  const drawnScenario = (workshop || tab === 'scenario' ? active?.scenario : tab === 'compare' ? entryScenario(compareTarget) : null) ?? null;
  const marks = useLeverMarks(loaded, drawnScenario, gridData, specialty);

  const { territoryOfFeature } = g;

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
    dispatchView({ type: 'setPending', pending: next });
    if (lever) dispatch({ type: 'addLever', lever });
  };

  const onMapSelect = (feature: number | null) => {
    if (feature === null) return;
    if (pending) {
      placeAt(feature);
      return;
    }
    const territory = territoryOfFeature(feature);
    const inside = Boolean(territory && !territory.outside);
    dispatchView({ type: 'selectTerritory', code: inside ? territory!.code : null, openDetail: inside });
  };

  const problems = result?.problems ?? [];

  const captureRef = useRef<(() => HTMLCanvasElement | null) | null>(null);
  const onWorkshopToggle = () => {
    if (!workshop) {
      // Opened from the comparison: the compared scenario becomes the one shown and switched,
      // against the comparison's reference.
      const fromCompare = tab === 'compare' && compareTarget !== null;
      if (fromCompare) dispatch({ type: 'select', key: compareTarget });
      dispatchView({ type: 'openWorkshop', reference: fromCompare ? compareReference : null });
      document.documentElement.requestFullscreen?.().catch(() => undefined);
    } else {
      dispatchView({ type: 'closeWorkshop' });
      if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    }
  };
  const departementName = view.departementNames.find((d) => d.code === departement)?.label ?? null;

  return (
    <div className={`app${workshop ? ' workshop' : ''}`}>
      <AppHeader
        view={view}
        dispatchView={dispatchView}
        compareCandidate={active?.key ?? (entries.length === 1 ? entries[0].key : null)}
        pack={loaded}
        packImportedAt={packImportedAt}
        appInfo={appInfo}
        evaluated={evaluated}
        map={map}
        capture={() => captureRef.current?.() ?? null}
        onWorkshopToggle={onWorkshopToggle}
        pathwayProgramme={pathways.programme}
      />

      <aside className="panel">
        <ViewControls view={view} dispatchView={dispatchView} hasHealth={hasHealth} loaded={loaded !== null} />
        {!workshop && viewGrid !== 'COM' && (tab === 'compare' ? compareMeasure === 'apl' : indicatorShown === 'apl') && (
          <p className="note" data-testid="apl-by-commune">
            L’APL est calculée par commune : la carte montre chaque commune, quel que soit le maillage choisi ({gridLabel}). Les autres indicateurs se lisent par territoire du maillage.
          </p>
        )}

        {tab === 'compare' && !workshop && <ComparePanel view={view} dispatchView={dispatchView} entries={entries} db={loaded?.db ?? null} activePackId={loaded?.packId ?? null} onUsePack={usePack} />}

        {tab === 'compare' && !workshop && comparison && (
          <KpiPanel
            kpis={shownKpis ?? comparison.kpis}
            specialty={specialty}
            title={packSides ? `${packSideName('before')} → ${packSideName('after')}` : `${scenarioName(compareTarget)} par rapport à : ${scenarioName(compareReference)}`}
            scope={`${departement ? `territoires touchant le département ${departement}` : 'France entière'}${tableFilterShown.trim() ? `, filtrés par « ${tableFilterShown.trim()} » (${(shownKpis ?? comparison.kpis).territories} lignes du tableau)` : ''}`}
            departementTotal={comparison.departementTotal}
            national={comparison.national}
            large={false}
            aplUnavailable={packSides ? 'non comparé : les communes des deux paquets peuvent différer' : null}
          >
            <FollowUpKpis comparison={comparison} alerts={alertSetting} />
          </KpiPanel>
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
            departementName={departementName}
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
            setPending={(next) => dispatchView({ type: 'setPending', pending: next })}
            placeAt={placeAt}
            specialty={specialty}
            recentFiles={scenarios.recentFiles}
            onNew={scenarios.onNew}
            onOpen={scenarios.onOpen}
            onOpenRecent={scenarios.onOpenRecent}
            onSave={scenarios.onSave}
            onExample={scenarios.onExample}
            examples={EXAMPLE_SCENARIOS.map((e) => e.name)}
            fileMessage={scenarios.fileMessage}
            onOpenBackup={(file) => scenarios.addOpened(file, true)}
            buildLaisserFaire={loaded ? (options) => loaded.db.laisserFaire(options) : undefined}
          />
        )}
        {tab === 'parcours' && !workshop && (
          <PathwaysPanel
            state={pathways}
            scenarioName={active?.scenario.name ?? null}
            withScenario={pathwaysWithScenario && active !== undefined && active !== null}
            onWithScenario={setPathwaysWithScenario}
            specialty={specialty}
          />
        )}
        {tab === 'diagnostic' && !workshop && (
          <SelectionSummary
            selectedCode={selectedCode}
            cells={cells}
            selectedCell={g.selectedCell}
            gridLabel={gridLabel}
            specialty={specialty}
            gapFte={g.selectedGapFte}
          />
        )}
      </aside>

      <main className={`map-area${view.tableOpen && !workshop ? ' with-table' : ''}`}>
        <div className="map-frame">
          <MapFrame
            pack={loaded}
            map={map}
            secondFill={secondFill}
            sides={packSides ? { before: packSideName('before'), after: packSideName('after') } : { before: scenarioName(compareReference), after: scenarioName(compareTarget) }}
            departement={departement}
            towns={towns}
            marks={marks}
            highlighted={g.highlighted}
            workshop={workshop}
            captureRef={captureRef}
            onFirstFrame={onFirstFrame}
            onSelect={onMapSelect}
            legend={{
              unit: !workshop && (indicatorShown === 'apl' || (tab === 'compare' && compareMeasure === 'apl')) ? 'Communes' : 'Territoires',
              withoutValueLabel: (isGridId(viewGrid) && OUTSIDE_GRID_CODES[viewGrid]?.label) || 'Sans valeur',
              open: view.legendOpen,
              onToggle: () => dispatchView({ type: 'toggleLegend' }),
            }}
            computing={mapComputing}
            placing={pending !== null}
            error={error}
            hoverTerritory={g.hoverTerritory}
            grid={viewGrid}
            gridLabel={gridLabel}
            specialty={specialty}
          />
          {detailOpen && selectedCode && cells && g.selectedCell >= 0 && loaded && !workshop && (
            <TerritoryDetail
              title={`${gridLabel} : ${cells.labels[g.selectedCell]} (${selectedCode})`}
              population={cells.population[g.selectedCell]}
              communes={cells.communeCount[g.selectedCell]}
              detail={detail}
              figures={result && g.selectedIndex !== undefined ? { ...result.shown, index: g.selectedIndex } : null}
              manifest={loaded.manifest}
              productivity={result?.productivity ?? null}
              onClose={() => dispatchView({ type: 'closeDetail' })}
            />
          )}
          {view.dataPanel && loaded && <DataPanel db={loaded.db} activePackId={loaded.packId} onUsePack={usePack} onClose={() => dispatchView({ type: 'closeDataPanel' })} />}
          {view.glossary && <Glossary onClose={() => dispatchView({ type: 'closeGlossary' })} />}
        </div>
        {tab === 'parcours' && !workshop && view.tableOpen && <PathwayTableArea report={pathways.report} selectedCode={selectedCode} onSelect={(code) => dispatchView({ type: 'selectTerritory', code, openDetail: false })} />}
        {!workshop && tab !== 'parcours' && (
          <TableArea
            view={view}
            dispatchView={dispatchView}
            comparing={comparing}
            dashboard={tables.dashboard}
            comparison={comparison}
            comparisonColumns={tables.comparisonColumns}
            indicatorShown={indicatorShown}
            problems={problems}
            alerts={alertSetting}
          />
        )}
      </main>
    </div>
  );
}
