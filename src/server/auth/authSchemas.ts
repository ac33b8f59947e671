import { LoginRequest, StaffSession, User } from '../../api/auth';
import { ApiErrorBody } from '../../api/jsonTypes';

/**
 * The auth routes' schemas under the names the routes use: each one is the contract in src/api
 * that the app checks answers with. Response schemas keep password hashes and session ids out.
 */
export const errorSchema = ApiErrorBody;
export const userSchema = User;
export const sessionInfoSchema = StaffSession;
export const loginBodySchema = LoginRequest;

export const USERNAME_PATTERN = '^[A-Za-z0-9._@-]{2,64}$';
export const PASSWORD_MIN_LENGTH = 12;
