/** The renderer's entry: finds the Api (desktop bridge or HTTP) and mounts the workbench. */
import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import { IMPORT_INPUT_ID } from './components/ArticleList.js';
import { getApi, onMenuCommand } from './api-client.js';
import { Workbench } from './workbench.js';
import './styles.css';

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
