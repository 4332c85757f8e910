/**
 * The schema editor (Alt+S, or the topbar's Labels…): the project's labels (name, colour, key,
 * whether it names a source, attributes with their values and keys), link types (between which
 * labels) and verdict scale, edited as a draft and saved as one undoable change. What it refuses
 * (a key taken, a used label removed or renamed, an attribute value in use dropped) is said in
 * the alert under the form, with how many annotations use it and where; nothing is dropped.
 *
 * Presentational: it holds the draft; the checks are the model's (annotations/model/schema.ts)
 * and saving, undo and the usage are the schema commands' (renderer/commands/schema.ts).
 */
import { useEffect, useRef, useState } from 'react';
import {
  LABEL_NAME, renameLabel, schemaChangeProblems, withLabel, withVerdictScale,
  type AttributeDef, type LabelDef, type LinkTypeDef, type ProjectSchema, type SchemaUsage, type SchemaUsageWhere,
} from '../../annotations/index.js';
import type { Workbench } from '../state/workbench.js';
import { closeSchemaEditor, loadSchemaUsage, saveSchema, undoSchema } from '../commands/schema.js';
import { reservedKey } from '../commands/keymap.js';
import { useWorkbench } from './hooks.js';

const splitList = (text: string): string[] => text.split(',').map((x) => x.trim()).filter(Boolean);
/** Keys are by position (the n-th key sets the n-th value): an empty one in between stays, trailing ones go. */
const splitKeys = (text: string): string[] => {
  const keys = text.split(',').map((x) => x.trim());
  while (keys.length && !keys.at(-1)) keys.pop();
  return keys;
};
const joinList = (xs: readonly string[]): string => xs.join(', ');

/** A text field for a comma-separated list: typed freely, its list passed up on every change. */
function ListInput({ value, onChange, label, placeholder, split = splitList }: {
  value: readonly string[]; onChange: (xs: string[]) => void; label: string; placeholder?: string; split?: (text: string) => string[];
}) {
  const [text, setText] = useState(joinList(value));
  const [shown, setShown] = useState(value);
  // Shown anew only when the list changed from outside (an undo), not while typing "a, ".
  if (shown !== value) {
    setShown(value);
    if (joinList(split(text)) !== joinList(value)) setText(joinList(value));
  }
  return <input type="text" value={text} aria-label={label} placeholder={placeholder}
    onChange={(e) => {
      setText(e.target.value);
      onChange(split(e.target.value));
    }} />;
}

/** A label's name: renamed when the field is left or Enter is pressed (a rename also renames it in link types). */
function NameInput({ value, onCommit, label }: { value: string; onCommit: (name: string) => boolean; label: string }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  const commit = () => {
    const name = text.trim();
    if (name !== value && !onCommit(name)) setText(value);
  };
  return <input type="text" value={text} aria-label={label} onChange={(e) => setText(e.target.value)} onBlur={commit}
    onKeyDown={(e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        commit();
      }
    }} />;
}

export function SchemaEditor({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const saved = s.project?.schema;
  const [draft, setDraft] = useState<ProjectSchema | undefined>(saved);
  /** Labels renamed in the draft: new name → the saved name. */
  const [renamed, setRenamed] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [usage, setUsage] = useState<{ usage: SchemaUsage; where: SchemaUsageWhere } | null>(null);
  const root = useRef<HTMLDivElement>(null);

  const refreshUsage = () => void loadSchemaUsage.perform(wb).then(setUsage, () => setUsage(null));
  useEffect(refreshUsage, [wb]);
  // The saved schema changed (saved here, undone, or changed elsewhere): the draft starts from it.
  const [base, setBase] = useState(saved);
  if (base !== saved) {
    setBase(saved);
    setDraft(saved);
    setRenamed({});
  }
  // Modal: what it covers leaves the tab order; the first field takes the keyboard.
  useEffect(() => {
    const covered = [...document.querySelectorAll<HTMLElement>('.app > header, .app > main, .app > footer, .app > .drawer')];
    for (const el of covered) el.inert = true;
    root.current?.querySelector<HTMLInputElement>('input')?.focus();
    return () => {
      for (const el of covered) el.inert = false;
    };
  }, []);

  if (!draft || !saved) return null;
  const dirty = draft !== saved;

  const update = (next: ProjectSchema) => {
    setDraft(next);
    setStatus(null);
  };
  const setLabel = (i: number, patch: Partial<LabelDef>) => update({ ...draft, labels: draft.labels.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const setAttr = (i: number, k: number, patch: Partial<AttributeDef>) =>
    setLabel(i, { attributes: draft.labels[i]!.attributes.map((a, j) => (j === k ? { ...a, ...patch } : a)) });
  const setLink = (i: number, patch: Partial<LinkTypeDef>) => update({ ...draft, linkTypes: draft.linkTypes.map((t, j) => (j === i ? { ...t, ...patch } : t)) });

  /** A removal refused at once when it would orphan annotations in use (the save checks again, afresh). */
  const remove = (next: ProjectSchema) => {
    // Usage is by saved name: a renamed label is looked for under its new name.
    const asSaved = { ...next, labels: next.labels.map((l) => ({ ...l, name: renamed[l.name] ?? l.name })) };
    const refused = usage ? schemaChangeProblems(asSaved, usage.usage, usage.where) : [];
    if (refused.length) {
      setProblems(refused.map((p) => p.replace(/; ([^;]*) first\.$/, '; it cannot be removed while they do: $1 first.')));
      return;
    }
    setProblems([]);
    update(next);
  };

  const rename = (i: number, name: string): boolean => {
    const old = draft.labels[i]!.name;
    if (!LABEL_NAME.test(name)) {
      setProblems([`"${name}" cannot be a label's name: a letter followed by letters, digits, _ or -.`]);
      return false;
    }
    if (draft.labels.some((l, j) => j !== i && l.name.toLowerCase() === name.toLowerCase())) {
      setProblems([`There is a label named ${name} already.`]);
      return false;
    }
    const from = renamed[old] ?? (saved.labels.some((l) => l.name === old) ? old : undefined);
    const next = { ...renamed };
    delete next[old];
    if (from && from !== name) next[name] = from;
    setRenamed(next);
    setProblems([]);
    update(renameLabel(draft, old, name));
    return true;
  };

  const addLabel = () => {
    let n = draft.labels.length + 1;
    while (draft.labels.some((l) => l.name === `Label${n}`)) n++;
    update(withLabel(draft, `Label${n}`));
    // The new row's name field takes the keyboard once it is drawn.
    requestAnimationFrame(() => root.current?.querySelector<HTMLInputElement>('.schema-label:last-of-type input[type="text"]')?.select());
  };

  /** After a button that is now disabled had the focus, the dialog keeps the keyboard (Escape, Ctrl+Z). */
  const keepFocus = () => requestAnimationFrame(() => {
    if (!root.current?.contains(document.activeElement)) root.current?.focus();
  });

  const save = async () => {
    setBusy(true);
    setStatus(null);
    const found = await saveSchema.perform(wb, draft, { renamed, reservedKey });
    setBusy(false);
    setProblems(found);
    if (!found.length) {
      setStatus('Saved. Undo takes it back.');
      refreshUsage();
    }
    keepFocus();
  };
  const undo = async (redo: boolean) => {
    setBusy(true);
    const said = await undoSchema.perform(wb, redo);
    setBusy(false);
    setProblems(said.refused ? [said.text] : []);
    setStatus(said.refused ? null : said.text);
    refreshUsage();
    keepFocus();
  };

  const used = (label: string): number => usage?.usage.labels[renamed[label] ?? label] ?? 0;

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Labels and links">
      <div className="modal schema-editor" ref={root} tabIndex={-1} onKeyDown={(e) => {
        // Modal: the window's keys (status, undo of the article) do not act behind it.
        e.stopPropagation();
        const inField = e.target instanceof HTMLInputElement && e.target.type === 'text';
        if (e.key === 'Escape') closeSchemaEditor.perform(wb);
        else if ((e.ctrlKey || e.metaKey) && !inField && (e.key.toLowerCase() === 'z' || e.key.toLowerCase() === 'y')) {
          e.preventDefault();
          if (!busy) void undo(e.key.toLowerCase() === 'y' || e.shiftKey);
        }
      }}>
        <h2>Labels and links</h2>
        <p className="hint">Changes apply when you save; Undo takes a saved change back. Nothing that annotations use can be removed or renamed.</p>
        <section aria-labelledby="schema-labels-title">
          <h3 id="schema-labels-title">Labels</h3>
          <div className="schema-grid schema-label-head" aria-hidden="true"><span>Name</span><span>Colour</span><span>Key</span><span>Names a source</span><span>In use</span><span /></div>
          {draft.labels.map((l, i) => (
            <div key={i} className="schema-label" data-label={l.name}>
              <div className="schema-grid">
                <NameInput value={l.name} label={`Name of label ${l.name}`} onCommit={(name) => rename(i, name)} />
                <input type="color" value={l.color} aria-label={`Colour of ${l.name}`} onChange={(e) => setLabel(i, { color: e.target.value })} />
                <input type="text" className="schema-key" value={l.key ?? ''} aria-label={`Key of ${l.name}`} title="One character; it applies the label in the text"
                  onChange={(e) => {
                    const key = e.target.value.slice(-1);
                    const { key: _old, ...rest } = l;
                    update({ ...draft, labels: draft.labels.map((x, j) => (j === i ? (key ? { ...rest, key } : rest) : x)) });
                  }} />
                <input type="checkbox" checked={l.refersToSource} aria-label={`${l.name} names a source`} onChange={(e) => setLabel(i, { refersToSource: e.target.checked })} />
                <span className="schema-usage">{usage ? `${used(l.name)} span${used(l.name) === 1 ? '' : 's'}` : '…'}</span>
                <button type="button" aria-label={`Remove label ${l.name}`} onClick={() => remove({
                  ...draft, labels: draft.labels.filter((_, j) => j !== i),
                  linkTypes: draft.linkTypes.map((t) => ({ ...t, from: t.from.filter((x) => x !== l.name), to: t.to.filter((x) => x !== l.name) })),
                })}>Remove</button>
              </div>
              {l.attributes.map((a, k) => (
                <div key={k} className="schema-attribute">
                  <input type="text" value={a.name} aria-label={`Attribute ${k + 1} of ${l.name}`} onChange={(e) => setAttr(i, k, { name: e.target.value.trim() })} />
                  <ListInput value={a.values} label={`Values of ${l.name}'s ${a.name}`} placeholder="values, separated by commas" onChange={(values) => setAttr(i, k, { values })} />
                  <ListInput value={a.keys ?? []} label={`Keys of ${l.name}'s ${a.name}`} placeholder="keys (optional)" split={splitKeys} onChange={(keys) => {
                    const { keys: _k, ...rest } = a;
                    setLabel(i, { attributes: l.attributes.map((x, j) => (j === k ? (keys.length ? { ...rest, keys } : rest) : x)) });
                  }} />
                  <button type="button" aria-label={`Remove ${l.name}'s ${a.name}`} onClick={() => remove({
                    ...draft, labels: draft.labels.map((x, j) => (j === i ? { ...x, attributes: x.attributes.filter((_, m) => m !== k) } : x)),
                  })}>Remove</button>
                </div>
              ))}
              <button type="button" className="link-button" onClick={() => setLabel(i, { attributes: [...l.attributes, { name: `Attribute${l.attributes.length + 1}`, values: ['yes', 'no'] }] })}>
                Add an attribute to {l.name}
              </button>
            </div>
          ))}
          <button type="button" onClick={addLabel}>Add label</button>
        </section>
        <section aria-labelledby="schema-links-title">
          <h3 id="schema-links-title">Link types</h3>
          {draft.linkTypes.map((t, i) => (
            <div key={i} className="schema-link" data-link-type={t.name}>
              <input type="text" value={t.name} aria-label={`Name of link type ${i + 1}`} onChange={(e) => setLink(i, { name: e.target.value.trim() })} />
              <input type="text" value={t.exportName} aria-label={`Export name of ${t.name}`} title="Its spelling in brat, doccano and Label Studio" onChange={(e) => setLink(i, { exportName: e.target.value.trim() })} />
              <ListInput value={t.from} label={`${t.name} from labels`} placeholder="from labels" onChange={(from) => setLink(i, { from })} />
              <span aria-hidden="true">→</span>
              <ListInput value={t.to} label={`${t.name} to labels`} placeholder="to labels" onChange={(to) => setLink(i, { to })} />
              <button type="button" aria-label={`Remove link type ${t.name}`} onClick={() => remove({ ...draft, linkTypes: draft.linkTypes.filter((_, j) => j !== i) })}>Remove</button>
            </div>
          ))}
          <button type="button" onClick={() => update({ ...draft, linkTypes: [...draft.linkTypes, { name: `link-${draft.linkTypes.length + 1}`, exportName: `Link${draft.linkTypes.length + 1}`, from: [draft.labels[0]!.name], to: [draft.labels[0]!.name] }] })}>
            Add link type
          </button>
        </section>
        <section aria-labelledby="schema-verdict-title">
          <h3 id="schema-verdict-title">Verdict scale</h3>
          <label className="field">Worst to best, separated by commas (a claim's Verdict takes one of them)
            <ListInput value={draft.verdictScale} label="Verdict scale" onChange={(scale) => update(withVerdictScale(draft, scale))} />
          </label>
        </section>
        {/* Sticky at the bottom of the dialog, so a refusal is seen wherever the button that caused it is. */}
        <div className="schema-footer">
        {problems.length > 0 && (
          <div className="warning schema-problems" role="alert">
            <p>{problems.length === 1 ? 'This cannot be done:' : 'These cannot be done:'}</p>
            <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>
          </div>
        )}
        {status && <p className="hint" role="status">{status}</p>}
        <div className="modal-actions">
          <button type="button" disabled={busy} onClick={() => void undo(false)} title="Take back the last saved schema change (Ctrl+Z)">Undo</button>
          <button type="button" disabled={busy} onClick={() => void undo(true)} title="Redo (Ctrl+Y)">Redo</button>
          <button type="button" onClick={() => closeSchemaEditor.perform(wb)}>{dirty ? 'Discard and close' : 'Close'}</button>
          <button type="button" className="primary" disabled={busy || !dirty} onClick={() => void save()}>{busy ? 'Saving…' : 'Save'}</button>
        </div>
        </div>
      </div>
    </div>
  );
}
