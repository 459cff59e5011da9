// The session's scenarios: the undoable workspace (renderer/scenario/workspace.ts), restored from the last
// session's autosave and saved again as it changes, and the scenario files (open, recent, save, examples,
// a file double-clicked in the desktop app). Messages for the user are French and name the file.
import { useEffect, useReducer, useRef, useState, type Dispatch } from 'react';
import type { OpenedScenarioFile, RecentScenarioFile } from '../../common/host-api';
import { serializeScenario } from '../../workers/engine/scenario';
import { foldText } from '../format';
import { host } from '../host';
import { EXAMPLE_SCENARIOS } from '../scenario/examples';
import { loadScenarioText, restoreWorkspace, workspaceText } from '../scenario/files';
import { activeEntry, initialHistory, reduce, uniqueName } from '../scenario/workspace';
import type { ViewAction } from './view-store';

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export type FileMessage = { text: string; backup?: OpenedScenarioFile } | null;

export function useScenarioSession(view: Dispatch<ViewAction>) {
  const [history, dispatch] = useReducer(reduce, undefined, () => initialHistory());
  const [recentFiles, setRecentFiles] = useState<RecentScenarioFile[]>([]);
  const [fileMessage, setFileMessage] = useState<FileMessage>(null);
  const restored = useRef(false);
  const active = activeEntry(history.present);

  const addOpened = (file: OpenedScenarioFile | null, fromBackup = false) => {
    if (!file) return;
    const outcome = loadScenarioText(file.text);
    if (!outcome.ok) {
      setFileMessage({ text: `« ${file.name} » ne peut pas être ouvert : ${outcome.message}` });
      if (!fromBackup) {
        host
          .readScenarioBackup(file.id)
          .then((backup) => backup && setFileMessage({ text: `« ${file.name} » ne peut pas être ouvert : ${outcome.message} Une sauvegarde précédente existe.`, backup }))
          .catch(() => undefined);
      }
      return;
    }
    dispatch({ type: 'add', scenario: outcome.scenario, file: fromBackup ? undefined : { id: file.id, name: file.name }, saved: !fromBackup });
    setFileMessage(outcome.warnings.length > 0 ? { text: `« ${file.name} » ouvert. ${outcome.warnings.join(' ')}` } : null);
    view({ type: 'setTab', tab: 'scenario' });
    host.recentScenarioFiles().then(setRecentFiles, () => undefined);
  };
  // The open-file requests of the desktop app reach the latest handler.
  const openedRef = useRef(addOpened);
  useEffect(() => {
    openedRef.current = addOpened;
  });

  // The recent files and the autosaved scenarios of the last session.
  useEffect(() => {
    host.recentScenarioFiles().then(setRecentFiles, () => setRecentFiles([]));
    let unsubscribeOpenRequests: (() => void) | undefined;
    host
      .readAutosave()
      .then((text) => {
        const workspace = text ? restoreWorkspace(text) : null;
        if (workspace && workspace.entries.length > 0) {
          dispatch({ type: 'reset', workspace });
          setFileMessage({ text: `Session précédente restaurée (${workspace.entries.length} scénario${workspace.entries.length > 1 ? 's' : ''}).` });
        }
      })
      .catch(() => undefined)
      .finally(() => {
        restored.current = true;
        // A scenario file double-clicked (desktop app) opens after the restored session.
        unsubscribeOpenRequests = host.onOpenFileRequest?.((file) => openedRef.current(file));
      });
    return () => unsubscribeOpenRequests?.();
  }, []);

  // Autosave, debounced: the host writes it atomically and flushes it on quit; leaving the page
  // sends what the debounce still holds.
  useEffect(() => {
    if (!restored.current) return;
    const save = () => host.autosave(workspaceText(history.present)).catch(() => undefined);
    const timer = window.setTimeout(save, 800);
    window.addEventListener('pagehide', save);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('pagehide', save);
    };
  }, [history.present]);

  const onOpen = () => host.openScenarioFile().then((f) => addOpened(f), (e: unknown) => setFileMessage({ text: errorText(e) }));
  const onOpenRecent = (id: string) => host.openRecentScenarioFile(id).then((f) => addOpened(f), (e: unknown) => setFileMessage({ text: errorText(e) }));
  const onSave = async (saveAs: boolean) => {
    if (!active) return;
    try {
      const name = `${foldText(active.scenario.name).replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '') || 'scenario'}.tsante.json`;
      const file = await host.saveScenarioFile({ id: active.file?.id, saveAs: saveAs || !active.file, suggestedName: active.file?.name ?? name, text: serializeScenario(active.scenario) });
      if (file) {
        dispatch({ type: 'saved', key: active.key, file });
        setFileMessage({ text: `Scénario enregistré : ${file.name}.` });
        host.recentScenarioFiles().then(setRecentFiles, () => undefined);
      }
    } catch (e) {
      setFileMessage({ text: `Enregistrement impossible : ${errorText(e)}` });
    }
  };
  const onNew = () => {
    dispatch({ type: 'add', scenario: { schemaVersion: 2, name: uniqueName(history.present, 'Nouveau scénario'), description: '', parameters: {}, levers: [] } });
    view({ type: 'setTab', tab: 'scenario' });
  };
  const onExample = (name: string) => {
    const example = EXAMPLE_SCENARIOS.find((e) => e.name === name);
    if (!example) return;
    const outcome = loadScenarioText(example.text);
    if (outcome.ok) {
      dispatch({ type: 'add', scenario: { ...outcome.scenario, name: uniqueName(history.present, outcome.scenario.name) } });
      // Show what the example is about: its specialty and the gap, not the population of another one.
      const first = outcome.scenario.levers.find((l) => 'specialty' in l);
      view({ type: 'exampleOpened', specialty: first && 'specialty' in first ? first.specialty : null });
    } else setFileMessage({ text: outcome.message });
  };

  return { history, dispatch, active, recentFiles, fileMessage, addOpened, onOpen, onOpenRecent, onSave, onNew, onExample };
}
