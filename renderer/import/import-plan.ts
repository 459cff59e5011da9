// What « Importer » will do with the listed files, decided before the user clicks: which pack it
// writes (the active one completed, an existing one updated, or a new one), what the user should
// know first (a new pack without health data has grey gaps), and, when the button is disabled, why —
// a French sentence naming the file and what to do. Pure: tested in Node (import-plan.test.ts).
import type { ImportTarget } from '../../common/host-api';
import type { SourceKind } from '../../common/pack';
import { HEALTH_KINDS, MULTI_FILE_KINDS, kindLabel } from './sources-guide';

/** The pack an import starts from when it is a new one: communes and zonings, no health data. */
export const REFERENCE_PACK_ID = 'reference-cog2025';

/** Pack names the DB worker and the host accept for an imported pack (electron NEW_PACK_ID_PATTERN). */
const PACK_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** 'active': complete the active pack with the files; 'new': the pack named in the name field. */
export type Destination = 'active' | 'new';

export interface PlanPack {
  id: string;
  label: string;
  builtIn: boolean;
}

export interface PlanInput {
  files: { name: string; kind: SourceKind | '' }[];
  /** The name typed in « Nom du paquet ». */
  name: string;
  packs: PlanPack[];
  activePackId: string;
  /** The user's choice; null: the default for these files (see defaultDestination). */
  destination: Destination | null;
  running: boolean;
}

export interface ImportPlan {
  destination: Destination;
  /** What « Importer » would write; null when blocked. */
  target: ImportTarget | null;
  /** True when the import rewrites the pack on screen: it is then reopened after the import. */
  updatesActive: boolean;
  /** One French sentence: where the files will go. */
  summary: string;
  /** A consequence to read before importing (a pack without health data), or null. */
  warning: string | null;
  /** Why « Importer » is disabled (French, names the file and what to do), or null when it is enabled. */
  blocked: string | null;
}

const quoted = (names: string[]) => names.map((n) => `« ${n} »`).join(', ');

/** A pack's label between guillemets, unless it has its own (« Paquet « meuse » », not « Paquet « meuse » »). */
export const quotedPackLabel = (label: string): string => (label.includes('«') ? label : `« ${label} »`);

/**
 * Files that bring no health data (a CPTS perimeter, travel times, geometry…) go into the active
 * pack by default: imported into a new pack they would leave every gap grey (issue 13). Files with
 * Open DAMIR, RPPS or population make a pack of their own by default.
 */
export function defaultDestination(kinds: (SourceKind | '')[]): Destination {
  const known = kinds.filter((k): k is SourceKind => k !== '');
  return known.length > 0 && known.every((k) => !HEALTH_KINDS.includes(k)) ? 'active' : 'new';
}

/** Decides the import of `input.files`; never throws. */
export function planImport(input: PlanInput): ImportPlan {
  const { files, name, packs, activePackId, running } = input;
  const destination = input.destination ?? defaultDestination(files.map((f) => f.kind));
  const active = packs.find((p) => p.id === activePackId);
  const activeLabel = quotedPackLabel(active?.label ?? activePackId);
  const named = packs.find((p) => p.id === name);

  let target: ImportTarget;
  let summary: string;
  let warning: string | null = null;
  let nameProblem: string | null = null;
  const checkName = () => {
    if (!PACK_NAME.test(name)) nameProblem = `Nom du paquet « ${name} » invalide : lettres minuscules sans accents, chiffres et tirets (40 au plus), en commençant par une lettre ou un chiffre.`;
    else if (named?.builtIn) nameProblem = `« ${name} » est le nom d’un paquet intégré, qui n’est jamais modifié : choisissez un autre nom.`;
  };

  if (destination === 'active' && active && !active.builtIn) {
    target = { id: active.id, label: active.label, baseId: active.id };
    summary = `Les fichiers complètent le paquet actif, ${activeLabel} (ils remplacent ses données du même type) ; il est rouvert après l’import.`;
  } else if (destination === 'active') {
    // A built-in pack is never modified: its data and the files are written to a new pack.
    checkName();
    if (!nameProblem && named) nameProblem = `Le paquet « ${name} » existe déjà : choisissez un autre nom pour la copie complétée, ou « Nouveau paquet » pour compléter « ${name} ».`;
    // The label keeps saying where the data come from (the demo's estimates are not the user's data).
    target = { id: name, label: `Paquet « ${name} » — copie complétée de ${activeLabel}`, baseId: activePackId };
    summary = `Le paquet actif, ${activeLabel}, est intégré à l’application et n’est jamais modifié : ses données et ces fichiers seront enregistrés dans un nouveau paquet « ${name} ».`;
  } else if (named && !named.builtIn) {
    target = { id: name, label: named.label, baseId: name };
    summary = `Les fichiers complètent le paquet existant ${quotedPackLabel(named.label)} (ils remplacent ses données du même type).`;
  } else {
    checkName();
    target = { id: name, label: `Paquet « ${name} »`, baseId: REFERENCE_PACK_ID };
    summary = `Nouveau paquet « ${name} » : communes et maillages du COG 2025, plus ces fichiers.`;
    const given = new Set(files.map((f) => f.kind));
    const missing = HEALTH_KINDS.filter((k) => !given.has(k));
    if (files.length > 0 && missing.length > 0) {
      // Health files: the rest of them is missing. Other files: they belong with the data on screen.
      const remedy = HEALTH_KINDS.some((k) => given.has(k))
        ? 'Ajoutez à la liste les fichiers qui manquent (voir « Où trouver les fichiers »).'
        : 'Pour ajouter ces fichiers aux données affichées, choisissez « Compléter le paquet actif ».';
      warning =
        `Ce nouveau paquet n’aura pas de données de santé complètes (il manque : ${missing.map(kindLabel).join(', ')}) : ` +
        `besoin, capacité et écarts ne pourront pas être calculés, les écarts resteront gris sur la carte. ${remedy}`;
    }
  }

  const updatesActive = target.id === activePackId;
  return { destination, target, updatesActive, summary, warning, blocked: blockedReason(files, nameProblem, running) };
}

/** The first reason « Importer » cannot run, in the order the user would fix them. */
function blockedReason(files: PlanInput['files'], nameProblem: string | null, running: boolean): string | null {
  if (running) return 'Un import est en cours : attendez sa fin ou annulez-le.';
  if (files.length === 0) return 'Choisissez d’abord les fichiers à importer (bouton « Choisir des fichiers… » ou glisser-déposer).';
  const unknown = files.filter((f) => f.kind === '').map((f) => f.name);
  if (unknown.length > 0) {
    const which = unknown.length === 1 ? `du fichier ${quoted(unknown)} n’est pas reconnu` : `des fichiers ${quoted(unknown)} n’est pas reconnu`;
    return `« Importer » attend que chaque fichier ait un type : le type ${which} d’après son nom. Choisissez-le dans la colonne « Type » (voir « Où trouver les fichiers »), ou retirez le fichier avec « Retirer ».`;
  }
  const byKind = new Map<SourceKind, string[]>();
  for (const f of files) if (f.kind !== '') byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f.name]);
  for (const [kind, names] of byKind) {
    if (names.length > 1 && !MULTI_FILE_KINDS.has(kind)) {
      return `Un seul fichier de type « ${kindLabel(kind)} » par import, et la liste en a ${names.length} (${quoted(names)}) : retirez ceux en trop avec « Retirer » ou corrigez leur type, puis importez-les l’un après l’autre.`;
    }
  }
  return nameProblem;
}
