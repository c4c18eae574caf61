import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API of a running ./run.sh (port 5080), so the app stays same-origin.
const api = process.env.CALLARO_API ?? 'http://localhost:5080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 900 },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/uploads': api,
      '/session': api,
      '/dashboard': api,
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
