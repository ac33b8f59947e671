/** JSON schemas of the auth routes; response schemas keep password hashes and ids of sessions out. */
export const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

export const userSchema = {
  type: 'object',
  required: ['id', 'username', 'displayName', 'role'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'radiologist'] },
  },
} as const;

export const sessionInfoSchema = {
  type: 'object',
  required: ['user', 'csrfToken', 'expiresAt', 'idleTimeoutSeconds'],
  properties: {
    user: userSchema,
    csrfToken: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    idleTimeoutSeconds: { type: 'integer' },
  },
} as const;

export const loginBodySchema = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 128 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
} as const;

export const USERNAME_PATTERN = '^[A-Za-z0-9._@-]{2,64}$';
export const PASSWORD_MIN_LENGTH = 12;
