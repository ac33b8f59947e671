import { ApiClient } from './apiClient';

/** The app's one API client: the staff session's CSRF token lives in it, in memory only. */
export const api = new ApiClient();
