import { Type, type Static } from 'typebox';
import { IsoTime, StringEnum } from './jsonTypes';

/** Staff sign-in (/api/login, /api/me): what the gateway accepts and answers, written once. */

const Role = StringEnum(['admin', 'radiologist']);

/** A staff member as the API shows them: never the password's hash. */
export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
});
export type User = Static<typeof User>;

/** POST /api/login. */
export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 128 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** The answer to /api/login and /api/me: the signed-in session, never its id. */
export const StaffSession = Type.Object({
  user: User,
  /** Sent back as X-CSRF-Token on every change; the app keeps it in memory only. */
  csrfToken: Type.String(),
  expiresAt: IsoTime,
  idleTimeoutSeconds: Type.Integer(),
});
export type StaffSession = Static<typeof StaffSession>;
