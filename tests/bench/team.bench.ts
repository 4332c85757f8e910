/**
 * The team desk under load (issue 19): `serve --team` as a separate process on loopback, N
 * signed-in annotators (BENCH_ANNOTATORS, 20) each making M edits (BENCH_EDITS, 50: a minimal
 * span each, with `base` and, as the page does, `have`) as fast as the server answers, first all
 * on the same article, then each on their own. Every acknowledged edit is then counted on disk (the project opened again
 * after the server stopped). Last, the same with the server SIGKILLed halfway and started
 * again: the annotators sign in again and go on, and nothing acknowledged may be missing.
 * Prints p50/p95 latency and edits per second; the goal is p95 under 50 ms at 20 annotators.
 */
import http from 'node:http';
import { ProjectStore } from '../../app/store/project-store.js';
import { Accounts } from '../../app/team/accounts.js';
import { cleanTemp } from '../helpers/project.js';
import { sampleCopy } from '../helpers/server-process.js';
import { login, startDesk, type Desk } from '../security/team-process.js';
import type { Benchmark, Figure } from './harness.js';

const ANNOTATORS = Number(process.env.BENCH_ANNOTATORS ?? 20);
const EDITS = Number(process.env.BENCH_EDITS ?? 50);

type Edit = { annotator: string; articleId: string; spanId: string };

/**
 * One annotator's browser: its own kept-alive connection, as a page has. Plain `node:http`, not
 * `fetch`: the 20 simulated browsers share this machine's 2 cores with the server, and undici's
 * fetch costs about as much CPU per call as the server's whole edit, which would be measured as
 * server latency.
 */
function browser(origin: string, token: string): (method: string, body: unknown) => Promise<{ status: number; json: { error?: unknown; revisions?: Record<string, number>; articles?: Record<string, string> } }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(origin);
  return (method, body) => new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request({ agent, hostname, port, method: 'POST', path: `/api/${method}`, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), Authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { revisions?: Record<string, number> } });
        } catch (e) {
          reject(e as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Signs in every annotator; their tokens by name. */
async function signIn(desk: Desk, passwords: Record<string, string>): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [name, pw] of Object.entries(passwords)) tokens[name] = await login(desk.origin, name, pw);
  return tokens;
}

/**
 * Every annotator makes edits `from`..`to` of their own, as fast as answers come; resolves to the
 * acknowledged edits and each one's latency. `stopAt`, when given, is called after each answer
 * and ends the loop when it returns true (the server was killed).
 */
async function edit(desk: Desk, tokens: Record<string, string>, articleOf: (a: number) => string, lengths: Record<string, number>, from: number, to: number, acked: Edit[], latencies: number[], phase: string): Promise<number> {
  const started = performance.now();
  await Promise.all(Object.keys(tokens).map(async (name, a) => {
    const articleId = articleOf(a);
    const send = browser(desk.origin, tokens[name]!);
    let base: number | undefined;
    // As the page does (renderer/state/api-client.ts): the version of the article it holds, so the answer leaves it out.
    let have: string | undefined;
    for (let i = from; i < to; i++) {
      const len = lengths[articleId]!;
      const start = ((a * EDITS + i) * 7) % (len - 12);
      const spanId = `s-${phase}-${name}-${i}`;
      const t = performance.now();
      let r;
      try {
        r = await send('apply', { op: { op: 'addSpan', articleId, span: { id: spanId, label: 'Quote', fragments: [{ start, end: start + 8 }] } }, ...(base !== undefined ? { base } : {}), ...(have !== undefined ? { have: { [articleId]: have } } : {}) });
      } catch {
        return; // the server is gone: this edit is not acknowledged
      }
      if (r.status !== 200) throw new Error(`edit ${spanId} answered ${r.status}: ${JSON.stringify(r.json.error)}`);
      latencies.push(performance.now() - t);
      acked.push({ annotator: name, articleId, spanId });
      base = r.json.revisions?.[articleId];
      have = r.json.articles?.[articleId];
    }
  }));
  return performance.now() - started;
}

/** How many of `acked` are on disk (the project opened again with the server stopped). */
async function onDisk(dir: string, acked: Edit[]): Promise<number> {
  const store = await ProjectStore.open(dir);
  try {
    const ids = new Set<string>();
    for (const articleId of new Set(acked.map((e) => e.articleId))) for (const s of (await store.getArticle(articleId)).spans) ids.add(s.id);
    const missing = acked.filter((e) => !ids.has(e.spanId));
    if (missing.length) console.error(`missing: ${missing.map((e) => e.spanId).join(' ')} in ${dir}`);
    return acked.length - missing.length;
  } finally {
    await store.close();
  }
}

const bench: Benchmark = {
  name: `team desk: ${ANNOTATORS} annotators × ${EDITS} edits`,
  run: async ({ log }) => {
    const figures: Figure[] = [];
    const dir = sampleCopy();
    const accounts = Accounts.open(dir);
    const passwords: Record<string, string> = {};
    for (let a = 0; a < ANNOTATORS; a++) passwords[`ann${a}`] = await accounts.add(`ann${a}`, 'annotator');
    const lengths: Record<string, number> = {};
    {
      const store = await ProjectStore.open(dir);
      for (const row of store.listArticles({}).items) lengths[row.id] = (await store.getArticle(row.id)).article.text.length;
      await store.close();
    }
    const ids = Object.keys(lengths).sort();
    try {
      for (const [label, articleOf] of [['same article', () => ids[0]!], ['different articles', (a: number) => ids[a % ids.length]!]] as const) {
        const desk = await startDesk(dir);
        const tokens = await signIn(desk, passwords);
        const acked: Edit[] = [];
        const latencies: number[] = [];
        const ms = await edit(desk, tokens, articleOf, lengths, 0, EDITS, acked, latencies, label === 'same article' ? 'same' : 'own');
        await desk.stop();
        const found = await onDisk(dir, acked);
        log(`${label}: ${acked.length} edits acknowledged, ${found} on disk; ${((acked.length / ms) * 1000).toFixed(0)} edits/s`);
        if (found !== acked.length) throw new Error(`${label}: ${acked.length - found} acknowledged edits are missing from disk`);
        figures.push({ name: `edit latency, ${label}`, unit: 'ms', samples: latencies, target: '< 50 ms (p95)' });
        figures.push({ name: `edits per second, ${label}`, unit: 'edits/s', samples: [(acked.length / ms) * 1000] });
      }

      // SIGKILL halfway through a same-article run, then start again and go on.
      const acked: Edit[] = [];
      const latencies: number[] = [];
      const first = await startDesk(dir);
      const tokens = await signIn(first, passwords);
      const half = (ANNOTATORS * EDITS) / 2;
      const killer = setInterval(() => {
        if (acked.length >= half) {
          clearInterval(killer);
          first.child.kill('SIGKILL');
        }
      }, 1);
      await edit(first, tokens, () => ids[1]!, lengths, 0, EDITS, acked, latencies, 'kill');
      clearInterval(killer);
      await first.stop('SIGKILL');
      const beforeKill = acked.length;
      const second = await startDesk(dir);
      await edit(second, await signIn(second, passwords), () => ids[1]!, lengths, EDITS, 2 * EDITS, acked, latencies, 'kill');
      await second.stop();
      const found = await onDisk(dir, acked);
      log(`killed halfway: ${beforeKill} acknowledged before SIGKILL, ${acked.length} in all, ${found} on disk`);
      if (found !== acked.length) throw new Error(`after SIGKILL: ${acked.length - found} acknowledged edits are missing from disk`);
      figures.push({ name: 'edit latency, killed and restarted', unit: 'ms', samples: latencies });
      figures.push({ name: 'acknowledged edits lost to SIGKILL', unit: 'edits', samples: [acked.length - found], target: '0' });
    } finally {
      if (!process.env.BENCH_KEEP) await cleanTemp();
    }
    return figures;
  },
};

export default bench;
