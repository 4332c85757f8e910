/** The renderer's entry: finds the Api (desktop bridge or HTTP) and mounts the workbench. */
import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import { IMPORT_INPUT_ID } from './components/ArticleList.js';
import { adoptToken, getApi, hasBridge, onMenuCommand } from './state/api-client.js';
import { Workbench } from './state/workbench.js';
import './styles.css';

function start(): void {
  const workbench = new Workbench(getApi());
  (window as unknown as { __workbench?: Workbench }).__workbench = workbench;
  createRoot(document.getElementById('root')!).render(<App wb={workbench} />);
  void workbench.init();
  onMenuCommand((command) => {
    if (command === 'undo') void workbench.undo();
    else if (command === 'redo') void workbench.undo(true);
    else if (command === 'guidelines') workbench.setTab('guidelines');
    else if (command === 'import') document.getElementById(IMPORT_INPUT_ID)?.click();
    else if (command === 'export') window.dispatchEvent(new Event('sourcemark:export'));
  });
}

/** Browser mode without a token: says how to open Sourcemark, at once and without calling the server. */
function askForLink(): void {
  const root = document.getElementById('root')!;
  const box = root.appendChild(document.createElement('div'));
  box.className = 'fatal';
  box.setAttribute('role', 'alert');
  box.appendChild(document.createElement('h1')).textContent = 'Sourcemark could not open the project';
  box.appendChild(document.createElement('p')).textContent =
    'Open Sourcemark with the URL it printed when it started (it carries a token, after "#token="); this page has none.';
}

// In browser mode the token arrives in the fragment of the printed URL (adoptToken reads it
// before anything else looks at location.hash).
if (hasBridge() || adoptToken()) start();
else askForLink();
