import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The admin console, served by the server at /admin/ (hence the relative base). In development,
// `npx vite --config web/admin/vite.config.ts` proxies the API to a server on :3000.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/admin', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    // antd is most of the first chunk; ECharts comes in its own chunk, loaded once the first chart
    // is on screen (see src/Chart.tsx), so the page paints without it.
    chunkSizeWarningLimit: 2000,
  },
});
