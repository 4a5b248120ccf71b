// What every console page needs from the shell: the shop's API, who is signed in, and one way to
// report a failure (a lost session shows the sign-in page, a refusal the 403 page, anything else a
// message in the page's language).
import { App } from 'antd';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { ApiError, type Staff } from '../../../shared/api.js';
import { useStrings } from '../i18n.js';
import { adminApi, type AdminApi } from './admin-api.js';

export interface ConsoleValue {
  staff: Staff;
  api: AdminApi;
  /** Reports a failed call: 401 ends the session, 403 refuses the console, the rest is shown. */
  fail: (e: unknown) => void;
  sessionEnded: () => void;
  forbidden: () => void;
}

const ConsoleContext = createContext<ConsoleValue | null>(null);

export function ConsoleProvider({ staff, sessionEnded, forbidden, children }: { staff: Staff; sessionEnded: () => void; forbidden: () => void; children: ReactNode }) {
  const t = useStrings();
  const { message } = App.useApp();
  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) sessionEnded();
      else if (e instanceof ApiError && e.status === 403 && e.code !== 'XIAOER_ACCOUNT_DISABLED') forbidden();
      else void message.error(t.failed + (e instanceof Error ? e.message : String(e)));
    },
    [sessionEnded, forbidden, message, t],
  );
  const value = useMemo(() => ({ staff, api: adminApi(staff.shop), fail, sessionEnded, forbidden }), [staff, fail, sessionEnded, forbidden]);
  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleValue {
  const v = useContext(ConsoleContext);
  if (!v) throw new Error('useConsole outside ConsoleProvider');
  return v;
}
