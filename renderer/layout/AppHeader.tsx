// The page's header: the three modes, the data's provenance, the glossary, exports, data panel and workshop.
import { formatDate } from '../../common/format-fr';
import type * as Comlink from 'comlink';
import type { Dispatch } from 'react';
import type { AppInfo } from '../../common/host-api';
import type { PackManifest } from '../../common/pack';
import type { DbWorkerApi } from '../../common/worker-api';
import { ExportMenu } from '../export/ExportMenu';
import type { MapPicture } from '../map/map-picture';
import type { AppState, ViewAction } from '../state/view-store';

const TABS = [
  ['diagnostic', 'Diagnostic'],
  ['scenario', 'Scénarios'],
  ['compare', 'Comparer'],
  ['parcours', 'Parcours de soins'],
] as const;

interface Props {
  view: AppState;
  dispatchView: Dispatch<ViewAction>;
  /** The scenario Comparer preselects on entering (the active one, or the only one). */
  compareCandidate: string | null;
  pack: { db: Comlink.Remote<DbWorkerApi>; manifest: PackManifest } | null;
  /** Import date of the active pack when it was imported by the user. */
  packImportedAt: string | null;
  appInfo: AppInfo | null;
  /** What is evaluated, for the exports. */
  evaluated: { target: unknown | null; reference: unknown | null };
  map: MapPicture | null;
  capture(): HTMLCanvasElement | null;
  onWorkshopToggle(): void;
  /** The care programme of the « Parcours de soins » tab, for its report section. */
  pathwayProgramme: unknown;
}

export function AppHeader({ view, dispatchView, compareCandidate, pack, packImportedAt, appInfo, evaluated, map, capture, onWorkshopToggle, pathwayProgramme }: Props) {
  const { tab, workshop } = view;
  return (
    <header className="app-header">
      <h1>Territoire Santé</h1>
      {!workshop && (
        <nav className="tabs" aria-label="Modes">
          {TABS.map(([id, label]) => (
            <button key={id} type="button" className={tab === id ? 'tab active' : 'tab'} aria-pressed={tab === id} onClick={() => dispatchView({ type: 'setTab', tab: id, compareCandidate })} data-testid={`tab-${id}`}>
              {label}
            </button>
          ))}
        </nav>
      )}
      <p className="provenance" data-testid="provenance" title={pack?.manifest.label}>
        {pack?.manifest.demo && (
          <span className="demo-badge" title="Chiffres estimés à partir de marges publiques réelles, pas observés">
            Estimation de démonstration
          </span>
        )}
        {pack ? `Données : ${pack.manifest.label}${packImportedAt ? `, importées le ${formatDate(packImportedAt)}` : ''}` : 'Chargement des données…'}
        {appInfo && !workshop && <span className="shell"> · {appInfo.shell === 'electron' ? 'application de bureau' : 'mode navigateur'} v{appInfo.version}</span>}
      </p>
      <span className="header-spacer" />
      {!workshop && (
        <>
          <button type="button" className="header-button" onClick={() => dispatchView({ type: 'toggleGlossary' })} data-testid="open-glossary">
            Glossaire
          </button>
          {pack && (
            <ExportMenu
              db={pack.db}
              grid={view.grid}
              specialty={view.specialty}
              departement={view.departement === '' ? null : view.departement}
              target={evaluated.target}
              reference={evaluated.reference}
              tableScope={view.tableScope}
              mapTitle={map?.title ?? ''}
              legend={map ? { labels: map.main.labels, palette: map.main.palette } : null}
              provenance={pack.manifest}
              capture={capture}
              comparePack={view.tab === 'compare' && !view.workshop && view.compareMode === 'packs' ? view.comparePackA : null}
              alerts={view.alerts}
              pathways={view.tab === 'parcours' && !view.workshop ? { programme: pathwayProgramme } : null}
            />
          )}
          <button type="button" className="header-button" onClick={() => dispatchView({ type: 'toggleDataPanel' })} disabled={!pack} data-testid="open-data-panel">
            Données…
          </button>
        </>
      )}
      <button type="button" className="header-button" onClick={onWorkshopToggle} data-testid="workshop-toggle">
        {workshop ? 'Quitter l’atelier' : 'Mode atelier'}
      </button>
    </header>
  );
}
