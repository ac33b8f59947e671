import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main className="page-message">
      <h1>Page not found</h1>
      <p>This address is not part of SecondRead.</p>
      <Link to="/" className="button">
        Go to the study list
      </Link>
    </main>
  );
}
