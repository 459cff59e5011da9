// "Données" panel: the packs to switch between or delete, and the import of national files — where to
// get each one (SourcesGuide), the list of files with their kind and a « Retirer » button each, where
// the import goes (import-plan.ts: the active pack completed, or a new pack, with a warning when it
// would lack health data), why « Importer » is disabled, a progress bar per file, cancellation, and
// the outcome at the top of the panel. Escape closes it (App's shortcut handler). The desktop app imports through the host
// (native DuckDB in a utility process, packs as folders shown here); the browser through the DB
// worker (importer.ts).
import * as Comlink from 'comlink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDateTime } from '../../common/format-fr';
import type { ImportOutcome } from '../../common/host-api';
import type { SourceKind } from '../../common/pack';
import type { DbWorkerApi, PackSummary } from '../../common/worker-api';
import { formatInteger } from '../format';
import { host } from '../host';
import { planImport, quotedPackLabel, type Destination } from './import-plan';
import { ImportResult } from './ImportResult';
import { chooseImporter } from './importer';
import { SourcesGuide } from './SourcesGuide';
import { SOURCE_GUIDES, damirTimeHint, guessKind, sourceGuide } from './sources-guide';

export { guessKind };

interface Props {
  db: Comlink.Remote<DbWorkerApi>;
  activePackId: string;
  onUsePack(id: string): void | Promise<void>;
  onClose(): void;
}

interface Progress {
  bytesRead: number;
  bytesTotal: number;
  rows: number;
}

interface Listed {
  /** Stable key: a file can be listed twice under the same name (two folders). */
  id: number;
  file: File;
  kind: SourceKind | '';
}

let nextFileId = 1;

export function DataPanel({ db, activePackId, onUsePack, onClose }: Props) {
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [files, setFiles] = useState<Listed[]>([]);
  const [name, setName] = useState('mon-territoire');
  const [destination, setDestination] = useState<Destination | null>(null);
  const [progress, setProgress] = useState<Record<string, Progress>>({});
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<{ result: ImportOutcome; activeReloaded: boolean } | null>(null);
  const [packsFolder, setPacksFolder] = useState<string | null>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const importer = useMemo(
    () =>
      chooseImporter(host, {
        native: false,
        run: (list, target, onProgress) => db.importFiles(list, target, Comlink.proxy(onProgress)),
        cancel: () => void db.cancelImport(),
      }),
    [db],
  );

  const refresh = () => db.listPacks().then(setPacks);
  useEffect(() => {
    db.listPacks().then(setPacks);
    host.packsFolder?.().then(setPacksFolder, () => setPacksFolder(null));
  }, [db]);

  // The outcome is at the top of the panel: bring it into view whatever the user had scrolled to.
  useEffect(() => {
    if (outcome && panelRef.current) panelRef.current.scrollTop = 0;
  }, [outcome]);

  const addFiles = (list: FileList | null) => {
    if (!list) return;
    // Copy now: the FileList is emptied when the input is reset.
    const added = Array.from(list).map((file) => ({ id: nextFileId++, file, kind: guessKind(file.name) }));
    setOutcome(null);
    setFiles((previous) => [...previous, ...added]);
  };
  const removeFile = (id: number) => {
    setFiles((all) => all.filter((f) => f.id !== id));
    setOutcome(null);
  };
  const clearFiles = () => {
    setFiles([]);
    setDestination(null);
    setOutcome(null);
  };

  const plan = planImport({
    files: files.map((f) => ({ name: f.file.name, kind: f.kind })),
    name,
    packs,
    activePackId,
    destination,
    running,
  });
  const activeLabel = quotedPackLabel(packs.find((p) => p.id === activePackId)?.label ?? activePackId);
  const damirMonths = files.filter((f) => f.kind === 'damir').length;
  const timeHint = damirTimeHint(damirMonths, importer.native);

  const start = async () => {
    if (!plan.target || plan.blocked) return;
    const { target, updatesActive } = plan;
    setRunning(true);
    setOutcome(null);
    setProgress({});
    const result = await importer.run(
      files.map((f) => ({ file: f.file, kind: f.kind as SourceKind })),
      target,
      (event) => setProgress((p) => ({ ...p, [event.file]: event })),
    );
    // The pack on screen was rewritten: reopen it so that the map and the table show what was added.
    if (result.ok && updatesActive) await onUsePack(target.id);
    setRunning(false);
    setOutcome({ result, activeReloaded: result.ok && updatesActive });
    if (result.ok) {
      setFiles([]);
      setDestination(null);
      await refresh();
    }
  };

  return (
    <div className="data-panel" role="dialog" aria-label="Données et imports" data-testid="data-panel" ref={panelRef}>
      <div className="data-panel-head">
        <h2>Données et imports</h2>
        <button type="button" onClick={onClose} aria-label="Fermer le panneau des données" title="Fermer (Échap)">
          Fermer
        </button>
      </div>

      {outcome && (
        <ImportResult
          outcome={outcome.result}
          activeReloaded={outcome.activeReloaded}
          onUse={() => outcome.result.packId && onUsePack(outcome.result.packId)}
          onDismiss={() => setOutcome(null)}
        />
      )}

      <section>
        <h3>Paquets de données</h3>
        {packsFolder && (
          <p className="packs-folder" data-testid="packs-folder">
            Paquets importés : dossier « {packsFolder} » (chaque paquet est un dossier à copier ou envoyer tel quel).{' '}
            {host.openPacksFolder && (
              <button type="button" onClick={() => host.openPacksFolder?.().catch((e: unknown) => window.alert(e instanceof Error ? e.message : String(e)))}>
                Ouvrir le dossier
              </button>
            )}
          </p>
        )}
        <ul className="pack-list" data-testid="pack-list">
          {packs.map((p) => (
            <li key={p.id}>
              <span className="pack-label">
                {p.label}
                {p.builtIn && <em> (intégré)</em>}
                {p.id === activePackId && <strong> — actif</strong>}
              </span>
              {p.importedAt && <span className="pack-date">importé le {formatDateTime(p.importedAt)}</span>}
              <span className="pack-actions">
                <button type="button" disabled={p.id === activePackId} onClick={() => onUsePack(p.id)}>
                  Utiliser
                </button>
                {!p.builtIn && (
                  <button
                    type="button"
                    disabled={p.id === activePackId}
                    onClick={async () => {
                      if (window.confirm(`Supprimer le paquet « ${p.label} » ?`)) {
                        await db.deletePack(p.id);
                        await refresh();
                      }
                    }}
                  >
                    Supprimer
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h3>Importer des fichiers nationaux</h3>
        <SourcesGuide open={files.length === 0} desktop={importer.native} />
        <label
          className="drop-zone"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            addFiles(e.dataTransfer.files);
          }}
        >
          <span>Déposez ici les fichiers téléchargés (Open DAMIR A*.csv.gz, zip RPPS, population INSEE, zonages, périmètres CPTS…) ou </span>
          <span className="file-button">Choisir des fichiers…</span>
          {/* The native input stays for keyboard and tests; its label would follow the browser's language. */}
          <input
            type="file"
            multiple
            className="visually-hidden"
            data-testid="import-files"
            onChange={(e) => {
              addFiles(e.target.files);
              e.target.value = '';
            }}
            disabled={running}
          />
        </label>
        {files.length > 0 && (
          <table className="import-files">
            <thead>
              <tr>
                <th>Fichier</th>
                <th>Type</th>
                <th>Progression</th>
                <th>
                  <span className="visually-hidden">Retirer</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => {
                const p = progress[f.file.name];
                const percent = p && p.bytesTotal > 0 ? Math.round((p.bytesRead / p.bytesTotal) * 100) : 0;
                return (
                  <tr key={f.id} className={f.kind === '' ? 'unknown-kind' : undefined}>
                    <td>
                      {f.file.name}
                      {f.kind !== '' && <div className="file-hint">{sourceGuide(f.kind).required ? 'obligatoire' : 'facultatif'} · {sourceGuide(f.kind).use}</div>}
                      {f.kind === '' && <div className="file-hint error">Type non reconnu d’après le nom : choisissez-le.</div>}
                    </td>
                    <td>
                      <select
                        value={f.kind}
                        aria-label={`Type du fichier ${f.file.name}`}
                        aria-invalid={f.kind === ''}
                        disabled={running}
                        onChange={(e) => setFiles((all) => all.map((x) => (x.id === f.id ? { ...x, kind: e.target.value as SourceKind | '' } : x)))}
                      >
                        <option value="">— à préciser —</option>
                        {SOURCE_GUIDES.map((g) => (
                          <option key={g.kind} value={g.kind}>
                            {g.label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <progress max={100} value={percent} aria-label={`Progression de ${f.file.name}`} /> {percent} %
                      {p && <span className="rows"> · {formatInteger(p.rows)} lignes</span>}
                    </td>
                    <td>
                      <button type="button" onClick={() => removeFile(f.id)} disabled={running} aria-label={`Retirer ${f.file.name} de la liste`}>
                        Retirer
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {timeHint && <p className="time-hint">{timeHint}</p>}

        {files.length > 0 && (
          <fieldset className="import-destination" disabled={running}>
            <legend>Où importer</legend>
            <label>
              <input type="radio" name="import-destination" checked={plan.destination === 'active'} onChange={() => setDestination('active')} data-testid="destination-active" />{' '}
              Compléter le paquet actif : {activeLabel}
            </label>
            <label>
              <input type="radio" name="import-destination" checked={plan.destination === 'new'} onChange={() => setDestination('new')} data-testid="destination-new" /> Nouveau
              paquet (ou paquet importé du même nom, mis à jour)
            </label>
            <p className="destination-summary" data-testid="import-summary">
              {plan.summary}
            </p>
            {plan.warning && (
              <p className="import-warning" role="note" data-testid="import-warning">
                {plan.warning}
              </p>
            )}
          </fieldset>
        )}

        <div className="import-actions">
          {!(plan.target && plan.updatesActive && plan.destination === 'active') && (
            <label>
              Nom du paquet{' '}
              <input value={name} onChange={(e) => setName(e.target.value.toLowerCase())} disabled={running} aria-invalid={!!plan.blocked && plan.blocked.includes('Nom du paquet')} />
            </label>
          )}
          <button type="button" className="primary" disabled={!!plan.blocked} onClick={start} data-testid="import-start" aria-describedby="import-blocked">
            Importer
          </button>
          {running && (
            <button type="button" onClick={() => importer.cancel()} data-testid="import-cancel">
              Annuler
            </button>
          )}
          {files.length > 0 && !running && (
            <button type="button" onClick={clearFiles}>
              Vider la liste
            </button>
          )}
        </div>
        {plan.blocked && !running && (
          <p id="import-blocked" className={files.length > 0 ? 'import-blocked error' : 'import-blocked'} data-testid="import-blocked">
            {plan.blocked}
          </p>
        )}
        {running && <p aria-live="polite">Import en cours… la carte reste utilisable.</p>}
      </section>

    </div>
  );
}
