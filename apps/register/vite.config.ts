import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/register/',
  plugins: [reactRouter()],
  build: { target: 'es2022', sourcemap: true },
  server: { host: '127.0.0.1' },
});
