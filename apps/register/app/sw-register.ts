/**
 * Registers the service worker that keeps the app shell for offline starts. Not in `vite dev`
 * (there is no built sw.js there); failures are reported, never fatal: the register still sells.
 */
export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL })
    .catch((error: unknown) => {
      console.warn('The offline app shell could not be installed', error);
    });
}
