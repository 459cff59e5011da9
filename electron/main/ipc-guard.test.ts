import { describe, expect, it } from 'vitest';
import { isTrustedSenderFrame } from './ipc-guard';

describe('contrôle de l’expéditeur IPC', () => {
  it('accepte le cadre principal de l’application', () => {
    expect(isTrustedSenderFrame({ url: 'app://bundle/index.html', parent: null })).toBe(true);
  });

  it('refuse les sous-cadres, les autres origines et les expéditeurs inconnus', () => {
    expect(isTrustedSenderFrame({ url: 'app://bundle/index.html', parent: {} })).toBe(false);
    expect(isTrustedSenderFrame({ url: 'app://autre/index.html', parent: null })).toBe(false);
    expect(isTrustedSenderFrame({ url: 'https://example.org/', parent: null })).toBe(false);
    expect(isTrustedSenderFrame({ url: 'file:///tmp/x.html', parent: null })).toBe(false);
    expect(isTrustedSenderFrame({ url: 'not a url', parent: null })).toBe(false);
    expect(isTrustedSenderFrame(null)).toBe(false);
  });
});
