/** Picks the source of a speaker mention: type to search, arrows and Enter, or create a new one. */
import { useState } from 'react';
import type { SourceKind } from '../../annotations/index.js';
import type { Workbench } from '../state/workbench.js';
import { rankedSources, span } from '../state/selectors.js';
import { assignSource, closeSourcePicker, setSourceQuery } from '../commands/sources.js';
import { useWorkbench } from './hooks.js';

export function SourcePicker({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const picker = s.sourcePicker!;
  const [index, setIndex] = useState(0);
  const [kind, setKind] = useState<SourceKind>('person');
  const matches = rankedSources(s, picker.query).slice(0, 8);
  const createName = picker.query.trim();
  const options = [...matches.map((m) => ({ key: m.id, text: m.name, sub: m.aliases.slice(0, 2).join('; '), pick: () => assignSource.perform(wb, m) })),
    ...(createName ? [{ key: '__new', text: `Create “${createName}”`, sub: 'a new source', pick: () => assignSource.perform(wb, { create: createName, kind }) }] : [])];
  const at = Math.min(index, Math.max(0, options.length - 1));
  const mention = span(s, picker.spanId);
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
