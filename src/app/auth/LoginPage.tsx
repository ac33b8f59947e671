import { useEffect, useState, type SubmitEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/api';
import { login } from '../api/authApi';
import { describeLoginError } from './describeLoginError';
import { returnPath } from './returnPath';
import { useSession } from './SessionProvider';
import './auth.css';

/** `/login?next=<path>`: username and password, then back to where the reader was. */
export function LoginPage() {
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = returnPath(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    document.title = 'Sign in · SecondRead';
  }, []);

  if (session.kind === 'staff' && !busy) return <Navigate to={next} replace />;

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      signedIn(await login(api, username.trim(), password));
      void navigate(next, { replace: true });
    } catch (failure) {
      setError(describeLoginError(failure));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <p className="brand">SecondRead</p>
        <h1 id="login-title">Sign in</h1>
        {session.kind === 'anonymous' && session.ended && !error && (
          <p className="login-note" role="status">
            Your session ended. Sign in again to continue where you were.
          </p>
        )}
        <label className="field">
          <span className="field-label">Username</span>
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="login-help muted">
          First start? Open the one-time setup address the server printed when it started. Accounts are added with{' '}
          <code>npm run user:add</code>.
        </p>
      </form>
    </main>
  );
}
