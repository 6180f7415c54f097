import { describe, expect, it } from 'vitest';
import { attachmentDisposition, safeContentType, safeFilename } from './attachment.js';

describe('attachment rules', () => {
  it('types are "type/subtype" or application/octet-stream', () => {
    expect(safeContentType('Application/PDF; name="x.pdf"')).toBe('application/pdf');
    expect(safeContentType('text/html\r\nSet-Cookie: a=b')).toBe('application/octet-stream');
    expect(safeContentType('nonsense')).toBe('application/octet-stream');
    expect(safeContentType(undefined)).toBe('application/octet-stream');
  });

  it('names lose paths, control characters and leading dots', () => {
    expect(safeFilename('C:\\Users\\ana\\factura.pdf')).toBe('factura.pdf');
    expect(safeFilename('../../.bashrc')).toBe('bashrc');
    expect(safeFilename('a\r\nb.txt')).toBe('ab.txt');
    expect(safeFilename('   ')).toBeNull();
  });

  it('downloads always, with an ASCII name and the exact UTF-8 one', () => {
    expect(attachmentDisposition('factura año "2026".pdf')).toBe(
      `attachment; filename="factura a_o _2026_.pdf"; filename*=UTF-8''factura%20a%C3%B1o%20%222026%22.pdf`,
    );
  });
});
