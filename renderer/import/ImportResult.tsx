// The outcome of an import in the data panel: the refusal (French message, packs unchanged) or the
// quality report per file. Shown at the top of the panel and scrolled into view by DataPanel.
import { Fragment } from 'react';
import type { ImportOutcome } from '../../common/host-api';
import type { ImportReport } from '../../common/pack';
import { formatInteger } from '../format';
import { kindLabel } from './sources-guide';

interface Props {
  outcome: ImportOutcome;
  /** True when the import rewrote the active pack, which the panel has reopened: no « Utiliser » then. */
  activeReloaded: boolean;
  onUse(): void;
  onDismiss(): void;
}

export function ImportResult({ outcome, activeReloaded, onUse, onDismiss }: Props) {
  const dismiss = (
    <button type="button" className="result-dismiss" onClick={onDismiss} aria-label="Masquer ce résultat">
      Masquer
    </button>
  );
  if (!outcome.ok) {
    return (
      <section className={outcome.cancelled ? 'import-result' : 'import-result error'} role="alert" data-testid="import-error">
        <h3>{outcome.cancelled ? 'Import annulé' : 'Import refusé'}</h3>
        <p>{outcome.message}</p>
        <p>Les paquets existants sont inchangés. Les fichiers restent dans la liste ci-dessous : corrigez ou retirez celui qui est en cause, puis relancez.</p>
        {dismiss}
      </section>
    );
  }
  return (
    <section className="import-result" data-testid="import-report">
      <h3>{activeReloaded ? 'Paquet actif complété — rapport de qualité' : 'Import réussi — rapport de qualité'}</h3>
      {activeReloaded && <p data-testid="import-active-reloaded">Le paquet actif a été complété et rouvert : la carte et le tableau montrent déjà ses nouvelles données.</p>}
      <table>
        <thead>
          <tr>
            <th>Fichier</th>
            <th>Source</th>
            <th>Lignes lues</th>
            <th>Retenues</th>
          </tr>
        </thead>
        <tbody>
          {outcome.reports!.map((r: ImportReport) => {
            const details = [...Object.entries(r.rejected), ...Object.entries(r.unknownCodes)];
            return (
              <Fragment key={r.file}>
                <tr>
                  <td>{r.file}</td>
                  <td>{kindLabel(r.kind)}</td>
                  <td className="number">{formatInteger(r.rowsRead)}</td>
                  <td className="number">{formatInteger(r.rowsKept)}</td>
                </tr>
                {(details.length > 0 || r.notes.length > 0) && (
                  <tr className="details">
                    <td colSpan={4}>
                      {details.map(([reason, n]) => (
                        <div key={reason}>
                          {reason} : {formatInteger(n)}
                        </div>
                      ))}
                      {r.notes.map((note) => (
                        <div key={note} className="note">
                          {note}
                        </div>
                      ))}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {outcome.warnings && outcome.warnings.length > 0 && (
        <ul className="warnings">
          {outcome.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="import-actions">
        {!activeReloaded && (
          <button type="button" className="primary" onClick={onUse} data-testid="import-use">
            Utiliser ce paquet
          </button>
        )}
        {dismiss}
      </div>
    </section>
  );
}
