/**
 * What a brat `.ann` means, line by line but without its ids and line order (which brat itself
 * ignores): every span (label and offsets, fragments in text order, touching ones joined),
 * attribute (binary ones kept apart from valued ones), normalisation, note, relation and event
 * (roles as written, with their numbers), each naming what it points to by meaning. Two files
 * with equal meanings are the same annotations. Read from the raw lines, not through Sourcemark's
 * parser, so that the parser cannot hide what it would lose.
 */
export type BratIdentity = { spans: string[]; attributes: string[]; normalizations: string[]; notes: string[]; relations: string[]; events: string[] };

/** Fragments in text order, touching or overlapping ones joined, as `s e;s e`. */
export function canonicalFragments(offsets: string): string {
  const frags = offsets.split(';').map((p) => p.split(' ').map(Number) as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const f of frags) {
    const last = out[out.length - 1];
    if (last && f[0] <= last[1]) last[1] = Math.max(last[1], f[1]);
    else out.push([f[0], f[1]]);
  }
  return out.map(([s, e]) => `${s} ${e}`).join(';');
}

export function bratIdentity(ann: string): BratIdentity {
  const lines = ann.split(/\r?\n/).filter((l) => l.trim());
  const key = new Map<string, string>();
  for (const l of lines) {
    const [id = '', body = ''] = l.split('\t');
    if (id.startsWith('T')) {
      const m = /^(\S+) (.+)$/.exec(body)!;
      key.set(id, `${m[1]} ${canonicalFragments(m[2]!)}`);
    }
  }
  for (const l of lines) {
    const [id = '', body = ''] = l.split('\t');
    if (!id.startsWith('E')) continue;
    const [head = '', ...args] = body.trim().split(/\s+/);
    const [type, trigger] = head.split(':');
    key.set(id, `${type}(${key.get(trigger!)}; ${args.map((a) => `${a.split(':')[0]}=${key.get(a.split(':')[1]!)}`).join(', ')})`);
  }
  const out: BratIdentity = { spans: [], attributes: [], normalizations: [], notes: [], relations: [], events: [] };
  for (const l of lines) {
    const [id = '', body = '', ...rest] = l.split('\t');
    const tail = rest.join('\t');
    const parts = body.trim().split(' ');
    switch (id[0]) {
      case 'T': out.spans.push(key.get(id)!); break;
      case 'A': case 'M': out.attributes.push(`${parts[0]} of ${key.get(parts[1]!)}${parts[2] === undefined ? ' (binary)' : ` = ${parts[2]}`}`); break;
      case 'N': out.normalizations.push(`${parts[0]} ${key.get(parts[1]!)} ${parts[2]}\t${tail}`); break;
      case '#': out.notes.push(`${parts[0]} ${key.get(parts[1]!)}\t${tail}`); break;
      case 'R': out.relations.push(`${parts[0]} ${key.get(parts[1]!.replace('Arg1:', ''))} -> ${key.get(parts[2]!.replace('Arg2:', ''))}`); break;
      case 'E': out.events.push(key.get(id)!); break;
    }
  }
  for (const k of Object.keys(out) as (keyof BratIdentity)[]) out[k].sort();
  return out;
}

/** Each `T` line's text equals the text at its offsets (code points), fragments joined by a space. */
export function spanTextsMatch(txt: string, ann: string): string[] {
  const cps = [...txt];
  const bad: string[] = [];
  for (const l of ann.split(/\r?\n/).filter((x) => x.startsWith('T'))) {
    const [, body = '', text = ''] = l.split('\t');
    const offs = body.slice(body.indexOf(' ') + 1);
    const want = offs.split(';').map((p) => {
      const [s, e] = p.split(' ').map(Number) as [number, number];
      return cps.slice(s, e).join('');
    }).join(' ');
    if (want.replace(/[\t\n\r]/g, ' ') !== text) bad.push(`${l} (the text there is "${want}")`);
  }
  return bad;
}
