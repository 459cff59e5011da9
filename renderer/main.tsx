import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import type {} from './map/debug-hooks';

// The start-up's first mark (bench/browser.ts): the bundle is downloaded and evaluated, React not started.
window.__territoireSantePerf = { startup: { scriptAt: performance.now() } };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
