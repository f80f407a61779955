import { type ReactNode, useEffect } from 'react';
import { Links, Meta, Outlet, Scripts, ScrollRestoration } from 'react-router';
import stylesheet from './styles.css?url';
import { registerServiceWorker } from './sw-register.ts';
import { RegisterProvider } from './ui/RegisterProvider.tsx';

export function links() {
  return [{ rel: 'stylesheet', href: stylesheet }];
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0f172a" />
        <link rel="manifest" href="/register/manifest.webmanifest" />
        <link rel="icon" href="/register/icon.svg" type="image/svg+xml" />
        <title>Tillpoint Register</title>
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  useEffect(() => {
    registerServiceWorker();
  }, []);
  return (
    <RegisterProvider>
      <Outlet />
    </RegisterProvider>
  );
}

export function HydrateFallback() {
  return <p className="loading">Starting the register…</p>;
}

export function ErrorBoundary({ error }: { error: unknown }) {
  return (
    <main className="centered-screen">
      <section className="panel panel-narrow">
        <h1>Something went wrong</h1>
        <p>{error instanceof Error ? error.message : 'The register hit an unexpected problem.'}</p>
        <button type="button" className="button button-primary" onClick={() => location.reload()}>
          Reload
        </button>
      </section>
    </main>
  );
}
