/**
 * Quote provenance (issue 21): groups of quotes in different articles that are the same or
 * nearly the same statement, each with its articles in date order, the earliest first. The
 * user confirms a group, or splits some of its quotes off; each decision is saved in the
 * project (provenance.json) and "Undo" takes the last one back.
 */
import { useState } from 'react';
import type { ProvenanceDecisions, ProvenanceGroup } from '../../app/api/contract.js';
import { confirmGroup, splitGroup } from '../../annotations/analysis/provenance.js';
import type { Workbench } from '../state/workbench.js';
import { loadCorpus } from '../state/corpus.js';
import { PlaceLink, useCorpusData } from './CorpusParts.js';

export function ProvenancePage({ wb }: { wb: Workbench }) {
  const { data, error, reload } = useCorpusData(wb, 'provenanceGroups', {});
  const [done, setDone] = useState<{ before: ProvenanceDecisions; what: string }[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const decide = async (next: ProvenanceDecisions, what: string | null) => {
    const before = data?.decisions;
    try {
      await loadCorpus(wb, 'setProvenance', { decisions: next });
      setProblem(null);
      if (what && before) setDone((d) => [...d, { before, what }]);
      reload();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  const undo = () => {
    const last = done[done.length - 1];
    if (!last) return;
    setDone((d) => d.slice(0, -1));
    void decide(last.before, null);
  };
  const groups = data?.groups ?? [];
  return (
    <section className="corpus-section">
      <div className="corpus-head">
        <h1 tabIndex={-1}>Quote provenance</h1>
        <span className="corpus-count" role="status">{data ? `${groups.length} statement${groups.length === 1 ? '' : 's'} quoted in more than one article` : 'Loading…'}</span>
        <button type="button" disabled={!done.length} onClick={undo} title={done.length ? `Undo: ${done[done.length - 1]!.what}` : 'Nothing to undo'}>Undo</button>
      </div>
      {(error ?? problem ?? data?.problem) && <p role="alert" className="corpus-error">{error ?? problem ?? data?.problem}</p>}
      {data && !groups.length && <p className="empty">No statement appears in two articles yet.</p>}
      <ol className="provenance-groups">
        {groups.map((g) => <Group key={g.id} wb={wb} group={g} decisions={data!.decisions} decide={(d, what) => void decide(d, what)} />)}
      </ol>
    </section>
  );
}

function Group({ wb, group, decisions, decide }: { wb: Workbench; group: ProvenanceGroup; decisions: ProvenanceDecisions; decide: (d: ProvenanceDecisions, what: string) => void }) {
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const first = group.members[0]!;
  const keys = group.members.map((m) => m.key);
  const label = `Statement first quoted in “${first.title}”`;
  return (
    <li className="provenance-group" data-group-id={group.id} data-confirmed={group.confirmed ? '' : undefined} aria-label={label}>
      <div className="provenance-head">
        <strong>{group.members.length} quotes in {new Set(group.members.map((m) => m.articleId)).size} articles</strong>
        <span className="muted">similarity ≥ {group.similarity}</span>
        {group.confirmed ? <span className="badge">Confirmed</span> : null}
        <button type="button" onClick={() => decide(confirmGroup(decisions, group.id, !group.confirmed), group.confirmed ? 'unconfirm a group' : 'confirm a group')}>
          {group.confirmed ? 'Unconfirm' : 'Confirm'}
        </button>
        <button type="button" disabled={!picked.size || picked.size === keys.length}
          onClick={() => decide(splitGroup(decisions, keys, [...picked]), `split ${picked.size} quote(s) off`)}>Split off selected</button>
      </div>
      <ol className="provenance-members">
        {group.members.map((m, i) => (
          <li key={m.key} data-key={m.key}>
            <label className="provenance-pick">
              <input type="checkbox" checked={picked.has(m.key)} aria-label={`Select the quote in “${m.title}”`} onChange={(e) => {
                const next = new Set(picked);
                if (e.target.checked) next.add(m.key);
                else next.delete(m.key);
                setPicked(next);
              }} />
            </label>
            <span className="provenance-date">{m.published?.slice(0, 10) ?? 'no date'}{i === 0 ? <span className="badge">earliest</span> : null}</span>
            <span className="provenance-where" dir="auto">{m.outlet ? `${m.outlet}: ` : ''}{m.title}</span>
            <span className="provenance-text" dir="auto"><PlaceLink wb={wb} at={m}>{m.text}</PlaceLink></span>
          </li>
        ))}
      </ol>
    </li>
  );
}
