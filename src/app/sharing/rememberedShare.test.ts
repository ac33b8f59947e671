import { describe, expect, it } from 'vitest';
import type { ShareSessionInfo } from '../api/authApi';
import { forgetShare, noteShareEnd, recallShare, rememberShare, type ShareMemoryStorage } from './rememberedShare';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2030-01-01T09:00:00Z');

const share: ShareSessionInfo = {
  shareId: 's1',
  senderName: 'Dr House',
  institution: 'St Elsewhere',
  label: 'Dr Wilson',
  message: 'Query metastasis in segment 7?',
  expiresAt: T0 + 2 * HOUR,
  sessionExpiresAt: T0 + HOUR,
  studies: [{ studyInstanceUID: '1.2.3', seriesInstanceUIDs: [] }],
  seriesScoped: false,
  allowDownload: false,
  allowReply: false,
};

function memoryStorage(): ShareMemoryStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

const who = { shareId: 's1', senderName: 'Dr House', institution: 'St Elsewhere', expiresAt: share.expiresAt };

describe('the remembered link', () => {
  it('keeps who sent it and until when, never the message, label, studies or anything that opens it', () => {
    const storage = memoryStorage();
    rememberShare(storage, share);
    const stored = [...storage.items.values()].join();
    for (const secret of ['metastasis', 'Dr Wilson', '1.2.3']) expect(stored).not.toContain(secret);
    expect(recallShare(storage, T0)).toEqual({ reason: 'sessionEnded', share: who });
  });

  it('says expired after the expiry, and revoked once the viewer saw the revocation', () => {
    const storage = memoryStorage();
    rememberShare(storage, share);
    expect(recallShare(storage, share.expiresAt)).toEqual({ reason: 'expired', share: who });
    noteShareEnd(storage, 'other', 'revoked');
    expect(recallShare(storage, T0)?.reason).toBe('sessionEnded');
    noteShareEnd(storage, 's1', 'revoked');
    expect(recallShare(storage, share.expiresAt + HOUR)).toEqual({ reason: 'revoked', share: who });
  });

  it('is forgotten on request, a week after the link ended, and when unreadable', () => {
    const storage = memoryStorage();
    rememberShare(storage, share);
    expect(recallShare(storage, share.expiresAt + 7 * DAY - 1)).toBeDefined();
    expect(recallShare(storage, share.expiresAt + 7 * DAY)).toBeUndefined();
    expect(storage.items.size).toBe(0);
    rememberShare(storage, share);
    forgetShare(storage);
    expect(recallShare(storage, T0)).toBeUndefined();
    storage.setItem('secondread.recipientOf', '{"shareId":1}');
    expect(recallShare(storage, T0)).toBeUndefined();
  });

  it('a browser that refuses storage only loses the memory', () => {
    const broken: ShareMemoryStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(() => rememberShare(broken, share)).not.toThrow();
    expect(recallShare(broken, T0)).toBeUndefined();
    expect(() => forgetShare(broken)).not.toThrow();
  });
});
