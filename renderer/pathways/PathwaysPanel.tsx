// The « Parcours de soins » tab (issue 14 §1): the care programme (strata and acts per person per year,
// each with its source) edited in the side panel, and below the map the pathway need of every territory
// beside its age-based need and capacity. The programme is kept in the browser's storage between visits,
// and saved or opened as a versioned JSON file (the `pathways --parcours` CLI reads the same file).
import type * as Comlink from 'comlink';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { DbWorkerApi } from '../../common/worker-api';
import { SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import type { PathwayReport, PathwayTerritoryRow } from '../../workers/engine/pathway-report';
import { DEFAULT_PROGRAMME, PATHOLOGY_LABELS, parseProgramme, programmeSchema, type CareProgramme } from '../../workers/engine/pathways';
import { pathwayColumns, pathwayTotal, shownPathwayRows } from '../../workers/export/pathway-columns';
import { download } from '../export/ExportMenu';
import { formatDecimal, formatInteger, formatPercent } from '../../common/format-fr';
import { NumberField } from '../scenario/fields';
import type { GridCells } from '../../workers/db/grid-cells';
import type { PictureMode } from '../map/map-picture';
import { useWorkerQuery } from '../state/use-worker-query';
import { DataTable } from '../tables/DataTable';

const STORAGE_KEY = 'territoire-sante.parcours';

/**
 * The programme kept from the last visit: as it was left, even with strata that do not yet make 100 % (the
 * worker's check then says so on screen, rather than the edit being lost); the reference one otherwise.
 */
function storedProgramme(): CareProgramme {
  try {
    const text = globalThis.localStorage?.getItem(STORAGE_KEY);
    const kept = text ? programmeSchema.safeParse(JSON.parse(text)) : null;
    return kept?.success ? kept.data : DEFAULT_PROGRAMME;
  } catch {
    return DEFAULT_PROGRAMME;
  }
}

/** The programme being edited (kept in storage) and the pathway report of the view, from the worker. */
export function usePathways(db: Comlink.Remote<DbWorkerApi> | null, active: boolean, grid: string, departement: string | null, scenario: unknown | null) {
  const [programme, setProgrammeState] = useState<CareProgramme>(storedProgramme);
  const setProgramme = useCallback((next: CareProgramme) => {
    setProgrammeState(next);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Storage full or forbidden: the programme still applies for this visit.
    }
  }, []);
  const query = useWorkerQuery<PathwayReport | null>(
    () => (db && active ? db.pathways(grid, scenario, programme, departement) : null),
    [db, active, grid, departement, scenario, programme],
    { reset: 'whenIdle' },
  );
  return { programme, setProgramme, report: query.data, error: query.error, pending: query.pending };
}

export type PathwaysState = ReturnType<typeof usePathways>;



/** Classes of the share of capacity a programme takes: the map of the « Parcours de soins » tab. */
export const PROGRAMME_SHARE_BREAKS = [0.02, 0.05, 0.1, 0.2] as const;

/**
 * The map of the tab: per territory of the grid drawn (cells, by code), the share of the specialty's capacity the
 * programme would take; null when the specialty is not in the programme (the gap map is drawn instead).
 */
export function pathwayPicture(report: PathwayReport | null, cells: GridCells | null, specialty: Specialty): Extract<PictureMode, { kind: 'values' }> | null {
  const column = report?.specialties.indexOf(specialty) ?? -1;
  if (!report || !cells || column < 0 || report.grid !== cells.grid) return null;
  const byCode = new Map(report.territories.map((row) => [row.code, row.shareOfCapacity[column]]));
  return {
    kind: 'values',
    values: Float64Array.from(cells.codes, (code) => byCode.get(code) ?? Number.NaN),
    scale: { kind: 'share', breaks: PROGRAMME_SHARE_BREAKS },
    title: `Part de la capacité en ${SPECIALTY_LABELS[specialty].toLowerCase()} que prendrait le programme de parcours, par ${report.gridLabel.toLowerCase()}`,
    source: `programme « ${report.programme.name} » ; prévalence : ${report.source}`,
  };
}

/** Specialties the editor shows: those the reference programme or the edited one asks acts of. */
function editedSpecialties(programme: CareProgramme): Specialty[] {
  const used = (p: CareProgramme) => p.pathologies.flatMap((x) => x.strata.flatMap((s) => Object.keys(s.acts)));
  const ids = new Set([...used(DEFAULT_PROGRAMME), ...used(programme)]);
  return SPECIALTIES.filter((s) => ids.has(s));
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/^Error: /, '');

interface PanelProps {
  state: PathwaysState;
  /** Name of the active scenario, when there is one to evaluate the pathways with. */
  scenarioName: string | null;
  withScenario: boolean;
  onWithScenario(value: boolean): void;
  /** The map's specialty (the map shows the programme's share of its capacity). */
  specialty: Specialty;
}

export function PathwaysPanel({ state, scenarioName, withScenario, onWithScenario, specialty }: PanelProps) {
  const { programme, setProgramme, report, error } = state;
  const rows = useMemo(() => (report ? shownPathwayRows(report) : []), [report]);
  const specialties = useMemo(() => editedSpecialties(programme), [programme]);
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const isReference = JSON.stringify(programme) === JSON.stringify(DEFAULT_PROGRAMME);

  const edit = (pathology: number, stratum: number, change: (s: CareProgramme['pathologies'][number]['strata'][number]) => void) => {
    const next = structuredClone(programme);
    change(next.pathologies[pathology].strata[stratum]);
    if (next.name === DEFAULT_PROGRAMME.name) next.name = `${next.name} (modifié)`;
    setProgramme(next);
  };

  const open = async (file: File) => {
    try {
      setProgramme(parseProgramme(JSON.parse(await file.text())));
      setFileError(null);
    } catch (e) {
      setFileError(`« ${file.name} » : ${errorText(e)}`);
    }
  };

  return (
    <section className="pathways-panel" data-testid="pathways-panel">
      <h2>Parcours de soins</h2>
      <p className="note">
        Personnes traitées pour un diabète ou une insuffisance cardiaque (prévalence du département par âge × population de la commune par âge), réparties en strates ;
        chaque strate a un programme de suivi en actes par personne et par an. Le besoin du programme est comparé à la capacité des médecins installés.
      </p>
      {report && (
        <p className="source" data-testid="pathways-source">
          Prévalence : {report.source}
          {report.years ? ` (${report.years})` : ''}.
        </p>
      )}
      {report?.gaps.map((gap) => (
        <p key={gap} className="warning" role="status">
          {gap}
        </p>
      ))}
      {scenarioName && (
        <label className="checkbox">
          <input type="checkbox" checked={withScenario} onChange={(e) => onWithScenario(e.target.checked)} /> Avec le scénario « {scenarioName} » (population et offre après ses leviers)
        </label>
      )}
      {error !== null && (
        <p className="error" role="alert" data-testid="pathways-error">
          {errorText(error)}
        </p>
      )}
      {report && (
        <div className="pathways-summary" data-testid="pathways-summary">
          <p className="note">{report.touching ? 'Territoires qui touchent le département choisi' : 'France entière'} ({report.gridLabel.toLowerCase()}) :</p>
          {report.pathologies.map((p, i) => (
            <p key={p.id}>
              <strong>{formatInteger(rows.reduce((t, r) => t + r.people[i], 0))}</strong> personnes traitées pour {p.label.toLowerCase()}
            </p>
          ))}
          <p>
            <strong>{formatInteger(report.notDeliverable)}</strong> territoire{report.notDeliverable > 1 ? 's' : ''} sur {formatInteger(rows.length)} ne peu
            {report.notDeliverable > 1 ? 'vent' : 't'} pas assurer tout le programme avec l’offre qui reste après le besoin actuel.
          </p>
          <p className="note">
            Le recours actuel (Open DAMIR) contient déjà une partie de ces suivis : « non réalisable » est une lecture prudente.
          </p>
          <p className="note" data-testid="pathways-map-note">
            {report.specialties.includes(specialty)
              ? `La carte montre la part de la capacité en ${SPECIALTY_LABELS[specialty].toLowerCase()} que prendrait le programme.`
              : `La carte montre l’écart de la spécialité choisie : choisissez ${report.specialties.map((s) => SPECIALTY_LABELS[s].toLowerCase()).join(', ')} pour voir la part de la capacité que prendrait le programme.`}
          </p>
        </div>
      )}

      <h3>
        Programme : {programme.name}
      </h3>
      {programme.pathologies.map((pathology, p) => (
        <fieldset key={pathology.id} className="pathway-programme">
          <legend>{PATHOLOGY_LABELS[pathology.id]}</legend>
          {pathology.strata.map((stratum, s) => (
            <div key={stratum.id} className="pathway-stratum" data-testid={`stratum-${pathology.id}-${stratum.id}`}>
              <h4>{stratum.label}</h4>
              <NumberField label="Part des personnes" unit="%" percent min={0} max={1} value={stratum.share} onChange={(v) =>
                  edit(p, s, (x) => {
                    x.share = v;
                    x.shareSource = 'valeur saisie par l’utilisateur';
                  })
                }
              />
              <p className="source">{stratum.shareSource}</p>
              {specialties.map((specialty) => (
                <div key={specialty}>
                  <NumberField
                    label={`${SPECIALTY_LABELS[specialty]} — actes par personne et par an`}
                    min={0}
                    max={52}
                    value={stratum.acts[specialty] ?? 0}
                    onChange={(v) =>
                      edit(p, s, (x) => {
                        x.acts[specialty] = v;
                        x.actsSource[specialty] = 'valeur saisie par l’utilisateur';
                      })
                    }
                  />
                  {stratum.actsSource[specialty] && <p className="source">{stratum.actsSource[specialty]}</p>}
                </div>
              ))}
            </div>
          ))}
          <p className="note">
            Total des strates : {formatPercent(pathology.strata.reduce((t, x) => t + x.share, 0), 1)} (doit faire 100 %).
          </p>
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" disabled={isReference} onClick={() => setProgramme(DEFAULT_PROGRAMME)}>
          Revenir au programme de référence
        </button>
        <button type="button" onClick={() => download(`${JSON.stringify(programme, null, 2)}\n`, 'programme-parcours.json', 'application/json')} data-testid="pathways-save">
          Enregistrer le programme (JSON)
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Ouvrir un programme…
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={(e) => e.target.files?.[0] && void open(e.target.files[0])} />
      </div>
      {fileError && (
        <p className="error" role="alert">
          {fileError}
        </p>
      )}
      <p className="note">
        Fréquences : suivi minimal des guides de parcours de la HAS ; parts des strates : hypothèses à remplacer par celles du territoire. Une fréquence
        {' '}de {formatDecimal(0.5)} acte par an = un acte tous les deux ans.
      </p>
    </section>
  );
}

interface TableProps {
  report: PathwayReport | null;
  selectedCode: string | null;
  onSelect(code: string): void;
}

/** The pathway table below the map: one row per territory, total of the rows shown. */
export function PathwayTableArea({ report, selectedCode, onSelect }: TableProps) {
  const columns = useMemo(() => (report ? pathwayColumns(report) : []), [report]);
  const rows = useMemo(() => (report ? shownPathwayRows(report) : []), [report]);
  const totalOf = useCallback((rows: PathwayTerritoryRow[]) => pathwayTotal(report!, rows), [report]);
  if (!report) {
    return (
      <section className="table-area" data-testid="pathways-table">
        <p className="hint">Le paquet actif n’a pas de prévalence des pathologies : importez le fichier « effectifs » de la Cartographie des pathologies (écran Données).</p>
      </section>
    );
  }
  return (
    <section className="table-area" data-testid="pathways-table">
      <DataTable
        caption={`Besoin des parcours de soins par ${report.gridLabel.toLowerCase()}${report.touching ? ' — territoires touchant le département choisi' : ' — France entière'} — ${report.programme.name}`}
        columns={columns}
        rows={rows}
        totalOf={totalOf}
        codeOf={(row) => row.code}
        selectedCode={selectedCode}
        onSelect={onSelect}
      />
    </section>
  );
}
