// Keyboard shortcuts of the page: Escape everywhere (placement, workshop, glossary, data panel);
// Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) outside text fields for the scenarios' undo and redo.
import { useEffect, type Dispatch } from 'react';
import type { ViewAction } from './view-store';

export function useShortcuts(view: Dispatch<ViewAction>, history: Dispatch<{ type: 'undo' } | { type: 'redo' }>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        view({ type: 'escape' });
        return;
      }
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select')) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        history({ type: e.shiftKey ? 'redo' : 'undo' });
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        history({ type: 'redo' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, history]);
}
