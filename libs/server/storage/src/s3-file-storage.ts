import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assertStorageKey, FileStorage } from './file-storage';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** An S3-compatible service's address (MinIO, Ceph, a cloud's S3 API); unset for AWS itself. */
  endpoint?: string;
  /** Bucket in the path (`endpoint/bucket/key`) instead of the host name; most S3-compatible services need it. */
  forcePathStyle: boolean;
  /** Unset: the SDK's own chain (environment, shared files, the instance's or task's role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Keys are stored under this prefix, so one bucket can serve several cities or environments. */
  prefix?: string;
}

/**
 * Files in an S3-compatible bucket (FILE_STORAGE=s3), through the AWS SDK. A PutObject replaces an
 * object whole, so readers never see half a file. Checksums are sent only where the operation
 * requires them: S3-compatible services differ in which of the SDK's newer checksum headers they
 * accept. Tested against s3rver (`s3-file-storage.int-spec.ts`); not against AWS itself here.
 */
export class S3FileStorage extends FileStorage {
  private readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    super();
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(key: string): string {
    assertStorageKey(key);
    return this.options.prefix ? `${this.options.prefix.replace(/\/+$/, '')}/${key}` : key;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(key), Body: body, ContentType: contentType }));
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (error) {
      if (error instanceof NoSuchKey || isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
      return true;
    } catch (error) {
      if (error instanceof NotFound || isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
  }

  /** Closes the SDK's connections (the module's shutdown). */
  destroy(): void {
    this.client.destroy();
  }
}

/** A 404 from a service whose error body the SDK does not map to NoSuchKey / NotFound (HEAD has no body). */
function isNotFound(error: unknown): boolean {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;
}
