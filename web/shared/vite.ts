// The Vite config of a staff app (web/agent, web/admin). The server serves the app at /<app>/ (hence the
// relative base); it is built into dist/web/<app>. In development, `npx vite --config
// web/<app>/vite.config.ts` proxies the API (and Socket.IO, for an app that uses it) to a server on :3000.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

export type StaffAppName = 'agent' | 'admin';

export function staffAppConfig(app: StaffAppName, { socketIo = false }: { socketIo?: boolean } = {}): UserConfig {
  return defineConfig({
    root: fileURLToPath(new URL(`../${app}/`, import.meta.url)),
    base: './',
    logLevel: 'warn',
    plugins: [react(), staffPage()],
    server: {
      proxy: {
        '/api': 'http://localhost:3000',
        ...(socketIo ? { '/socket.io': { target: 'http://localhost:3000', ws: true } } : {}),
      },
    },
    build: {
      outDir: fileURLToPath(new URL(`../../dist/web/${app}`, import.meta.url)),
      emptyOutDir: true,
      target: 'es2020',
      // antd is most of the first chunk (the admin console's ECharts comes in a chunk of its own, loaded
      // once the first chart is on screen); one chunk is fine for an internal tool loaded once per shift.
      chunkSizeWarningLimit: 2000,
    },
  });
}

/**
 * The page of a staff app. Its index.html holds only what is its own, the <title>; this puts it in
 * the page every staff app has: the head, the #root that src/main.tsx renders into, and that entry.
 * Vite applies it before anything else reads the HTML, in development and in the build alike.
 */
function staffPage(): Plugin {
  return {
    name: 'xiaoer:staff-page',
    transformIndexHtml: {
      order: 'pre',
      handler: (own) => `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    ${own.trim()}
    <link rel="icon" href="data:," />
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="./src/main.tsx"></script>
  </body>
</html>
`,
    },
  };
}
