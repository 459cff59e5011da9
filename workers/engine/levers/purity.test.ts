// CI check: the lever kinds are part of the pure engine (no DOM, no React, no Node built-ins).
import { describePurity } from '../../../tests/support/purity';

describePurity('pureté des types de levier (workers/engine/levers)', import.meta.dirname, [], 8);
