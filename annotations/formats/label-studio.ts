/**
 * Label Studio, read (`labelStudioTasks`) and written (the `label-studio` export: tasks and the
 * labelling config beside them). Its JSON export is an array of tasks, each with `data` (the text) and `annotations`,
 * whose `result` holds `labels` regions (`value.start`, `value.end`, `value.text`,
 * `value.labels`) and `relation`s (`from_id`, `to_id`, `labels`). Offsets are checked against
 * `value.text` in both units, since exports differ.
 */
import { FormatError, type StandoffDoc } from './standoff.js';
import { fragmentsIn, splitDiscontinuous, type Exporter } from './core.js';
import { layerOf, layersOf } from '../model/layers.js';
import { OffsetConverter } from '../model/offsets.js';
import { labelExportName, linkTypeDef } from '../model/schema.js';

export type LabelStudioTask = { text: string; standoff: StandoffDoc; index: number; warnings: string[]; meta: Record<string, unknown> };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a parsed Label Studio export (an array of tasks, or one task). */
export function labelStudioTasks(data: unknown): LabelStudioTask[] {
  const tasks = Array.isArray(data) ? data : [data];
  return tasks.map((task, index) => {
    const where = `task ${index + 1}`;
    if (!isObj(task) || !isObj(task.data)) throw new FormatError(`${where} has no "data" object: this is not a Label Studio export`);
    const text = typeof task.data.text === 'string' ? task.data.text : Object.values(task.data).find((v): v is string => typeof v === 'string');
    if (text === undefined) throw new FormatError(`${where} has no text in its "data"`);
    const warnings: string[] = [];
    const annotations = (Array.isArray(task.annotations) ? task.annotations : Array.isArray(task.completions) ? task.completions : []).filter((a) => isObj(a) && !a.was_cancelled);
    if (annotations.length > 1) warnings.push(`${where} has ${annotations.length} annotations; the first was imported.`);
    const result = isObj(annotations[0]) && Array.isArray(annotations[0].result) ? annotations[0].result : [];
    const entities: StandoffDoc['entities'] = [];
    const relations: StandoffDoc['relations'] = [];
    result.forEach((r: unknown, i) => {
      if (!isObj(r)) throw new FormatError(`${where}, result ${i + 1} is not an object`);
      if (r.type === 'relation') {
        const labels = Array.isArray(r.labels) && r.labels.length ? r.labels.map(String) : ['related'];
        for (const type of labels) relations.push({ type, from: String(r.from_id), to: String(r.to_id) });
        return;
      }
      const value = r.value;
      if (!isObj(value) || typeof value.start !== 'number' || typeof value.end !== 'number') {
        if (r.type && r.type !== 'labels') warnings.push(`${where}: a "${String(r.type)}" result is not a text span and was left out.`);
        else throw new FormatError(`${where}, result ${i + 1} has no value.start and value.end`);
        return;
      }
      const labels = Array.isArray(value.labels) ? value.labels : Array.isArray(value.hypertextlabels) ? value.hypertextlabels : [];
      if (!labels.length) throw new FormatError(`${where}, result ${i + 1} has no label`);
      labels.forEach((label, k) => entities.push({
        key: k === 0 ? String(r.id ?? `r${i}`) : `${String(r.id ?? `r${i}`)}#${k}`, label: String(label),
        fragments: [{ start: value.start as number, end: value.end as number }],
        ...(typeof value.text === 'string' ? { text: value.text } : {}),
      }));
    });
    const { data: _d, annotations: _a, completions: _c, predictions: _p, ...meta } = task;
    return { text, standoff: { text, unit: 'auto', entities, relations }, index, warnings, meta };
  });
}

export const labelStudioExporter: Exporter = {
  name: 'label-studio', description: 'Label Studio tasks (labels and relations) and the labelling config (XML)', kind: 'file', defaultUnit: 'utf16', extension: '.json',
  header: () => '[\n',
  chunk: (doc, ctx, first) => {
    const conv = new OffsetConverter(doc.article.text);
    const split = splitDiscontinuous(doc, ctx, 'Label Studio');
    // One annotation per layer (each annotator's, the curated one), as Label Studio keeps one per person.
    const byLayer = new Map<string, Record<string, unknown>[]>();
    const resultOf = (layer: string) => byLayer.get(layer) ?? byLayer.set(layer, []).get(layer)!;
    const spanLayer = new Map(doc.spans.map((s) => [s.id, layerOf(s)]));
    const firstId = new Map<string, string>();
    for (const s of doc.spans) {
      fragmentsIn(doc, s, ctx.unit, conv).forEach((f, k) => {
        const id = k === 0 ? s.id : `${s.id}-${k + 1}`;
        if (k === 0) firstId.set(s.id, id);
        resultOf(spanLayer.get(s.id)!).push({ id, type: 'labels', from_name: 'label', to_name: 'text', origin: 'manual', value: { start: f.start, end: f.end, text: f.text, labels: [labelExportName(ctx.schema, s.label)] } });
      });
    }
    for (const l of doc.links) {
      resultOf(l.layer ?? spanLayer.get(l.from) ?? layerOf(l)).push({ type: 'relation', from_id: firstId.get(l.from), to_id: firstId.get(l.to), direction: 'right', labels: [linkTypeDef(ctx.schema, l.type)?.exportName ?? l.type] });
    }
    const task = {
      id: doc.article.id, data: { text: doc.article.text, title: doc.article.title, ...doc.article.metadata },
      annotations: byLayer.size ? layersOf(doc).filter((l) => byLayer.has(l)).map((layer) => ({ result: byLayer.get(layer)!, completed_by: layer })) : [{ result: [], completed_by: '' }],
      meta: { sourcemark: { offsets: ctx.unit, ...(split.length ? { simplified: split.map((s) => `${s.id} (${s.label}) split into ${s.fragments.length} regions`) } : {}) } },
    };
    return (first ? '' : ',\n') + JSON.stringify(task);
  },
  footer: () => '\n]\n',
  extra: (ctx) => [{
    name: 'label-config.xml',
    content: [
      '<View>',
      '  <Relations>', ...ctx.schema.linkTypes.map((t) => `    <Relation value="${xml(t.exportName)}"/>`), '  </Relations>',
      '  <Labels name="label" toName="text">', ...ctx.schema.labels.map((l) => `    <Label value="${xml(labelExportName(ctx.schema, l.name))}" background="${l.color}"${l.key ? ` hotkey="${xml(l.key)}"` : ''}/>`), '  </Labels>',
      '  <Text name="text" value="$text" granularity="word"/>',
      '</View>', '',
    ].join('\n'),
  }],
};

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
