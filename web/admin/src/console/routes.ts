// The console's page lives in the address's hash (/admin/#/faq?id=F01), so a reload or a shared
// link opens the same page; the query before the hash stays the dashboard's (?from=&to=).
import { useCallback, useEffect, useState } from 'react';

export const PAGES = ['dashboard', 'faq', 'products', 'flows', 'try', 'publish', 'team', 'settings', 'audit'] as const;
export type PageKey = (typeof PAGES)[number];

export interface Route {
  page: PageKey;
  /** The page's own parameters (an open item, a prefilled draft). */
  params: Record<string, string>;
}

/** What a page component gets: its route's parameters (an open item, a prefilled draft). */
export type PageProps = { params: Record<string, string> };

const isPage = (s: string): s is PageKey => (PAGES as readonly string[]).includes(s);

/** The route of a location hash: "#/faq?id=F01" → faq with {id: "F01"}; anything unknown is the dashboard. */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const name = q < 0 ? body : body.slice(0, q);
  const params: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(body.slice(q + 1))) params[k] = v;
  return isPage(name) ? { page: name, params } : { page: 'dashboard', params: {} };
}

/** The hash of a route, parameters in a stable order. */
export function formatHash(route: { page: PageKey; params?: Record<string, string | undefined> }): string {
  const entries = Object.entries(route.params ?? {}).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(entries).toString();
  return `#/${route.page}${query ? `?${query}` : ''}`;
}

/** Goes to a page; `replace` keeps the browser's history as it is (a parameter that only tidies the address). */
export function navigate(page: PageKey, params?: Record<string, string | undefined>, { replace = false } = {}) {
  const hash = formatHash({ page, params });
  if (location.hash === hash) return;
  if (replace) {
    history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
    // replaceState fires no hashchange; the listeners below still need to hear of it.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else location.hash = hash;
}

/** The current route, following the address. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  const follow = useCallback(() => setRoute(parseHash(location.hash)), []);
  useEffect(() => {
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [follow]);
  return route;
}
