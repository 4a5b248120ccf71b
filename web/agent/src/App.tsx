// The page shell: language, antd theme and locale, and who is signed in (login page or workspace).
import { App as AntApp, Button, ConfigProvider, Layout, Space, Spin, Typography } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import enUS from 'antd/es/locale/en_US.js';
import zhCN from 'antd/es/locale/zh_CN.js';
import { useEffect, useState } from 'react';
import { useLang } from '../../shared/lang.js';
import { LoginPage } from '../../shared/login-page.js';
import { api, type Staff } from './api.js';
import { STRINGS, StringsContext } from './i18n.js';
import { Workspace } from './Workspace.js';

const LANG_KEY = 'xiaoer:agent:lang';

/** antd's package is not marked as ESM, so TypeScript sees its locale modules as CommonJS wrappers; the bundler gives the locale itself. */
const localeOf = (m: Locale | { default: Locale }): Locale => ('default' in m ? m.default : m);
const LOCALES = { zh: localeOf(zhCN), en: localeOf(enUS) };

export function App() {
  const [lang, setLang] = useLang(LANG_KEY);
  /** undefined while asking the server who we are; null when signed out. */
  const [staff, setStaff] = useState<Staff | null | undefined>(undefined);
  const t = STRINGS[lang];

  useEffect(() => {
    api.me().then(setStaff, () => setStaff(null));
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t.appTitle;
  }, [lang, t]);

  const signOut = () => {
    // Signed out locally whatever the server says: the cookie is gone or no longer valid.
    api.logout().catch(() => undefined);
    setStaff(null);
  };

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
                  <Typography.Text className="who">
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
              {staff === undefined ? <Spin className="center" /> : staff === null ? <LoginPage t={t} onSignedIn={setStaff} /> : <Workspace staff={staff} onSessionEnded={() => setStaff(null)} />}
            </Layout.Content>
          </Layout>
        </StringsContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
