// Scenario editor: the scenarios of the session (create, rename, duplicate, delete, open, save), the
// levers of the active one (add by search or map pick, edit, toggle, remove), the model parameters,
// and undo/redo. Results are recomputed in the worker by the parent as the scenario changes.
import { useState } from 'react';
import type { OpenedScenarioFile, RecentScenarioFile } from '../../common/host-api';
import { SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import type { ProductivityInUse } from '../../workers/engine/productivity';
import type { HorizonOptions } from '../../workers/engine/horizon';
import type { Lever, LeverKind, ScenarioDocument } from '../../workers/engine/scenario';
import { CommuneSearch, type CommuneIndex } from './CommuneSearch';
import { HorizonDialog } from './HorizonDialog';
import { LeverForm } from './LeverForm';
import { ParametersEditor } from './ParametersEditor';
import { SecondarySiteForm, secondarySiteLever, type SecondarySiteDraft, type SiteField } from './SecondarySiteFields';
import { describeLever, type LeverNamer } from '../../workers/export/context';
import { LEVER_KINDS, leverKindLabel, newLever, territoryLabel } from './levers';
import { activeEntry, isDirty, nextLeverId, uniqueName, type Action, type History } from './workspace';

/**
 * What a map click is for while a lever is being placed. A secondary site is a draft filled field by
 * field (search or map): its communes by INSEE code, and `target`, the field the next map click fills.
 */
export interface PendingPick extends Partial<Omit<SecondarySiteDraft, 'specialty'>> {
  kind: LeverKind;
  specialty: Specialty;
  target?: SiteField;
}

interface Props {
  history: History;
  dispatch(action: Action | { type: 'undo' } | { type: 'redo' }): void;
  communes: CommuneIndex;
  /** Territory (code, label) of a commune feature in the current grid, for territory levers. */
  territoryOf(feature: number): { grid: string; code: string; label: string } | null;
  problems: string[];
  warnings: string[];
  pending: PendingPick | null;
  setPending(pick: PendingPick | null): void;
  /** Places the pending lever (or `pick`, when none is pending yet) at a commune feature (also called by the map). */
  placeAt(feature: number, pick?: PendingPick): void;
  specialty: Specialty;
  recentFiles: RecentScenarioFile[];
  onNew(): void;
  onOpen(): void;
  onOpenRecent(id: string): void;
  onSave(saveAs: boolean): void;
  onExample(name: string): void;
  examples: string[];
  fileMessage: { text: string; backup?: OpenedScenarioFile } | null;
  onOpenBackup(file: OpenedScenarioFile): void;
  /** Productivity the computation uses for the active scenario (IndicatorsResult.productivity); null while computing. */
  productivity?: ProductivityInUse[] | null;
  /** Builds the « laisser-faire » scenario of the active pack (the DB worker); absent: no button. */
  buildLaisserFaire?(options: HorizonOptions): Promise<ScenarioDocument>;
}

export function ScenarioPanel(props: Props) {
  const { history, dispatch, communes } = props;
  const entry = activeEntry(history.present);
  const [editing, setEditing] = useState<string | null>(null);
  const [kind, setKind] = useState<LeverKind>('msp');
  const [horizonOpen, setHorizonOpen] = useState(false);
  const communeName = (code: string) => {
    const i = communes.codes.indexOf(code);
    return i < 0 ? code : `${communes.names[i]} (${code})`;
  };
  // Territories of the map's grid are named by their label (« CA Bar-le-Duc Sud Meuse »), not their code.
  let gridLabels: Map<string, string> | null = null;
  const territoryName = (grid: string, code: string): string => {
    const own = territoryLabel(grid, code, communes, true);
    if (grid === 'COM' || grid === 'BV2022') return own;
    if (!gridLabels) {
      gridLabels = new Map();
      for (let f = 0; f < communes.codes.length; f++) {
        const t = props.territoryOf(f);
        if (t && !gridLabels.has(`${t.grid}:${t.code}`)) gridLabels.set(`${t.grid}:${t.code}`, t.label);
      }
    }
    const label = gridLabels.get(`${grid}:${code}`);
    return label && label !== code ? `${label} (${own})` : own;
  };
  const names: LeverNamer = { commune: communeName, territory: territoryName };
  const draft: PendingPick = props.pending?.kind === 'secondarySite' ? props.pending : { kind: 'secondarySite', specialty: props.specialty };

  return (
    <section className="scenario-panel" aria-label="Scénarios" data-testid="scenario-panel">
      <div className="toolbar" role="toolbar" aria-label="Fichiers de scénario">
        <button type="button" onClick={props.onNew} data-testid="scenario-new">
          Nouveau
        </button>
        <button type="button" onClick={props.onOpen} data-testid="scenario-open">
          Ouvrir…
        </button>
        {props.buildLaisserFaire && (
          <button type="button" onClick={() => setHorizonOpen(!horizonOpen)} aria-expanded={horizonOpen} data-testid="horizon-open">
            Laisser-faire à l’horizon…
          </button>
        )}
        <button type="button" onClick={() => props.onSave(false)} disabled={!entry} data-testid="scenario-save">
          Enregistrer
        </button>
        <button type="button" onClick={() => props.onSave(true)} disabled={!entry}>
          Enregistrer sous…
        </button>
        <button type="button" onClick={() => dispatch({ type: 'undo' })} disabled={history.past.length === 0} title="Annuler (Ctrl+Z)" data-testid="undo">
          Annuler
        </button>
        <button type="button" onClick={() => dispatch({ type: 'redo' })} disabled={history.future.length === 0} title="Rétablir (Ctrl+Y)" data-testid="redo">
          Rétablir
        </button>
      </div>
      {horizonOpen && props.buildLaisserFaire && (
        <HorizonDialog
          build={props.buildLaisserFaire}
          onBuilt={(scenario) => {
            dispatch({ type: 'add', scenario: { ...scenario, name: uniqueName(history.present, scenario.name) } });
            setHorizonOpen(false);
          }}
          onClose={() => setHorizonOpen(false)}
        />
      )}
      {props.fileMessage && (
        <div className="message" role="alert" data-testid="file-message">
          <p>{props.fileMessage.text}</p>
          {props.fileMessage.backup && (
            <button type="button" onClick={() => props.onOpenBackup(props.fileMessage!.backup!)}>
              Ouvrir la sauvegarde précédente
            </button>
          )}
        </div>
      )}
      <details className="examples">
        <summary>Exemples et fichiers récents</summary>
        <ul>
          {props.examples.map((name) => (
            <li key={name}>
              <button type="button" className="link" onClick={() => props.onExample(name)}>
                {name}
              </button>
            </li>
          ))}
          {props.recentFiles.map((file) => (
            <li key={file.id}>
              <button type="button" className="link" onClick={() => props.onOpenRecent(file.id)} title={file.id}>
                {file.name}
              </button>
            </li>
          ))}
        </ul>
      </details>

      {history.present.entries.length > 0 && (
        <ul className="scenario-list" aria-label="Scénarios de la session">
          {history.present.entries.map((e) => (
            <li key={e.key} className={e.key === history.present.activeKey ? 'active' : ''}>
              <button type="button" className="link" onClick={() => dispatch({ type: 'select', key: e.key })} aria-current={e.key === history.present.activeKey}>
                {e.scenario.name}
                {isDirty(e) ? ' •' : ''}
              </button>
            </li>
          ))}
        </ul>
      )}

      {entry && (
        <>
          <label className="field">
            <span>Nom du scénario</span>
            <input
              type="text"
              value={entry.scenario.name}
              onChange={(e) => dispatch({ type: 'rename', key: entry.key, name: e.target.value })}
              data-testid="scenario-name"
            />
          </label>
          <div className="toolbar">
            <button type="button" onClick={() => dispatch({ type: 'duplicate', key: entry.key })} data-testid="scenario-duplicate">
              Dupliquer
            </button>
            <button
              type="button"
              onClick={() => {
                if (!isDirty(entry) || window.confirm(`Supprimer « ${entry.scenario.name} » de la session ? Les modifications non enregistrées seront perdues.`)) {
                  dispatch({ type: 'delete', key: entry.key });
                }
              }}
              data-testid="scenario-delete"
            >
              Supprimer
            </button>
            {entry.file && <span className="note">Fichier : {entry.file.name}</span>}
          </div>

          {props.problems.length > 0 && (
            <div className="message error" role="alert" data-testid="scenario-problems">
              <p>Scénario non appliqué :</p>
              <ul>
                {props.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          {props.warnings.length > 0 && (
            <ul className="note">
              {props.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}

          <h2>Leviers</h2>
          {entry.scenario.levers.length === 0 && <p className="hint">Aucun levier : ajoutez-en un ci-dessous.</p>}
          <ul className="levers" data-testid="levers">
            {entry.scenario.levers.map((lever) => (
              <li key={lever.id} className={lever.enabled === false ? 'off' : ''} data-testid="lever">
                <label className="lever-toggle">
                  <input
                    type="checkbox"
                    checked={lever.enabled !== false}
                    onChange={() => dispatch({ type: 'toggleLever', id: lever.id! })}
                    aria-label={`Activer « ${lever.label ?? leverKindLabel(lever.kind)} »`}
                  />
                  <span>
                    <strong>{lever.label ?? leverKindLabel(lever.kind)}</strong>
                    <span className="lever-summary">{describeLever(lever, names)}</span>
                  </span>
                </label>
                <div className="lever-actions">
                  <button type="button" className="link" onClick={() => setEditing(editing === lever.id ? null : lever.id!)} aria-expanded={editing === lever.id}>
                    {editing === lever.id ? 'Fermer' : 'Modifier'}
                  </button>
                  <button type="button" className="link" onClick={() => dispatch({ type: 'removeLever', id: lever.id! })}>
                    Retirer
                  </button>
                </div>
                {editing === lever.id && (
                  <LeverForm lever={lever} communeName={communeName} communes={props.communes} teleconsultable={entry.scenario.parameters.teleconsultableShare} onChange={(changed: Lever) => dispatch({ type: 'updateLever', id: lever.id!, lever: changed })} />
                )}
              </li>
            ))}
          </ul>

          <fieldset className="add-lever">
            <legend>Ajouter un levier</legend>
            <label className="field">
              <span>Type</span>
              <select
                value={kind}
                onChange={(e) => {
                  // A pick or a draft of another kind would place the wrong lever at the next map click.
                  setKind(e.target.value as LeverKind);
                  props.setPending(null);
                }}
                data-testid="lever-kind"
              >
                {LEVER_KINDS.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            {kind === 'secondarySite' ? (
              <>
                <p className="hint">{LEVER_KINDS.find((k) => k.kind === kind)!.help}</p>
                <SecondarySiteForm
                  draft={draft}
                  communes={communes}
                  names={names}
                  onChange={(next) => props.setPending({ ...draft, ...next, kind: 'secondarySite', target: undefined })}
                  onPickOnMap={(target) => props.setPending({ ...draft, target })}
                  picking={draft.target}
                  onAdd={() => {
                    const lever = secondarySiteLever(draft, communes, nextLeverId(entry.scenario, 'secondarySite'));
                    if (!lever) return;
                    dispatch({ type: 'addLever', lever });
                    props.setPending(null);
                  }}
                />
              </>
            ) : (
              <>
                <p className="hint">
                  {LEVER_KINDS.find((k) => k.kind === kind)!.help} Spécialité : {SPECIALTY_LABELS[props.specialty].toLowerCase()} (sélecteur de la carte).
                </p>
                {props.pending ? (
                  <p className="pick-hint" role="status" data-testid="pick-hint">
                    Cliquez une commune sur la carte, ou cherchez-la.{' '}
                    <button type="button" className="link" onClick={() => props.setPending(null)}>
                      Annuler
                    </button>
                  </p>
                ) : (
                  <button type="button" onClick={() => props.setPending({ kind, specialty: props.specialty })} data-testid="pick-on-map">
                    Choisir sur la carte
                  </button>
                )}
                <CommuneSearch
                  index={communes}
                  label="…ou chercher une commune"
                  onChoose={(feature) => props.placeAt(feature, props.pending ?? { kind, specialty: props.specialty })}
                />
              </>
            )}
          </fieldset>

          {/* Keyed by scenario and values: undo, redo or another scenario show their own values. */}
          <ParametersEditor
            key={`${entry.key}:${JSON.stringify(entry.scenario.parameters)}`}
            parameters={entry.scenario.parameters}
            productivity={props.productivity ?? null}
            onChange={(parameters) => {
              if (JSON.stringify(parameters) !== JSON.stringify(entry.scenario.parameters)) dispatch({ type: 'setParameters', parameters });
            }}
          />
        </>
      )}
    </section>
  );
}

/**
 * Builds the lever placed at a commune (map click or search). A secondary site is never built by clicks
 * alone: the click fills the draft's `target` field (else the first empty one, else the secondary site)
 * and the planner adds it from its form, where both roles are labelled.
 */
export function leverAt(
  pending: PendingPick,
  feature: number,
  communes: CommuneIndex,
  territory: { grid: string; code: string; label: string } | null,
  id: string,
): { lever: Lever | null; pending: PendingPick | null } {
  const place = { commune: communes.codes[feature], communeName: communes.names[feature] };
  const spec = LEVER_KINDS.find((k) => k.kind === pending.kind)!;
  if (pending.kind === 'secondarySite') {
    const field: SiteField = pending.target ?? (pending.from === undefined ? 'from' : 'to');
    return { lever: null, pending: { ...pending, [field]: place.commune, target: undefined } };
  }
  if (spec.place === 'territory') {
    const where = territory ?? { grid: 'COM', code: place.commune, label: place.communeName };
    return { lever: newLever(pending.kind, id, { grid: where.grid, territory: where.code, territoryName: where.label }, pending.specialty), pending: null };
  }
  return { lever: newLever(pending.kind, id, place, pending.specialty), pending: null };
}
