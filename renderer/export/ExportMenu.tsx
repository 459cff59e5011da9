// Exports of what is on screen: the table as CSV (French Excel) or XLSX, the territories with their
// indicators as GeoJSON, the map as PNG with its title and legend, and the printable report. Files
// are built in the DB worker with the same code as the CLI `export` command; the page downloads them.
// File names carry the scenario and the specialty (file-name.ts); the table files hold the specialty
// the table shows (all nine when the table shows « toutes spécialités »).
import type * as Comlink from 'comlink';
import { useState } from 'react';
import { formatDate } from '../../common/format-fr';
import type { PackManifest } from '../../common/pack';
import type { ExportFormat } from '../../workers/db/exports';
import type { DbWorkerApi } from '../../common/worker-api';
import type { Specialty } from '../../workers/engine/domain';
import type { AlertThresholds } from '../../workers/engine/alerts';
import type { TableScope } from '../../workers/export/columns';
import type { Rgb } from '../map/classes';
import { exportFileName, scenarioNameOf } from './file-name';
import { composeMapPng } from './map-png';

interface Props {
  db: Comlink.Remote<DbWorkerApi>;
  grid: string;
  specialty: Specialty;
  departement: string | null;
  target: unknown | null;
  reference: unknown | null;
  /** What the table shows: the files keep the chosen specialty, or the nine with « all ». Default: the specialty. */
  tableScope?: TableScope;
  mapTitle: string;
  legend: { labels: string[]; palette: Rgb[] } | null;
  provenance: PackManifest;
  capture(): HTMLCanvasElement | null;
  /** Follow-up over time: pack A compared with the active pack (the files show the pack comparison). */
  comparePack?: string | null;
  /** The view's alert thresholds (a column « Alerte », a section « Alertes » in the report). */
  alerts?: AlertThresholds | null;
  /** From the « Parcours de soins » tab: the programme edited there (the report adds its section). */
  pathways?: { programme: unknown | null } | null;
}

const FORMATS: { id: ExportFormat | 'png'; label: string; extension: string; mime: string }[] = [
  { id: 'csv', label: 'Tableau CSV (Excel)', extension: 'csv', mime: 'text/csv;charset=utf-8' },
  { id: 'xlsx', label: 'Classeur XLSX', extension: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { id: 'geojson', label: 'GeoJSON (territoires et indicateurs)', extension: 'geojson', mime: 'application/geo+json' },
  { id: 'png', label: 'Image PNG de la carte', extension: 'png', mime: 'image/png' },
  { id: 'html', label: 'Rapport imprimable (HTML, PDF)', extension: 'html', mime: 'text/html;charset=utf-8' },
];

/** Downloads bytes under a file name (an <a download> works in Electron and in browsers, offline). */
export function download(bytes: BlobPart, name: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportMenu(props: Props) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  // The difference table always shows one specialty; the diagnostic table one or the nine.
  const allSpecialties = props.tableScope === 'all' && props.target === null && !props.comparePack;
  const nameOf = (extension: string, specialty: Specialty | null) =>
    exportFileName({ scenario: scenarioNameOf(props.target), reference: scenarioNameOf(props.reference), specialty, grid: props.grid, departement: props.departement, extension });

  const run = async (format: (typeof FORMATS)[number]) => {
    setBusy(format.label);
    setMessage(null);
    try {
      const mapPng = format.id === 'png' || format.id === 'html' ? await mapImage() : null;
      if (format.id === 'png') {
        if (!mapPng) throw new Error('la carte n’est pas encore dessinée');
        download(mapPng.bytes as BlobPart, nameOf(format.extension, props.specialty), format.mime);
      } else {
        const file = await props.db.exportFile(format.id, {
          grid: props.grid,
          specialty: props.specialty,
          departement: props.departement,
          target: props.target,
          reference: props.reference,
          specialties: allSpecialties ? null : [props.specialty],
          mapPngDataUrl: mapPng?.dataUrl ?? null,
          comparePack: props.comparePack ?? null,
          alerts: props.alerts ?? null,
          pathways: props.pathways ?? null,
        });
        // The map (PNG, report) is of one specialty; the tables are of the nine with « toutes spécialités ».
        const fileSpecialty = allSpecialties && format.id !== 'html' ? null : props.specialty;
        download(file as BlobPart, nameOf(format.extension, fileSpecialty), format.mime);
      }
      setMessage(`${format.label} : fichier prêt.`);
      setOpen(false);
    } catch (error) {
      setMessage(`Export impossible (${format.label}) : ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(null);
    }
  };

  const mapImage = async () => {
    const canvas = props.capture();
    if (!canvas || !props.legend) return null;
    return composeMapPng(canvas, {
      title: props.mapTitle,
      legend: props.legend,
      footer: `${props.provenance.demo ? 'Estimation de démonstration — ' : ''}${props.provenance.label} — Territoire Santé, ${formatDate(new Date())}`,
    });
  };

  return (
    <div
      className="export-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <button type="button" className="header-button" aria-expanded={open} onClick={() => setOpen((v) => !v)} data-testid="export-button">
        Exporter…
      </button>
      {open && (
        <div className="export-list" role="group" aria-label="Exporter">
          {FORMATS.map((format) => (
            <button key={format.id} type="button" disabled={busy !== null} onClick={() => void run(format)} data-testid={`export-${format.id}`}>
              {format.label}
            </button>
          ))}
        </div>
      )}
      {(busy || message) && (
        <span className="export-status" role="status" data-testid="export-status">
          {busy ? `Préparation : ${busy}…` : message}
        </span>
      )}
    </div>
  );
}
