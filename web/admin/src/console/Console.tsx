// The shop console: a side menu of pages and the page in the address hash (routes.ts). Each page is
// a chunk of its own, loaded the first time it is opened, so the first paint carries only the
// shell; the YAML editor (CodeMirror) and the charts come with the pages that use them.
import { Layout, Menu, Spin } from 'antd';
import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import type { Staff } from '../../../shared/api.js';
import { useStrings } from '../i18n.js';
import { ConsoleProvider } from './context.js';
import { draftStore } from './draft-store.js';
import { navigate, PAGES, useRoute, type PageKey, type PageProps } from './routes.js';

const PAGE_COMPONENTS: Record<PageKey, LazyExoticComponent<ComponentType<PageProps>>> = {
  dashboard: lazy(() => import('../pages/DashboardPage.js')),
  faq: lazy(() => import('../pages/FaqPage.js')),
  products: lazy(() => import('../pages/ProductsPage.js')),
  flows: lazy(() => import('../pages/FlowsPage.js')),
  try: lazy(() => import('../pages/TryPage.js')),
  publish: lazy(() => import('../pages/PublishPage.js')),
  team: lazy(() => import('../pages/TeamPage.js')),
  settings: lazy(() => import('../pages/SettingsPage.js')),
  audit: lazy(() => import('../pages/AuditPage.js')),
};

export function Console({ staff, sessionEnded, forbidden }: { staff: Staff; sessionEnded: () => void; forbidden: () => void }) {
  const t = useStrings();
  const route = useRoute();
  const Page = PAGE_COMPONENTS[route.page];

  // Another admin may have changed the draft: the indicator is brought up to date on every page change.
  useEffect(() => {
    void draftStore.refresh(staff.shop);
  }, [staff.shop, route.page]);

  return (
    <ConsoleProvider staff={staff} sessionEnded={sessionEnded} forbidden={forbidden}>
      <Layout className="console">
        <Layout.Sider theme="light" width={168} breakpoint="lg" collapsedWidth={0} className="console-sider">
          <Menu
            mode="inline"
            selectedKeys={[route.page]}
            onClick={({ key }) => navigate(key as PageKey)}
            items={PAGES.map((p) => ({ key: p, label: <span data-testid={`nav-${p}`}>{t.nav[p]}</span> }))}
          />
        </Layout.Sider>
        <Layout.Content className="console-page" data-testid={`page-${route.page}`}>
          <Suspense fallback={<Spin className="center" />}>
            <Page params={route.params} />
          </Suspense>
        </Layout.Content>
      </Layout>
    </ConsoleProvider>
  );
}
