import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The agent workspace, served by the server at /agent/ (hence the relative base). In development,
// `npx vite --config web/agent/vite.config.ts` proxies the API and Socket.IO to a server on :3000.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/agent', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    // antd is most of the bundle; one chunk is fine for an internal tool loaded once per shift.
    chunkSizeWarningLimit: 2000,
  },
});
