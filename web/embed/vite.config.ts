// The embeddable widget's loader (web/embed/src/loader.ts): one IIFE file, dist/web/embed/widget.js,
// served at /widget.js. It names the chat chunk the chat build (vite.chat.config.ts, run first) wrote.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const outDir = fileURLToPath(new URL('../../dist/web/embed', import.meta.url));
const chatFile = readdirSync(outDir).find((f) => /^widget-chat-[\w-]+\.js$/.test(f));
if (!chatFile) throw new Error('build the chat first: vite build --config web/embed/vite.chat.config.ts');

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  publicDir: false,
  define: { __XIAOER_CHAT_FILE__: JSON.stringify(chatFile) },
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2020',
    modulePreload: false,
    rollupOptions: {
      input: fileURLToPath(new URL('./src/loader.ts', import.meta.url)),
      output: { format: 'iife', entryFileNames: 'widget.js' },
    },
  },
});
