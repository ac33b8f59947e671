import type { ReactNode } from 'react';

/** The list's empty and error states: one headline, one sentence, at most one action. */
export function SearchMessage({
  title,
  children,
  action,
  alert,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
  alert?: boolean;
}) {
  return (
    <section
      className={alert ? 'search-message search-message-error' : 'search-message'}
      role={alert ? 'alert' : 'status'}
    >
      <h2>{title}</h2>
      <p>{children}</p>
      {action}
    </section>
  );
}
