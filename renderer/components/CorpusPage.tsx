/** Which corpus page an address shows (issue 21), over the workbench's columns (the header's links: PageLinks.tsx). */
import type { Workbench } from '../state/workbench.js';
import { corpusRouteOf, type CorpusRoute } from '../state/corpus.js';
import { SourcePage, SourcesPage } from './SourcesPage.js';
import { ClaimsPage } from './ClaimsPage.js';
import { ProvenancePage } from './ProvenancePage.js';
import { ChartsPage } from './ChartsPage.js';
import { hashRoute, usePageOverWorkbench } from './hooks.js';

/** The corpus page of `route`, over the workbench's columns (which are inert meanwhile). */
export function CorpusPage({ wb, route }: { wb: Workbench; route: CorpusRoute }) {
  usePageOverWorkbench('.corpus-page', route.page);
  return (
    <main className="corpus-page" aria-label="Corpus">
      {route.page === 'sources' && <SourcesPage wb={wb} />}
      {route.page === 'source' && <SourcePage wb={wb} id={route.id} />}
      {route.page === 'claims' && <ClaimsPage wb={wb} />}
      {route.page === 'provenance' && <ProvenancePage wb={wb} />}
      {route.page === 'charts' && <ChartsPage wb={wb} />}
    </main>
  );
}


/** The corpus page the address names (re-rendering when it changes), or undefined on the workbench. */
export const useCorpusRoute: () => CorpusRoute | undefined = hashRoute(corpusRouteOf);
