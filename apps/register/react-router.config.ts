import type { Config } from '@react-router/dev/config';

// SPA mode: the register is static files the platform serves under /register/, cached by the
// service worker so a reload with the network down still opens it (docs/decisions/0012).
export default {
  appDirectory: 'app',
  ssr: false,
  basename: '/register/',
} satisfies Config;
