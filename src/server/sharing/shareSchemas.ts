import { errorSchema } from '../auth/authSchemas';
import { shareSummarySchema } from './shareView';

const uid = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 } as const;

export const createShareBody = {
  type: 'object',
  required: ['studyInstanceUIDs', 'expiresInSeconds'],
  additionalProperties: false,
  properties: {
    studyInstanceUIDs: { type: 'array', items: uid, minItems: 1, maxItems: 50, uniqueItems: true },
    seriesInstanceUIDs: { type: 'array', items: uid, minItems: 1, maxItems: 1000, uniqueItems: true },
    expiresInSeconds: { type: 'integer', minimum: 60 },
    passcode: { type: 'string', minLength: 6, maxLength: 128 },
    maxOpens: { type: 'integer', minimum: 1, maximum: 10000 },
    allowDownload: { type: 'boolean' },
    label: { type: 'string', maxLength: 200 },
    message: { type: 'string', maxLength: 2000 },
  },
} as const;

export interface CreateShareBody {
  studyInstanceUIDs: string[];
  seriesInstanceUIDs?: string[];
  expiresInSeconds: number;
  passcode?: string;
  maxOpens?: number;
  allowDownload?: boolean;
  label?: string;
  message?: string;
}

export const createShareResponse = {
  type: 'object',
  required: ['id', 'url', 'expiresAt'],
  properties: { id: { type: 'string' }, url: { type: 'string' }, expiresAt: { type: 'string' } },
} as const;

export const shareIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f-]{36}$' } },
} as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { all: { type: 'string', enum: ['0', '1', 'true', 'false'] } },
} as const;

export const extendBody = {
  type: 'object',
  required: ['expiresInSeconds'],
  additionalProperties: false,
  properties: { expiresInSeconds: { type: 'integer', minimum: 60 } },
} as const;

const historyEntry = {
  type: 'object',
  properties: {
    time: { type: 'string' },
    event: { type: 'string' },
    outcome: { type: 'string' },
    ip: { type: ['string', 'null'] },
    actor: { type: ['string', 'null'] },
    studyInstanceUIDs: { type: 'array', items: { type: 'string' } },
    detail: { type: 'object', additionalProperties: true },
  },
} as const;

const accessEntry = {
  type: 'object',
  properties: {
    studyInstanceUID: { type: 'string' },
    seriesInstanceUID: { type: ['string', 'null'] },
    firstAt: { type: 'string' },
    lastAt: { type: 'string' },
    requests: { type: 'integer' },
    ip: { type: 'string' },
  },
} as const;

export const shareDetailResponse = {
  type: 'object',
  required: ['share', 'history', 'access'],
  properties: {
    share: shareSummarySchema,
    history: { type: 'array', items: historyEntry },
    access: { type: 'array', items: accessEntry },
  },
} as const;

export const listResponse = {
  type: 'object',
  required: ['shares'],
  properties: { shares: { type: 'array', items: shareSummarySchema } },
} as const;

export { errorSchema };
