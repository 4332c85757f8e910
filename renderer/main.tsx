/** The renderer's entry: finds the Api (desktop bridge or HTTP), makes the workbench and mounts it. */
import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import { redo, undo } from './commands/history.js';
import { init, setTab } from './commands/project.js';
import { adoptToken, getApi, hasBridge, hasSession, isTeamDesk, onMenuCommand, watchChanges } from './state/api-client.js';
import { LoginForm } from './components/LoginForm.js';
import { createWorkbench } from './state/workbench.js';
import { testHook } from './test-hook.js';
import './styles.css';

function start(): void {
  const workbench = createWorkbench(getApi(), {
    env: { storage: localStorage, navigate: (hash) => void (location.hash = hash) },
    watch: watchChanges,
  });
  (window as unknown as { __workbench?: ReturnType<typeof testHook> }).__workbench = testHook(workbench);
  createRoot(document.getElementById('root')!).render(<App wb={workbench} />);
  void init.perform(workbench);
  onMenuCommand((command) => {
    if (command === 'undo') void undo.perform(workbench);
    else if (command === 'redo') void redo.perform(workbench);
    else if (command === 'guidelines') setTab.perform(workbench, 'guidelines');
    else if (command === 'import') window.dispatchEvent(new Event('sourcemark:import'));
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

/** A team desk (`serve --team`, issue 19) without a session in this tab: the sign-in form, then the workbench. */
function askToSignIn(): void {
  const root = createRoot(document.getElementById('root')!);
  root.render(<LoginForm onSignedIn={() => {
    root.unmount();
    start();
  }} />);
}

// In browser mode the token arrives in the fragment of the printed URL (adoptToken reads it
// before anything else looks at location.hash). A team desk has no token: the page asks the
// server (GET /api/mode, unsigned) and shows the sign-in form.
if (hasBridge() || hasSession() || adoptToken()) start();
else void isTeamDesk().then((team) => (team ? askToSignIn() : askForLink()));
