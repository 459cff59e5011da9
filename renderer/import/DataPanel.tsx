// "Données" panel: the packs to switch between or delete, and the import of national files with a
// progress bar per file, cancellation, and the quality report. The desktop app imports through the
// host (native DuckDB in a utility process, packs as folders shown here); the browser through the
// DB worker (importer.ts).
import * as Comlink from 'comlink';
import { Fragment, useEffect, useMemo, useState } from 'react';
import type { ImportOutcome } from '../../common/host-api';
import type { ImportReport, SourceKind } from '../../common/pack';
import type { DbWorkerApi, PackSummary } from '../../workers/db/duckdb.worker';
import { formatInteger } from '../format';
import { host } from '../host';
import { chooseImporter } from './importer';

const KIND_LABELS: Partial<Record<SourceKind, string>> = {
  damir: 'Open DAMIR (mois)',
  rpps: 'RPPS (Personne_activite)',
  population: 'Population INSEE par âge',
  zonages: 'Zonages INSEE',
  temps: 'Temps de trajet',
  finess: 'Établissements (FINESS)',
  bpe: 'Équipements (BPE)',
  geometrie: 'Géométrie des communes (GeoJSON, Shapefile zippé)',
  cartosante: 'Indicateurs CartoSanté (bassins de vie)',
  'grille-perso': 'Maillage personnalisé (CPTS…)',
};

/** Recognises a national file by its name; the user can correct the guess. */
export function guessKind(name: string): SourceKind | '' {
  if (/^A\d{6}\.csv(\.gz)?$/i.test(name)) return 'damir';
  if (/PS_LibreAcces_Personne_activite/i.test(name)) return 'rpps';
  if (/TD_POP1B|base-cc|quinquennal|pop.*(age|sexe)|population/i.test(name)) return 'population';
  if (/cpts|maillage|perso/i.test(name)) return 'grille-perso';
  if (/zonage|appartenance|libell/i.test(name)) return 'zonages';
  if (/BPE/i.test(name)) return 'bpe';
  if (/cartosante/i.test(name)) return 'cartosante';
  if (/finess|gisco|etablissement|cs1100507/i.test(name)) return 'finess';
  if (/temps|distance|trajet/i.test(name)) return 'temps';
  if (/\.geojson(\.gz)?$|\.json(\.gz)?$|\.zip$/i.test(name)) return 'geometrie';
  return '';
}

interface Props {
  db: Comlink.Remote<DbWorkerApi>;
  activePackId: string;
  onUsePack(id: string): void;
  onClose(): void;
}

interface Progress {
  bytesRead: number;
  bytesTotal: number;
  rows: number;
}

export function DataPanel({ db, activePackId, onUsePack, onClose }: Props) {
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [files, setFiles] = useState<{ file: File; kind: SourceKind | '' }[]>([]);
  const [name, setName] = useState('mon-territoire');
  const [progress, setProgress] = useState<Record<string, Progress>>({});
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [packsFolder, setPacksFolder] = useState<string | null>(null);
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

  const addFiles = (list: FileList | null) => {
    if (!list) return;
    // Copy now: the FileList is emptied when the input is reset.
    const added = Array.from(list).map((file) => ({ file, kind: guessKind(file.name) }));
    setOutcome(null);
    setFiles((previous) => [...previous, ...added]);
  };

  const start = async () => {
    setRunning(true);
    setOutcome(null);
    setProgress({});
    const existing = packs.find((p) => p.id === name && !p.builtIn);
    const result = await importer.run(
      files.map((f) => ({ file: f.file, kind: f.kind as SourceKind })),
      // A new pack starts from the built-in reference (communes, zonings), not from the demo estimates.
      { id: name, label: `Paquet « ${name} »`, baseId: existing ? existing.id : 'reference-cog2025' },
      (event) => setProgress((p) => ({ ...p, [event.file]: event })),
    );
    setRunning(false);
    setOutcome(result);
    if (result.ok) {
      setFiles([]);
      await refresh();
    }
  };

  const validName = /^[a-z0-9][a-z0-9-]{0,39}$/.test(name) && !packs.some((p) => p.builtIn && p.id === name);
  const ready = files.length > 0 && files.every((f) => f.kind !== '') && validName && !running;

  return (
    <div className="data-panel" role="dialog" aria-label="Données et imports" data-testid="data-panel">
      <div className="data-panel-head">
        <h2>Données et imports</h2>
        <button type="button" onClick={onClose} aria-label="Fermer le panneau des données">
          Fermer
        </button>
      </div>

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
              {p.importedAt && <span className="pack-date">importé le {new Date(p.importedAt).toLocaleString('fr-FR')}</span>}
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
        <label
          className="drop-zone"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            addFiles(e.dataTransfer.files);
          }}
        >
          <span>Déposez ici les fichiers nationaux (Open DAMIR A*.csv.gz, RPPS, population INSEE, zonages…) ou </span>
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
              </tr>
            </thead>
            <tbody>
              {files.map((f, i) => {
                const p = progress[f.file.name];
                const percent = p && p.bytesTotal > 0 ? Math.round((p.bytesRead / p.bytesTotal) * 100) : 0;
                return (
                  <tr key={`${f.file.name}-${i}`}>
                    <td>{f.file.name}</td>
                    <td>
                      <select
                        value={f.kind}
                        aria-label={`Type du fichier ${f.file.name}`}
                        disabled={running}
                        onChange={(e) => setFiles((all) => all.map((x, j) => (j === i ? { ...x, kind: e.target.value as SourceKind } : x)))}
                      >
                        <option value="">— à préciser —</option>
                        {Object.entries(KIND_LABELS).map(([kind, label]) => (
                          <option key={kind} value={kind}>
                            {label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <progress max={100} value={percent} aria-label={`Progression de ${f.file.name}`} /> {percent} %
                      {p && <span className="rows"> · {formatInteger(p.rows)} lignes</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="import-actions">
          <label>
            Nom du paquet{' '}
            <input value={name} onChange={(e) => setName(e.target.value.toLowerCase())} disabled={running} aria-invalid={!validName} />
          </label>
          <button type="button" className="primary" disabled={!ready} onClick={start} data-testid="import-start">
            Importer
          </button>
          {running && (
            <button type="button" onClick={() => importer.cancel()} data-testid="import-cancel">
              Annuler
            </button>
          )}
          {files.length > 0 && !running && (
            <button type="button" onClick={() => setFiles([])}>
              Vider la liste
            </button>
          )}
        </div>
        {!validName && <p className="error">Nom : lettres minuscules, chiffres et tirets (40 au plus), autre que ceux des paquets intégrés.</p>}
        {running && <p aria-live="polite">Import en cours… la carte reste utilisable.</p>}
      </section>

      {outcome && <ImportResult outcome={outcome} onUse={() => outcome.packId && onUsePack(outcome.packId)} />}
    </div>
  );
}

function ImportResult({ outcome, onUse }: { outcome: ImportOutcome; onUse(): void }) {
  if (!outcome.ok) {
    return (
      <section className={outcome.cancelled ? 'import-result' : 'import-result error'} role="alert" data-testid="import-error">
        <h3>{outcome.cancelled ? 'Import annulé' : 'Import refusé'}</h3>
        <p>{outcome.message}</p>
        <p>Les paquets existants sont inchangés.</p>
      </section>
    );
  }
  return (
    <section className="import-result" data-testid="import-report">
      <h3>Rapport de qualité</h3>
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
                  <td>{KIND_LABELS[r.kind] ?? r.kind}</td>
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
      <button type="button" className="primary" onClick={onUse} data-testid="import-use">
        Utiliser ce paquet
      </button>
    </section>
  );
}
