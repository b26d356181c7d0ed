import { mkdtemp, rm } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { fileStorageContract } from './file-storage.contract';
import { S3FileStorage } from './s3-file-storage';

/** The S3 store against s3rver, a local S3 server from the npm registry; real S3 is not reachable here. */
describe('S3FileStorage (s3rver)', () => {
  let dir: string;
  let server: S3rver;
  let storage: S3FileStorage;
  let prefixed: S3FileStorage;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'equip-s3rver-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'equip-files', configs: [] }] });
    const address = (await server.run()) as AddressInfo;
    const options = {
      bucket: 'equip-files',
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${address.port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    };
    storage = new S3FileStorage(options);
    prefixed = new S3FileStorage({ ...options, prefix: 'city-a/' });
  }, 60_000);

  afterAll(async () => {
    storage?.destroy();
    prefixed?.destroy();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  fileStorageContract(() => storage);

  it('keeps a prefixed store apart from the bucket root', async () => {
    await prefixed.put('certificates/EQ-9.pdf', Buffer.from('a'), 'application/pdf');
    expect(await storage.exists('certificates/EQ-9.pdf')).toBe(false);
    expect((await storage.get('city-a/certificates/EQ-9.pdf'))?.toString()).toBe('a');
  });
});
