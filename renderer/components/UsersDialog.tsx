/**
 * A team desk's accounts (issue 19): the signed-in person and a Sign out button in the top bar
 * ({@link TeamMenu}, nothing outside team mode), and for a manager the Users dialog: the accounts
 * and their roles, add one (its generated password is shown once), a new password, a new role,
 * remove. The server checks the manager role on every one of these calls.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { hasSession, signOut, teamCall } from '../state/api-client.js';
import type { Workbench } from '../state/workbench.js';
import { useWorkbench } from './hooks.js';
import { modalKeys } from './focus.js';

type Account = { name: string; role: string; createdAt: string; passwordSetAt: string };
const ROLES = ['annotator', 'curator', 'manager'];

/** The signed-in person, Users… (managers) and Sign out; nothing when the tab has no team session. */
export function TeamMenu({ wb }: { wb: Workbench }) {
  const team = (useWorkbench(wb).project as { team?: { name: string; role: string } } | null)?.team;
  const [open, setOpen] = useState(false);
  if (!hasSession() || !team) return null;
  return (
    <span className="team-menu">
      <span className="team-who" title={`Signed in as ${team.name} (${team.role})`}>{team.name} · {team.role}</span>
      {team.role === 'manager' && <button type="button" className="topbar-button" onClick={() => setOpen(true)}>Users…</button>}
      <button type="button" className="topbar-button" onClick={() => void signOut().then(() => location.reload())}>Sign out</button>
      {/* On the body, not inside the top bar (whose colours and stacking it would take). */}
      {open && createPortal(<UsersDialog self={team.name} onClose={() => setOpen(false)} />, document.body)}
    </span>
  );
}

export function UsersDialog({ self, onClose }: { self: string; onClose: () => void }) {
  const [users, setUsers] = useState<Account[]>([]);
  const [name, setName] = useState('');
  const [role, setRole] = useState('annotator');
  const [said, setSaid] = useState<{ text: string; error?: boolean } | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const reload = () => teamCall('listUsers', {}).then((u) => setUsers(u as Account[]), (e: unknown) => setSaid({ text: String((e as Error).message), error: true }));
  useEffect(() => {
    void reload();
    first.current?.focus();
  }, []);
  const act = (f: () => Promise<unknown>, done: (r: unknown) => string) => {
    f().then((r) => {
      setSaid({ text: done(r) });
      return reload();
    }, (e: unknown) => setSaid({ text: (e as Error).message, error: true }));
  };
  return (
    <div className="modal-backdrop">
      <div className="modal users-dialog" role="dialog" aria-modal="true" aria-labelledby="users-title" onKeyDown={modalKeys(onClose)}>
        <h2 id="users-title">Users of this desk</h2>
        <table className="users-table">
          <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Password set</th><th scope="col" aria-label="Actions" /></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.name}>
                <th scope="row">{u.name}</th>
                <td>
                  <select aria-label={`Role of ${u.name}`} value={u.role} disabled={u.name === self}
                    onChange={(e) => act(() => teamCall('setRole', { name: u.name, role: e.target.value }), () => `${u.name} is now ${e.target.value === 'annotator' ? 'an' : 'a'} ${e.target.value}.`)}>
                    {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                  </select>
                </td>
                <td>{u.passwordSetAt.slice(0, 10)}</td>
                <td>
                  <button type="button" onClick={() => act(() => teamCall('resetUser', { name: u.name }), (r) => `New password for ${u.name} (shown once): ${(r as { password: string }).password}`)}>New password</button>
                  {u.name !== self && <button type="button" onClick={() => {
                    if (confirm(`Remove the account ${u.name}? Their annotations stay.`)) act(() => teamCall('removeUser', { name: u.name }), () => `Removed ${u.name}; their annotations stay.`);
                  }}>Remove</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="users-add" onSubmit={(e) => {
          e.preventDefault();
          const n = name.trim();
          act(() => teamCall('addUser', { name: n, role }), (r) => {
            setName('');
            first.current?.focus();
            return `Added ${n}. Their password (shown once, not kept): ${(r as { password: string }).password}`;
          });
        }}>
          <label className="field">Name <input ref={first} value={name} onChange={(e) => setName(e.target.value)} required /></label>
          <label className="field">Role
            <select value={role} onChange={(e) => setRole(e.target.value)}>{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select>
          </label>
          <button type="submit" disabled={!name.trim()}>Add</button>
        </form>
        {said && <p className={said.error ? 'form-error' : 'hint'} role={said.error ? 'alert' : 'status'} data-users-said>{said.text}</p>}
        <div className="modal-actions"><button type="button" onClick={onClose}>Close</button></div>
      </div>
    </div>
  );
}
