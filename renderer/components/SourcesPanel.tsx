/**
 * The Sources tab of the right panel: the list of sources (filtered by name or alias) and one
 * source's details: rename, kind, aliases (edit, remove, add), merge another source into it,
 * split a mention off into a new source, delete it (clearing its mentions, after a confirmation
 * that says how many). Presentational: every change is a command of commands/sources.ts, and
 * each is one undo step (Ctrl+Z).
 */
import { useState } from 'react';
import type { SourceKind } from '../../annotations/index.js';
import type { Workbench } from '../state/workbench.js';
import { otherSources } from '../state/selectors.js';
import { select } from '../commands/selection.js';
import { deleteSource, mergeSources, renameSource, setAliases, setSourceKind, showSource, splitMention } from '../commands/sources.js';
import { useWorkbench } from './hooks.js';

const KINDS: SourceKind[] = ['person', 'organization', 'group', 'document', 'anonymous'];

/** Enter in a one-line field commits it (by leaving it, which `onBlur` saves). */
const commitOnEnter = (e: React.KeyboardEvent<HTMLInputElement>): void => {
  if (e.key === 'Enter') e.currentTarget.blur();
};

export function SourcesPanel({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const [filter, setFilter] = useState('');
  if (s.sourceDetails) return <SourceDetailsView wb={wb} />;
  const sources = (s.project?.sources ?? []).filter((x) => !filter || [x.name, ...x.aliases].some((n) => n.toLowerCase().includes(filter.toLowerCase())));
  return (
    <div className="sources">
      <input type="search" placeholder="Filter sources" aria-label="Filter sources" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <ul className="source-list">
        {sources.map((x) => (
          <li key={x.id}>
            <button type="button" className="link-button" onClick={() => void showSource.perform(wb, x.id)}>{x.name}</button>
            <span className="kind">{x.kind}</span>
            {x.aliases.length > 0 && <div className="aliases">{x.aliases.slice(0, 4).join('; ')}{x.aliases.length > 4 ? '…' : ''}</div>}
          </li>
        ))}
        {sources.length === 0 && <li className="hint">No sources yet. Tag a speaker (1) to create one.</li>}
      </ul>
    </div>
  );
}

function SourceDetailsView({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const [confirming, setConfirming] = useState(false);
  const details = s.sourceDetails!;
  const src = s.project?.sources.find((x) => x.id === details.source.id) ?? details.source;
  const n = details.mentions.length;
  const aliasesWithout = (i: number) => src.aliases.filter((_, j) => j !== i);
  return (
    <div className="source-details" data-source-id={src.id}>
      <button type="button" className="link-button" onClick={() => void showSource.perform(wb, null)}>← All sources</button>
      <label className="field">Name
        <input key={src.id + src.name} defaultValue={src.name} aria-label="Source name" onBlur={(e) => e.target.value !== src.name && void renameSource.perform(wb, src.id, e.target.value)}
          onKeyDown={commitOnEnter} />
      </label>
      <label className="field">Kind
        <select value={src.kind} aria-label="Source kind" onChange={(e) => void setSourceKind.perform(wb, src.id, e.target.value as SourceKind)}>
          {KINDS.map((k) => <option key={k}>{k}</option>)}
        </select>
      </label>
      <fieldset className="field aliases-editor">
        <legend>Aliases</legend>
        <ul className="aliases-list">
          {src.aliases.map((a, i) => (
            <li key={`${src.id}:${a}`}>
              <input defaultValue={a} aria-label={`Alias ${a}`} dir="auto"
                onBlur={(e) => e.target.value !== a && void setAliases.perform(wb, src.id, e.target.value.trim() ? src.aliases.map((x, j) => (j === i ? e.target.value : x)) : aliasesWithout(i))}
                onKeyDown={commitOnEnter} />
              <button type="button" aria-label={`Remove alias ${a}`} title="Remove this alias" onClick={() => void setAliases.perform(wb, src.id, aliasesWithout(i))}>×</button>
            </li>
          ))}
          {src.aliases.length === 0 && <li className="hint">No aliases.</li>}
        </ul>
        <input key={`${src.id}:new:${src.aliases.length}`} placeholder="Add an alias" aria-label="Add an alias" dir="auto"
          onBlur={(e) => e.target.value.trim() && void setAliases.perform(wb, src.id, [...src.aliases, e.target.value])} onKeyDown={commitOnEnter} />
      </fieldset>
      <label className="field">Merge another source into this one
        <select value="" aria-label="Merge into this source" onChange={(e) => e.target.value && void mergeSources.perform(wb, src.id, e.target.value)}>
          <option value="">Choose…</option>
          {otherSources(s, src.id).map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
      </label>
      <h2>{n} mention{n === 1 ? '' : 's'}</h2>
      <ul className="mentions">
        {details.mentions.map((m) => (
          <li key={m.spanId}>
            <a href={`#/articles/${m.articleId}`} onClick={() => setTimeout(() => select.perform(wb, m.spanId), 300)}>“<bdi>{m.text}</bdi>”</a> in <bdi>{m.articleTitle}</bdi>
            {m.quotes.map((q, i) => <div key={i} className="mention-quote">said: <bdi>{q}</bdi></div>)}
            {m.claims.map((c, i) => <div key={i} className="mention-claim">claimed: {c}</div>)}
            <button type="button" className="link-button" onClick={() => void splitMention.perform(wb, m.articleId, m.spanId, m.text)}>Split into its own source</button>
          </li>
        ))}
      </ul>
      <div className="danger-zone">
        {!confirming ? (
          <button type="button" className="danger" onClick={() => (n ? setConfirming(true) : void deleteSource.perform(wb, src.id))}>Delete this source…</button>
        ) : (
          <div role="alertdialog" aria-label="Delete this source" className="confirm-delete">
            <p>{n === 1 ? '1 mention uses' : `${n} mentions use`} “{src.name}”. Deleting it clears the source of {n === 1 ? 'that mention' : 'those mentions'} (the spans stay). Ctrl+Z undoes it.</p>
            <button type="button" className="danger" autoFocus onClick={() => void deleteSource.perform(wb, src.id)}>Delete and clear {n} mention{n === 1 ? '' : 's'}</button>
            <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        )}
      </div>
    </div>
  );
}
