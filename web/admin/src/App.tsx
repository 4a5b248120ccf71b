// The page shell: language, antd theme and locale, and who is signed in (login page, the
// dashboard for a shop's admins, or a refusal for everyone else).
import { App as AntApp, Button, ConfigProvider, Layout, Result, Space, Spin, Typography } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import enUS from 'antd/es/locale/en_US.js';
import zhCN from 'antd/es/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { useCallback, useEffect, useState } from 'react';
import { useLang } from '../../shared/lang.js';
import { LoginPage } from '../../shared/login-page.js';
import { api, type Staff } from './api.js';
import { Dashboard } from './Dashboard.js';
import { STRINGS, StringsContext } from './i18n.js';

const LANG_KEY = 'xiaoer:admin:lang';

/** antd's package is not marked as ESM, so TypeScript sees its locale modules as CommonJS wrappers; the bundler gives the locale itself. */
const localeOf = (m: Locale | { default: Locale }): Locale => ('default' in m ? m.default : m);
const LOCALES = { zh: localeOf(zhCN), en: localeOf(enUS) };

export function App() {
  const [lang, setLang] = useLang(LANG_KEY);
  /** undefined while asking the server who we are; null when signed out. */
  const [staff, setStaff] = useState<Staff | null | undefined>(undefined);
  /** The server refused the report to this account (403), whatever its role said. */
  const [refused, setRefused] = useState(false);
  const t = STRINGS[lang];

  useEffect(() => {
    api.me().then(setStaff, () => setStaff(null));
  }, []);

  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t.appTitle;
  }, [lang, t]);

  const signIn = (s: Staff) => {
    setRefused(false);
    setStaff(s);
  };
  const signOut = useCallback(() => {
    // Signed out locally whatever the server says: the cookie is gone or no longer valid.
    api.logout().catch(() => undefined);
    setStaff(null);
  }, []);
  const sessionEnded = useCallback(() => setStaff(null), []);
  const forbidden = useCallback(() => setRefused(true), []);

  let content;
  if (staff === undefined) content = <Spin className="center" />;
  else if (staff === null) content = <LoginPage t={t} onSignedIn={signIn} />;
  else if (staff.role !== 'admin' || refused)
    content = (
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
    );
  else content = <Dashboard staff={staff} onSessionEnded={sessionEnded} onForbidden={forbidden} />;

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
            <Layout.Content className="shell-content">{content}</Layout.Content>
          </Layout>
        </StringsContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
