import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { constants } from 'node:zlib';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

// The gateway serves the built app in production; in `npm run dev` Vite proxies the API to it.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [
    react(),
    // A .br and a .gz beside each asset the browser loads, which the gateway sends as they are
    // (preCompressed): compressed once here instead of on every request. Source maps (only
    // developer tools read them, and they are the largest files) stay uncompressed. Brotli at
    // quality 10, not 11: half the time (11 took more than the rest of the build) for 3 % more bytes.
    compression({
      include: /\.(?:html|js|mjs|css|json|webmanifest|svg|txt|wasm)$/,
      threshold: 1024,
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } }),
        defineAlgorithm('gzip', { level: constants.Z_BEST_COMPRESSION }),
      ],
    }),
  ],
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
