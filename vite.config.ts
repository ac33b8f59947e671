import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves the built app in production; in `npm run dev` Vite proxies the API to it.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 4096 },
  worker: { format: 'es' },
  optimizeDeps: {
    // The codec glue modules are CommonJS loaded from workers; pre-bundling them avoids
    // "require is not defined" in the decode worker.
    include: [
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/codec-libjxl/decodewasmjs',
      // UMD package imported by the (excluded) image loader: it must be pre-bundled to load as ESM.
      'dicom-parser',
    ],
    exclude: ['@cornerstonejs/dicom-image-loader'],
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/dicomweb': gateway, '/api': gateway, '/s/': gateway, '/healthz': gateway },
  },
});
