import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app lives in web/; the server serves web/dist in production and runs
// Vite in middleware mode in development (see docs/ui.md). The proxy below only
// matters when the Vite dev server is started on its own.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.DAYUNG_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\/](react|react-dom|scheduler)[\/]/ },
            { name: 'react-aria', test: /node_modules[\/](react-aria-components|react-aria|react-stately|@react-aria|@react-stately|@react-types|@internationalized|@swc)[\/]/ },
            { name: 'tanstack', test: /node_modules[\/]@tanstack[\/]/ },
            { name: 'i18n', test: /node_modules[\/](i18next|react-i18next)[\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/healthz': apiTarget,
      '/webhooks': apiTarget,
      '/open311': apiTarget,
    },
  },
});
