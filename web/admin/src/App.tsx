// The admin console in the staff apps' shell (web/shared/staff-app.tsx: language, antd theme and
// locale, sign-in): the shop console for a shop's admins, or a refusal for everyone else.
import { Button, Result } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { useCallback, useState } from 'react';
import type { Lang } from '../../shared/lang.js';
import { StaffApp } from '../../shared/staff-app.js';
import { Console } from './console/Console.js';
import { DraftIndicator } from './console/DraftIndicator.js';
import { STRINGS, StringsContext } from './i18n.js';

/** Dates (the range picker and its calendar) follow the page's language. */
const setDayjsLocale = (lang: Lang) => void dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');

export function App() {
  /** The server refused the console to this account (403), whatever its role said. */
  const [refused, setRefused] = useState(false);
  const forbidden = useCallback(() => setRefused(true), []);
  const allowed = (role: string) => role === 'admin' && !refused;

  return (
    <StaffApp
      langKey="xiaoer:admin:lang"
      strings={STRINGS}
      StringsContext={StringsContext}
      onLang={setDayjsLocale}
      onSignedIn={() => setRefused(false)}
      headerExtra={({ staff }) => (allowed(staff.role) ? <DraftIndicator shop={staff.shop} /> : null)}
    >
      {({ staff, t, signOut, sessionEnded }) =>
        !allowed(staff.role) ? (
          <div data-testid="forbidden">
            <Result
              status="403"
              title={t.forbiddenTitle}
              subTitle={t.forbiddenText}
              extra={
                <Button type="primary" onClick={signOut}>
                  {t.signOut}
                </Button>
              }
            />
          </div>
        ) : (
          <Console staff={staff} sessionEnded={sessionEnded} forbidden={forbidden} />
        )
      }
    </StaffApp>
  );
}
