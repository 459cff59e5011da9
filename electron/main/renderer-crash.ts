// What to do when the renderer process dies: reload it (the renderer restores the working scenario
// from the autosave), unless it keeps dying — then stop and ask, instead of a crash loop that eats
// the CPU and hides the problem. Pure, tested in Node.

export type CrashDecision = 'ignore' | 'reload' | 'ask';

export class RendererCrashPolicy {
  private crashes: number[] = [];

  constructor(
    private readonly maxReloads = 3,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `reason` is Electron's RenderProcessGoneDetails.reason. */
  decide(reason: string): CrashDecision {
    // A clean exit is the window closing, not a crash.
    if (reason === 'clean-exit') return 'ignore';
    const time = this.now();
    this.crashes = [...this.crashes.filter((t) => time - t < this.windowMs), time];
    return this.crashes.length > this.maxReloads ? 'ask' : 'reload';
  }

  /** After the user chose to reload anyway: count afresh. */
  reset(): void {
    this.crashes = [];
  }
}

const REASONS: Record<string, string> = {
  crashed: 'plantage',
  oom: 'mémoire insuffisante',
  killed: 'processus arrêté par le système',
  'abnormal-exit': 'arrêt anormal',
  'launch-failed': 'échec du lancement',
  'integrity-failure': 'échec du contrôle d’intégrité',
  'memory-eviction': 'mémoire récupérée par le système',
};

/** French text of the dialog shown when the renderer keeps dying. */
export function crashDialogMessage(reason: string): { message: string; detail: string; buttons: [string, string] } {
  return {
    message: 'L’affichage de Territoire Santé s’est arrêté plusieurs fois de suite.',
    detail: `Cause signalée : ${REASONS[reason] ?? reason}. Le scénario en cours est gardé dans la sauvegarde automatique et sera proposé au prochain affichage.`,
    buttons: ['Recharger', 'Quitter'],
  };
}
