// What publishing would change now (GET /draft), shared by the header's indicator and the pages:
// a page that saves something calls draftStore.refresh() and the indicator follows. One store per
// page load, outside React, because the header and the pages sit in different parts of the tree.
import { useEffect, useSyncExternalStore } from 'react';
import type { Changes, DraftDto } from '../../../../src/contracts/admin.js';
import { adminApi } from './admin-api.js';

interface DraftState {
  shop: string | null;
  draft: DraftDto | null;
}

let state: DraftState = { shop: null, draft: null };
const listeners = new Set<() => void>();
/** Answers of older refreshes are dropped: the last one asked for wins. */
let asked = 0;

function set(next: DraftState) {
  state = next;
  for (const l of listeners) l();
}

export const draftStore = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  get: () => state,
  /** Asks the server again (for the last shop shown when none is given). A failure keeps the last answer: the indicator is a hint, never an error. */
  async refresh(shop: string | null = state.shop): Promise<void> {
    if (!shop) return;
    const mine = ++asked;
    if (shop !== state.shop) set({ shop, draft: null });
    try {
      const draft = await adminApi(shop).draft();
      if (mine === asked) set({ shop, draft });
    } catch {
      // Not there yet (an older server) or the session ended: the pages report that themselves.
    }
  },
};

/** The number of items publishing would add, change or remove. */
export function changeCount(changes: Changes): number {
  return Object.values(changes).reduce((n, c) => n + c.added.length + c.changed.length + c.removed.length, 0);
}

/** The shop's draft, asked for when the shop is first shown. */
export function useDraft(shop: string): DraftDto | null {
  const s = useSyncExternalStore(draftStore.subscribe, draftStore.get);
  useEffect(() => {
    void draftStore.refresh(shop);
  }, [shop]);
  return s.shop === shop ? s.draft : null;
}
