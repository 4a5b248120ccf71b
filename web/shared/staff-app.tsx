// The page shell of a staff app (web/agent, web/admin): the language, antd's theme and locale, the
// header (the app's title, who is signed in, the language toggle, sign-out) and the session: asking
// the server who is signed in, the sign-in page while nobody is, and the app's own page once someone is.
import { App as AntApp, Button, ConfigProvider, Layout, Space, Spin, Typography } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import enUS from 'antd/es/locale/en_US.js';
import zhCN from 'antd/es/locale/zh_CN.js';
import { useCallback, useEffect, useState, type Context, type ReactNode } from 'react';
import { authApi, type Staff } from './api.js';
import { useLang, type Lang, type StaffStrings } from './lang.js';
import { LoginPage } from './login-page.js';
import './staff-app.css';

/** antd's package is not marked as ESM, so TypeScript sees its locale modules as CommonJS wrappers; the bundler gives the locale itself. */
const localeOf = (m: Locale | { default: Locale }): Locale => ('default' in m ? m.default : m);
const LOCALES = { zh: localeOf(zhCN), en: localeOf(enUS) };

/** What the app's own page gets once someone is signed in. */
export interface Session<S> {
  staff: Staff;
  t: S;
  /** Signs out on the server and shows the sign-in page. */
  signOut: () => void;
  /** The server no longer knows the session (it answered 401): shows the sign-in page. */
  sessionEnded: () => void;
}

export function StaffApp<S extends StaffStrings>({
  langKey,
  strings,
  StringsContext,
  onLang,
  onSignedIn,
  headerExtra,
  children,
}: {
  /** The localStorage entry that keeps the language picked in this app. */
  langKey: string;
  strings: Record<Lang, S>;
  /** The app's strings context (lang.ts defineStrings), provided here with the picked language's strings. */
  StringsContext: Context<S>;
  /** Follows the language with what else depends on it (a date library's locale); keep it one function across renders. */
  onLang?: (lang: Lang) => void;
  /** Called as someone signs in on the sign-in page, before the app's page shows. */
  onSignedIn?: (staff: Staff) => void;
  /** What the app adds to the header while someone is signed in (the admin console's unpublished-changes indicator). */
  headerExtra?: (session: Session<S>) => ReactNode;
  /** The app's page for the signed-in staff. */
  children: (session: Session<S>) => ReactNode;
}) {
  const [lang, setLang] = useLang(langKey);
  /** undefined while asking the server who we are; null when signed out. */
  const [staff, setStaff] = useState<Staff | null | undefined>(undefined);
  const t = strings[lang];

  useEffect(() => {
    authApi.me().then(setStaff, () => setStaff(null));
  }, []);

  useEffect(() => {
    onLang?.(lang);
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t.appTitle;
  }, [lang, t, onLang]);

  const signIn = (s: Staff) => {
    onSignedIn?.(s);
    setStaff(s);
  };
  const signOut = useCallback(() => {
    // Signed out locally whatever the server says: the cookie is gone or no longer valid.
    authApi.logout().catch(() => undefined);
    setStaff(null);
  }, []);
  const sessionEnded = useCallback(() => setStaff(null), []);

  return (
    <ConfigProvider locale={LOCALES[lang]} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
      <AntApp className="app-root">
        <StringsContext.Provider value={t}>
          <Layout className="shell">
            <Layout.Header className="shell-header">
              <Typography.Text strong className="brand">
                {t.appTitle}
              </Typography.Text>
              <Space>
                {staff && headerExtra?.({ staff, t, signOut, sessionEnded })}
                {staff && (
                  <Typography.Text className="who" data-testid="who">
                    {staff.displayName} · {staff.shop}
                  </Typography.Text>
                )}
                <Button size="small" data-testid="lang-toggle" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
                  {t.toggle}
                </Button>
                {staff && (
                  <Button size="small" data-testid="logout" onClick={signOut}>
                    {t.signOut}
                  </Button>
                )}
              </Space>
            </Layout.Header>
            <Layout.Content className="shell-content">
              {staff === undefined ? <Spin className="center" /> : staff === null ? <LoginPage t={t} onSignedIn={signIn} /> : children({ staff, t, signOut, sessionEnded })}
            </Layout.Content>
          </Layout>
        </StringsContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
