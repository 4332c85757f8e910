/** The right panel: the selected annotation, the sources, and the annotation guidelines. */
import { labelDef, spanText } from '../../annotations/index.js';
import type { Workbench } from '../state/workbench.js';
import { span as spanOf } from '../state/selectors.js';
import { setSnapToWords, setTab } from '../commands/project.js';
import { setShowOtherLayers } from '../state/layers.js';
import { relabelSelected, removeSelected, setAttribute } from '../commands/spans.js';
import { removeLink, startLink } from '../commands/links.js';
import { select } from '../commands/selection.js';
import { clearSource, openSourcePicker, showSource } from '../commands/sources.js';
import { useWorkbench } from './hooks.js';
import { SourcePicker } from './SourcePicker.js';
import { SourcesPanel } from './SourcesPanel.js';
import { NoteField, TagAllButton } from './AnnotationDetails.js';

export function SidePanel({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  return (
    <aside className="right" aria-label="Details">
      <div className="tabs" role="tablist">
        {(['annotation', 'sources', 'guidelines'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={s.tab === t} className={s.tab === t ? 'active' : ''} onClick={() => setTab.perform(wb, t)}>
            {t === 'annotation' ? 'Annotation' : t === 'sources' ? `Sources (${s.project?.sources.length ?? 0})` : 'Guidelines'}
          </button>
        ))}
      </div>
      <div className="tab-body">
        {s.tab === 'annotation' && <AnnotationTab wb={wb} />}
        {s.tab === 'sources' && <SourcesPanel wb={wb} />}
        {s.tab === 'guidelines' && <GuidelinesTab wb={wb} />}
      </div>
    </aside>
  );
}

function AnnotationTab({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const span = spanOf(s, s.selected);
  const schema = s.project?.schema;
  if (s.sourcePicker) return <SourcePicker wb={wb} />;
  if (!span || !schema || !s.doc) {
    return <p className="hint">Select text and press a label key (1 Speaker, 2 Quote, 3 Claim, 4 Cue), or click an annotation. Tab moves between annotations.</p>;
  }
  const def = labelDef(schema, span.label);
  const links = s.doc.links.filter((l) => l.from === span.id || l.to === span.id);
  const source = span.sourceId ? s.project?.sources.find((x) => x.id === span.sourceId) : undefined;
  return (
    <div className="annotation-details" data-selected-span={span.id}>
      <label className="field">
        Label
        <select value={span.label} onChange={(e) => relabelSelected.perform(wb, e.target.value)} aria-label="Label">
          {schema.labels.map((l) => <option key={l.name} value={l.name}>{l.name}</option>)}
        </select>
      </label>
      <blockquote className="span-text" dir="auto" style={{ borderColor: def?.color }}>
        {span.fragments.map((f, i) => <span key={i}>{i > 0 && <span className="gap"> … </span>}{f.text}</span>)}
      </blockquote>
      {span.orphaned && <p className="warning">This annotation could not be placed in the current text; its saved text is shown. Resize it to place it again.</p>}
      {def?.attributes.map((a) => (
        <label key={a.name} className="field">
          {a.name}
          <select value={span.attributes[a.name] ?? ''} aria-label={a.name} onChange={(e) => setAttribute.perform(wb, a.name, e.target.value || null)}>
            <option value="">—</option>
            {a.values.map((v, i) => <option key={v} value={v}>{v}{a.keys?.[i] ? ` (${a.keys[i]!.toUpperCase()})` : ''}</option>)}
          </select>
        </label>
      ))}
      {def?.refersToSource && (
        <div className="field">
          Source
          {source ? (
            <div className="source-chip">
              <button type="button" className="link-button" onClick={() => void showSource.perform(wb, source.id)}>{source.name}</button>
              <span className="kind">{source.kind}</span>
              <button type="button" onClick={() => openSourcePicker.perform(wb)}>Change (S)</button>
              <button type="button" onClick={() => clearSource.perform(wb)}>Clear</button>
            </div>
          ) : (
            <button type="button" onClick={() => openSourcePicker.perform(wb)}>Choose a source (S)</button>
          )}
        </div>
      )}
      <div className="field">
        Links
        <ul className="links">
          {links.map((l) => {
            const other = spanOf(s, l.from === span.id ? l.to : l.from);
            return (
              <li key={l.id} data-link-id={l.id}>
                <span className="link-type">{l.from === span.id ? l.type : `← ${l.type}`}</span>{' '}
                <button type="button" className="link-button" onClick={() => other && select.perform(wb, other.id)}>{other ? `${other.label}: ${spanText(other)}` : '?'}</button>
                <button type="button" aria-label="Remove link" onClick={() => removeLink.perform(wb, l.id)}>×</button>
              </li>
            );
          })}
          {links.length === 0 && <li className="hint">No links. Press L to link, K for the nearest in its sentence.</li>}
        </ul>
      </div>
      <NoteField wb={wb} span={span} />
      <div className="actions">
        <button type="button" onClick={() => startLink.perform(wb)}>Link… (L)</button>
        <button type="button" onClick={() => removeSelected.perform(wb)}>Delete (Del)</button>
        <TagAllButton wb={wb} span={span} />
      </div>
      <p className="meta-line">By {span.annotator}{span.updatedBy && span.updatedBy !== span.annotator ? `, changed by ${span.updatedBy}` : ''} · {span.origin} · {new Date(span.updatedAt).toLocaleString()}</p>
    </div>
  );
}

const SHORTCUTS: [string, string][] = [
  ['1–4', 'Label the selected text (or relabel the selected annotation)'], ['Tab / Shift+Tab', 'Next / previous annotation'],
  ['Click again', 'Select the enclosing annotation'], ['Del', 'Delete the selected annotation'], ['Shift+→ / Shift+←', 'Grow / shrink its end by a word'],
  ['Alt+Shift+← / →', 'Grow / shrink its start by a word'], ['F', 'Add the selected text as another part of the annotation'],
  ['L', 'Link: choose with arrows, Enter (starts on the nearest in the sentence)'], ['K', 'Link at once to the one L starts on'], ['S or Enter', 'Choose the speaker’s source'],
  ['D / I / M', 'Quote type: Direct, Indirect, Mixed'], ['Ctrl+Z / Ctrl+Shift+Z', 'Undo / redo'], ['Ctrl+F', 'Find in article'],
  ['Alt+1 / 2 / 3', 'Status: to do, in progress, done'], ['Ctrl+Enter', 'Mark done and open the next article to do'], ['Alt+N', 'Next article to do'], ['Alt+A / Alt+P', 'Articles / this panel (drawers on a narrow screen; Escape closes)'],
];

function GuidelinesTab({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const schema = s.project?.schema;
  if (!schema) return null;
  return (
    <div className="guidelines">
      {schema.labels.map((l) => (
        <section key={l.name}>
          <h2><span className="swatch" style={{ background: l.color }} /> {l.name} {l.key && <kbd>{l.key}</kbd>}</h2>
          <p>{l.description}</p>
          {l.attributes.map((a) => <p key={a.name} className="attr">{a.name}: {a.values.join(', ')}</p>)}
        </section>
      ))}
      <h2>Links</h2>
      <ul>{schema.linkTypes.map((t) => <li key={t.name}><b>{t.name}</b>: {t.from.join('/')} → {t.to.join('/')}. {t.description}</li>)}</ul>
      <h2>Settings</h2>
      <label className="field inline">
        <input type="checkbox" checked={s.project?.settings.snapToWords !== false} onChange={(e) => void setSnapToWords.perform(wb, e.target.checked)} />
        Snap selections to whole words
      </label>
      <label className="field inline">
        <input type="checkbox" checked={s.project?.settings.showOtherLayers === true} onChange={(e) => void setShowOtherLayers(wb, e.target.checked)} />
        Show other annotators&apos; layers (off: each person sees only their own)
      </label>
      <h2>Keyboard</h2>
      <dl className="shortcuts">{SHORTCUTS.map(([k, v]) => <div key={k}><dt><kbd>{k}</kbd></dt><dd>{v}</dd></div>)}</dl>
    </div>
  );
}
