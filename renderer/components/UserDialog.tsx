/** Asks once for the annotator's name, recorded on every change; defaults to the system user. */
import { useState } from 'react';

export function UserDialog({ initial, onDone }: { initial: string; onDone: (name: string) => void }) {
  const [name, setName] = useState(initial);
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Your name">
      <form className="modal" onSubmit={(e) => {
        e.preventDefault();
        onDone(name);
      }}>
        <h2>Who is annotating?</h2>
        <p>Your name is recorded on every annotation you make, so a team can tell its work apart.</p>
        {/* The suggested name (the account's) is selected: typing replaces it, Enter keeps it. */}
        <input aria-label="Annotator name" value={name} autoFocus onFocus={(e) => e.currentTarget.select()} onChange={(e) => setName(e.target.value)} />
        <div className="modal-actions">
          <button type="submit" className="primary">Start annotating</button>
        </div>
      </form>
    </div>
  );
}
