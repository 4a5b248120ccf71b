// The embeddable widget's chat (web/embed/src/chat.ts): one IIFE file, dist/web/embed/widget-chat-<hash>.js,
// built before the loader (vite.config.ts), which is told its name. `npm run build` runs both.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/embed', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: false,
    rollupOptions: {
      input: fileURLToPath(new URL('./src/chat.ts', import.meta.url)),
      output: { format: 'iife', entryFileNames: 'widget-chat-[hash].js' },
    },
  },
});
