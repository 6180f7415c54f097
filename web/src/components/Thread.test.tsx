// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { I18nContext, createI18n, type Locale } from '../i18n.js';
import type { Message } from '../types.js';
import { Thread } from './Thread.js';

afterEach(cleanup);

const message: Message = {
  id: 7,
  direction: 'inbound',
  visibility: 'private',
  text: 'The invoice and a photo of the box are attached.',
  author: { type: 'contact', name: 'Ana Lima', handle: 'ana@example.test' },
  delivery: { status: 'received', error: null, attempts: 0 },
  createdAt: '2026-11-20T10:00:00.000Z',
  inReplyTo: null,
  attachments: [
    { id: 3, filename: 'factura.pdf', contentType: 'application/pdf', size: 2560, contentId: null, sha256: 'a'.repeat(64), tooLarge: false, url: '/api/v1/attachments/3' },
    { id: 4, filename: 'video.mov', contentType: 'video/quicktime', size: 12 * 1024 * 1024, contentId: null, sha256: 'b'.repeat(64), tooLarge: true, url: null },
  ],
};

function show(locale: Locale) {
  render(
    <I18nContext.Provider value={createI18n(locale, 'UTC')}>
      <Thread messages={[message]} notes={[]} channel="email" />
    </I18nContext.Provider>,
  );
}

describe('Thread attachments', () => {
  it('lists a customer’s files as download links with their sizes; one too large to keep says so', () => {
    show('en');
    const list = screen.getByRole('list', { name: 'Attachments' });
    const link = within(list).getByRole('link', { name: 'Download factura.pdf (2.5 kB)' });
    expect(link.getAttribute('href')).toBe('/api/v1/attachments/3');
    expect(link.hasAttribute('download')).toBe(true);
    const items = within(list).getAllByRole('listitem');
    expect(items[1]!.textContent).toContain('video.mov');
    expect(items[1]!.textContent).toContain('12 MB');
    expect(items[1]!.textContent).toContain('not kept: over the size limit');
    expect(within(items[1]!).queryByRole('link')).toBeNull();
  });

  it('speaks Spanish', () => {
    show('es');
    const list = screen.getByRole('list', { name: 'Adjuntos' });
    expect(within(list).getByRole('link', { name: 'Descargar factura.pdf (2,5 kB)' })).toBeTruthy();
    expect(list.textContent).toContain('no guardado: supera el límite de tamaño');
  });
});
