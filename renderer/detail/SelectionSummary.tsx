// The Diagnostic tab's side card: the selected territory, its population, communes and gap.
import type { GridCells } from '../../workers/db/grid-cells';
import { SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import { formatFte, formatInteger } from '../format';

interface Props {
  selectedCode: string | null;
  cells: GridCells | null;
  /** Cell of the selected territory in `cells`, -1 for none. */
  selectedCell: number;
  gridLabel: string;
  specialty: Specialty;
  /** The selected territory's gap in FTE for the specialty, or null when no figures. */
  gapFte: number | null;
}

export function SelectionSummary({ selectedCode, cells, selectedCell, gridLabel, specialty, gapFte }: Props) {
  return (
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
          {gapFte !== null && (
            <>
              <dt>Écart {SPECIALTY_LABELS[specialty].toLowerCase()}</dt>
              <dd>{formatFte(gapFte)} ETP</dd>
            </>
          )}
        </dl>
      ) : (
        <p className="hint">Cliquez sur la carte ou sur une ligne du tableau pour afficher un territoire.</p>
      )}
    </section>
  );
}
