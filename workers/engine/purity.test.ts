// CI check: the engine stays pure TypeScript (no DOM, no Node built-ins, no Electron, no SQL).
import { describePurity } from '../../tests/support/purity';

describePurity('pureté du moteur (workers/engine)', import.meta.dirname);
