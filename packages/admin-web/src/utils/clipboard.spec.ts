import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './clipboard';

const originalClipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');

function setClipboard(value: unknown): void {
  Object.defineProperty(navigator, 'clipboard', { value, configurable: true });
}

describe('copyText', () => {
  afterEach(() => {
    if (originalClipboard) Object.defineProperty(navigator, 'clipboard', originalClipboard);
    else Reflect.deleteProperty(navigator, 'clipboard');
    vi.restoreAllMocks();
    Reflect.deleteProperty(document, 'execCommand');
  });

  it('uses the Clipboard API when there is one', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    setClipboard({ writeText });
    await expect(copyText('xyk_secret')).resolves.toBe(true);
    expect(writeText).toHaveBeenCalledWith('xyk_secret');
  });

  it('falls back to a selected textarea when the Clipboard API is missing or refuses', async () => {
    const copied: string[] = [];
    const execCommand = vi.fn((command: string) => {
      const area = document.querySelector('textarea');
      if (command === 'copy' && area) copied.push(area.value);
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });

    setClipboard(undefined);
    await expect(copyText('whsec_one')).resolves.toBe(true);
    setClipboard({ writeText: vi.fn().mockRejectedValue(new Error('NotAllowedError')) });
    await expect(copyText('whsec_two')).resolves.toBe(true);

    expect(copied).toEqual(['whsec_one', 'whsec_two']);
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('says so when nothing works', async () => {
    setClipboard(undefined);
    Object.defineProperty(document, 'execCommand', { value: () => false, configurable: true });
    await expect(copyText('whsec_x')).resolves.toBe(false);
  });
});
