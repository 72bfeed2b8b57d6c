import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The front end lives in web/; the API server (npm run build && taizhang serve) answers /api in development.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

/**
 * React and ECharts in chunks of their own (they cache apart from the application's code); antd is left to
 * the bundler, so each screen loads only the components it uses instead of one 1.1 MB chunk. ECharts is
 * imported only by the chart component, which the screens with charts load.
 */
const vendorGroups = [
  // What the light page shares with the application (API client, the catalogue's core, formats), in one file:
  // the light page loads two scripts, not five.
  {
    name: 'core',
    test: /web[\\/]src[\\/](?:api[\\/](?:client|endpoints)|i18n[\\/]zh-core|components[\\/](?:format|lights)|auth[\\/]home)\.ts$|vite[\\/](?:preload-helper|modulepreload-polyfill)/,
    priority: 10,
  },
  { name: 'echarts', test: /node_modules[\\/](?:echarts|zrender)[\\/]/, priority: 20 },
  {
    name: 'react',
    test: /node_modules[\\/](?:react|react-dom|react-router|react-router-dom|scheduler|cookie|set-cookie-parser)[\\/]/,
    priority: 30,
  },
];

/** In development, /login and /my get the light page, as the server gives them in production. */
function lightPages(): Plugin {
  return {
    name: 'taizhang-light-pages',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = req.url?.split('?')[0];
        if (path === '/login' || path === '/my') req.url = `/light.html${req.url?.slice(path.length) ?? ''}`;
        next();
      });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // One stylesheet for both pages (14 KB; antd styles itself at run time): the light page's first requests
    // then fit the browser's six connections with its API requests.
    cssCodeSplit: false,
    rolldownOptions: {
      // Two pages: the full application, and the light page the server serves for /login and /my.
      input: { index: `${root}index.html`, light: `${root}light.html` },
      output: { codeSplitting: { groups: vendorGroups } },
    },
  },
  plugins: [react(), lightPages()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
