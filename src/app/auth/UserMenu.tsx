import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/api';
import { logout } from '../api/authApi';
import { LOGIN_PATH, SHARES_PATH } from '../routes';
import { useSession } from './SessionProvider';
import './auth.css';

/** The signed-in reader's corner of the header: their shares, their name, and signing out. */
export function UserMenu() {
  const { session, signedOut } = useSession();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);
  if (session.kind !== 'staff') return null;
  const { user } = session.staff;
  const signOut = async () => {
    setFailed(false);
    try {
      await logout(api);
    } catch {
      // The session stays valid on the server; say so rather than pretend.
      setFailed(true);
      return;
    }
    void navigate(LOGIN_PATH, { replace: true });
    signedOut();
  };
  return (
    <nav className="user-menu" aria-label="Account">
      <Link to={SHARES_PATH} className="button button-quiet">
        My shares
      </Link>
      <span className="user-name" title={`${user.username} · ${user.role}`}>
        {user.displayName}
      </span>
      <button type="button" className="button" onClick={() => void signOut()}>
        Sign out
      </button>
      {failed && (
        <span className="form-error" role="alert">
          Sign-out failed; try again.
        </span>
      )}
    </nav>
  );
}
