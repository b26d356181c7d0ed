import { FileStorage } from './file-storage';

/**
 * The behavior every FileStorage must have, run by each implementation's spec against the real
 * thing (a folder, a PostgreSQL database, an S3 server). `storage()` is read inside each test.
 */
export function fileStorageContract(storage: () => FileStorage): void {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 255, 254, 0x80])]);

  it('stores and reads back a file under a nested key, byte for byte', async () => {
    await storage().put('certificates/2026/EQ-1.pdf', pdf, 'application/pdf');
    expect((await storage().get('certificates/2026/EQ-1.pdf'))?.equals(pdf)).toBe(true);
    expect(await storage().exists('certificates/2026/EQ-1.pdf')).toBe(true);
  });

  it('replaces a file stored again under the same key', async () => {
    await storage().put('roster/feed.csv', Buffer.from('first'), 'text/csv');
    await storage().put('roster/feed.csv', Buffer.from('second'), 'text/csv');
    expect((await storage().get('roster/feed.csv'))?.toString()).toBe('second');
  });

  it('keeps an empty file apart from a missing one', async () => {
    await storage().put('empty.txt', Buffer.alloc(0), 'text/plain');
    expect((await storage().get('empty.txt'))?.length).toBe(0);
    expect(await storage().exists('empty.txt')).toBe(true);
  });

  it('answers null and false for a missing key, and deletes without complaint', async () => {
    expect(await storage().get('certificates/none.pdf')).toBeNull();
    expect(await storage().exists('certificates/none.pdf')).toBe(false);
    await storage().delete('certificates/none.pdf');
    await storage().put('gone.txt', Buffer.from('x'), 'text/plain');
    await storage().delete('gone.txt');
    expect(await storage().get('gone.txt')).toBeNull();
    expect(await storage().exists('gone.txt')).toBe(false);
  });

  it('refuses keys that could leave their place', async () => {
    for (const key of ['../x.pdf', '/etc/passwd', 'a/../../x', '', 'a//b', 'a\\b', 'a\u0000b']) {
      await expect(storage().put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(/Invalid storage key/);
      await expect(storage().get(key)).rejects.toThrow(/Invalid storage key/);
    }
  });

  it('stores a file of 5 MB and many at once', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 7);
    await Promise.all([storage().put('big.bin', big, 'application/octet-stream'), ...Array.from({ length: 20 }, (_, i) => storage().put(`many/${i}.txt`, Buffer.from(String(i)), 'text/plain'))]);
    expect((await storage().get('big.bin'))?.equals(big)).toBe(true);
    expect((await Promise.all(Array.from({ length: 20 }, (_, i) => storage().get(`many/${i}.txt`)))).map((b) => b?.toString())).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });
}
