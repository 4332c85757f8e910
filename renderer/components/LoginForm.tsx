/**
 * Signing in to a team desk (issue 19, `serve --team`): a name and a password, sent to
 * `POST /api/login`; the session's token stays in this tab (api-client.ts). Shown instead of the
 * workbench while the tab has no session; on success the workbench starts with the signed-in
 * name as the annotator.
 */
import { useState } from 'react';
import { USER_KEY } from '../commands/project.js';
import { signIn } from '../state/api-client.js';

export function LoginForm({ onSignedIn, reason }: { onSignedIn: () => void; reason?: string }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(reason ?? null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="modal-backdrop login-backdrop">
      <form className="modal login-form" aria-labelledby="login-title" onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        signIn(name.trim(), password).then((who) => {
          localStorage.setItem(USER_KEY, who.name);
          onSignedIn();
        }, (err: unknown) => {
          setBusy(false);
          setPassword('');
          setError(err instanceof Error ? err.message : String(err));
        });
      }}>
        <h1 id="login-title">Sign in to Sourcemark</h1>
        <p className="hint">This desk is shared: sign in with the name and password a manager gave you.</p>
        <label className="field">Name
          <input name="username" autoComplete="username" value={name} autoFocus required onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">Password
          <input name="password" type="password" autoComplete="current-password" value={password} required onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="modal-actions">
          <button type="submit" className="primary" disabled={busy || !name.trim() || !password}>{busy ? 'Signing in…' : 'Sign in'}</button>
        </div>
      </form>
    </div>
  );
}
