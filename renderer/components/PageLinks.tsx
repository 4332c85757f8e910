/**
 * The header's links to the pages over the workbench: the corpus pages (issue 21) and the
 * Agreement page (issue 18). On a wide window they are links in the header; below 80rem (a
 * 1280 px window) they fold into one "Pages" menu, so the header stays one line at 1024 px.
 */
import { CORPUS_LINKS, type CorpusRoute } from '../state/corpus.js';
import { mediaQuery } from './hooks.js';

/** True below 80rem (a 1280 px window), where the links fold into a menu. */
const useFolded = mediaQuery('(max-width: 79.99rem)');

export function PageLinks({ corpus, agreement }: { corpus: CorpusRoute | undefined; agreement: boolean }) {
  const folded = useFolded();
  const links = [
    ...CORPUS_LINKS.map((l) => ({ hash: l.hash, text: l.text, title: undefined, current: !!corpus && (l.pages as readonly string[]).includes(corpus.page) })),
    { hash: '#/agreement', text: 'Agreement', title: 'Agreement between annotators', current: agreement },
  ];
  const nav = (
    <nav className="corpus-links" aria-label="Pages">
      {links.map((l) => (
        <a key={l.hash} href={l.hash} className="topbar-link" title={l.title} aria-current={l.current ? 'page' : undefined}>{l.text}</a>
      ))}
    </nav>
  );
  if (!folded) return nav;
  const current = links.find((l) => l.current);
  return (
    <details className="pages-menu"
      onClick={(e) => {
        // A link chosen closes the menu.
        if (e.target instanceof Element && e.target.closest('a')) e.currentTarget.open = false;
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && e.currentTarget.open) {
          e.currentTarget.open = false;
          e.currentTarget.querySelector('summary')?.focus();
          e.stopPropagation();
        }
      }}>
      <summary className="topbar-button">{current ? current.text : 'Pages'}</summary>
      {nav}
    </details>
  );
}
