import type { ReactNode } from 'react';

export function ErrorNote({ message }: { readonly message: string | null }) {
  if (!message) return null;
  return (
    <p className="note note-error" role="alert">
      {message}
    </p>
  );
}

export function InfoNote({ children }: { readonly children: ReactNode }) {
  return (
    <p className="note note-info" role="status">
      {children}
    </p>
  );
}

export function EmptyState({
  title,
  children,
}: {
  readonly title: string;
  readonly children?: ReactNode;
}) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children ? <p className="empty-text">{children}</p> : null}
    </div>
  );
}
