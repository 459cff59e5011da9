// What the page shows about the active pack beside its figures: its custom grids (into the view store, where
// a custom grid of the previous pack falls back to the default grid), its département names (so that
// « Meuse » can be typed in the département field) and its import date (imported packs only).
import type * as Comlink from 'comlink';
import { useEffect, type Dispatch } from 'react';
import type { DbWorkerApi } from '../../common/worker-api';
import { useWorkerQuery } from './use-worker-query';
import type { ViewAction } from './view-store';

/** The import date (ISO) of the active pack when the user imported it, else null. */
export function usePackInfo(pack: { db: Comlink.Remote<DbWorkerApi>; packId: string } | null, view: Dispatch<ViewAction>): string | null {
  useEffect(() => {
    if (!pack) return;
    pack.db
      .customGrids()
      .then((grids) => view({ type: 'customGridsLoaded', grids }))
      .catch(() => view({ type: 'customGridsLoaded', grids: [] }));
    pack.db
      .gridCells('DEP')
      .then((cells) => view({ type: 'departementNamesLoaded', names: cells.codes.map((code, i) => ({ code, label: cells.labels[i] })) }))
      .catch(() => view({ type: 'departementNamesLoaded', names: [] }));
  }, [pack, view]);
  const importedAt = useWorkerQuery(() => pack && pack.db.listPacks().then((packs) => packs.find((p) => p.id === pack.packId)?.importedAt ?? null), [pack]);
  return importedAt.error ? null : importedAt.data;
}
