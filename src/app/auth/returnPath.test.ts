import { describe, expect, it } from 'vitest';
import { loginPath, returnPath } from './returnPath';

describe('loginPath', () => {
  it('keeps the page to come back to, query included', () => {
    expect(loginPath({ pathname: '/viewer', search: '?StudyInstanceUIDs=1.2.3', hash: '' })).toBe(
      '/login?next=%2Fviewer%3FStudyInstanceUIDs%3D1.2.3',
    );
  });

  it('needs no return address for the study list or the sign-in page itself', () => {
    expect(loginPath({ pathname: '/', search: '', hash: '' })).toBe('/login');
    expect(loginPath({ pathname: '/login', search: '?next=%2Fshares', hash: '' })).toBe('/login');
  });
});

describe('returnPath', () => {
  it('goes back to a path of this app', () => {
    expect(returnPath('/viewer?StudyInstanceUIDs=1.2.3')).toBe('/viewer?StudyInstanceUIDs=1.2.3');
    expect(returnPath('/shares')).toBe('/shares');
  });

  it('never leaves the app: other hosts, schemes and the sign-in page give the study list', () => {
    for (const next of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/login',
      '/login?next=/x',
    ]) {
      expect(returnPath(next)).toBe('/');
    }
  });
});
