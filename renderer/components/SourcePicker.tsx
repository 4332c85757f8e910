/**
 * Picks the source of a speaker mention: type to search, arrows and Enter, or create a new one.
 * It starts on the span's current source (Enter keeps it), or, for a span without one, on the
 * source whose name or alias starts with the mention's text, else on "Create" (never on an
 * unrelated source: one Enter must not tie a speaker to the first name in the list).
 */
import { useState } from 'react';
import { isStrongMatch, rankSources } from '../../annotations/edit/source-ranking.js';
import type { SourceKind } from '../../annotations/index.js';
import type { Workbench } from '../state/workbench.js';
import { sources, span } from '../state/selectors.js';
import { assignSource, closeSourcePicker, mentionText, setSourceQuery } from '../commands/sources.js';
import { useWorkbench } from './hooks.js';

export function SourcePicker({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const picker = s.sourcePicker!;
  const mention = span(s, picker.spanId);
  const current = mention?.sourceId;
  const [kind, setKind] = useState<SourceKind>('person');
  const matches = rankSources(sources(s), s.doc?.spans ?? [], picker.query, current).slice(0, 8);
  const createName = picker.query.trim();
  const options = [...matches.map((m) => ({ key: m.id, text: m.name, sub: m.id === current ? 'current source' : m.aliases.slice(0, 2).join('; '), pick: () => assignSource.perform(wb, m) })),
    ...(createName ? [{ key: '__new', text: `Create “${createName}”`, sub: 'a new source', pick: () => assignSource.perform(wb, { create: createName, kind }) }] : [])];
  // Where the choice starts: the current source, a strong match for the mention's text, else "Create".
  const startAt = (): number => {
    const top = matches[0];
    if (!top || top.id === current || !mention || picker.query !== mentionText(mention) || isStrongMatch(top, picker.query)) return 0;
    return matches.length;
  };
  const [index, setIndex] = useState(startAt);
  const at = Math.min(index, Math.max(0, options.length - 1));
  return (
    <div className="source-picker" role="dialog" aria-label="Choose the source">
      <h2>Who is “{mention?.fragments.map((f) => f.text).join(' ')}”?</h2>
      <input autoFocus aria-label="Search sources" role="combobox" aria-expanded="true" aria-autocomplete="list" aria-controls="source-options"
        aria-activedescendant={options[at] ? `source-option-${at}` : undefined} value={picker.query} placeholder="Type a name" onFocus={(e) => e.target.select()}
        onChange={(e) => {
          setSourceQuery.perform(wb, e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setIndex((at + 1) % Math.max(1, options.length));
          else if (e.key === 'ArrowUp') setIndex((at - 1 + options.length) % Math.max(1, options.length));
          else if (e.key === 'Enter') options[at]?.pick();
          else if (e.key === 'Escape') closeSourcePicker.perform(wb);
          else return;
          e.preventDefault();
        }} />
      <ul className="options" role="listbox" id="source-options" aria-label="Sources">
        {options.map((o, i) => (
          <li key={o.key} id={`source-option-${i}`} role="option" aria-selected={i === at} className={i === at ? 'active' : ''} onMouseDown={(e) => e.preventDefault()} onClick={o.pick}>
            <span>{o.text}</span> <small>{o.sub}</small>
          </li>
        ))}
      </ul>
      <label className="field inline">New source kind
        <select value={kind} onChange={(e) => setKind(e.target.value as SourceKind)} aria-label="New source kind">
          {(['person', 'organization', 'group', 'document', 'anonymous'] as const).map((k) => <option key={k}>{k}</option>)}
        </select>
      </label>
      <p className="hint">↑ ↓ to choose, Enter to confirm, Esc to skip.</p>
    </div>
  );
}
