import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The front end lives in web/; the API server (npm run build && taizhang serve) answers /api in development.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** Libraries in chunks of their own, so the application's own code stays small and caches apart. */
const vendorGroups = [
  { name: 'echarts', test: /node_modules[\\/](?:echarts|zrender|tslib)[\\/]/, priority: 20 },
  {
    name: 'antd',
    test: /node_modules[\\/](?:antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|stylis|dayjs|scroll-into-view-if-needed|compute-scroll-into-view|throttle-debounce|json2mq|string-convert|is-mobile|clsx)[\\/]/,
    priority: 10,
  },
  {
    name: 'react',
    test: /node_modules[\\/](?:react|react-dom|react-router|react-router-dom|scheduler|cookie|set-cookie-parser)[\\/]/,
    priority: 30,
  },
];

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: { codeSplitting: { groups: vendorGroups } },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
