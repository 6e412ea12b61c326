import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { GridFSBucket } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { withDeadline } from '../../../src/shared/deadline.js';
import { openTestDatabase } from '../../support/test-database.js';

// Proof that GridFS (the mongodb driver's GridFSBucket on the mongoose connection) works on the
// database this project runs on (FerretDB 1.24 with SQLite) before documents rely on it: a file
// larger than one chunk goes in, comes back byte for byte, the indexes GridFS asks for exist,
// and a delete removes the file and every chunk.
const database = await openTestDatabase(import.meta.filename);
afterAll(() => database.drop());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('GridFS on the project database', () => {
  const bucket = new GridFSBucket(database.connection.db!, { bucketName: 'proof', chunkSizeBytes: 255 * 1024 });
  // 600 KiB + 7 bytes: three chunks (255 KiB, 255 KiB, the rest), worked out by hand.
  const bytes = randomBytes(600 * 1024 + 7);
  let fileId: unknown;

  it('stores a file across several chunks and reads it back unchanged', async () => {
    const upload = bucket.openUploadStream('proof.bin', { metadata: { partnershipId: 'north' } });
    await pipeline(Readable.from([bytes]), upload);
    fileId = upload.id;
    const chunks = await database.connection.collection('proof.chunks').countDocuments({ files_id: fileId });
    expect(chunks).toBe(3);
    const file = await database.connection.collection('proof.files').findOne({ _id: fileId as never });
    expect(file?.['length']).toBe(600 * 1024 + 7);
    expect(file?.['metadata']).toEqual({ partnershipId: 'north' });

    const parts: Buffer[] = [];
    for await (const part of bucket.openDownloadStream(fileId as never)) parts.push(part as Buffer);
    expect(sha256(Buffer.concat(parts))).toBe(sha256(bytes));
  });

  it('has the indexes GridFS creates on first upload (files by filename, chunks unique by file and n)', async () => {
    const fileIndexes = await database.connection.collection('proof.files').indexes();
    const chunkIndexes = await database.connection.collection('proof.chunks').indexes();
    expect(fileIndexes.map((index) => index.key)).toContainEqual({ filename: 1, uploadDate: 1 });
    const chunkIndex = chunkIndexes.find((index) => JSON.stringify(index.key) === JSON.stringify({ files_id: 1, n: 1 }));
    expect(chunkIndex?.unique).toBe(true);
  });

  it('reads a range of a file (a later chunk only)', async () => {
    const parts: Buffer[] = [];
    for await (const part of bucket.openDownloadStream(fileId as never, { start: 300 * 1024, end: 300 * 1024 + 10 }))
      parts.push(part as Buffer);
    expect(Buffer.concat(parts).equals(bytes.subarray(300 * 1024, 300 * 1024 + 10))).toBe(true);
  });

  it('deletes a file with all its chunks', async () => {
    await bucket.delete(fileId as never);
    expect(await database.connection.collection('proof.files').countDocuments({})).toBe(0);
    expect(await database.connection.collection('proof.chunks').countDocuments({})).toBe(0);
  });

  it('an aborted upload leaves no chunks behind', async () => {
    const upload = bucket.openUploadStream('aborted.bin');
    const write = promisify((chunk: Buffer, done: (error?: Error | null) => void) => upload.write(chunk, done));
    await withDeadline(write(bytes.subarray(0, 300 * 1024)), 10_000, 'a partial GridFS upload');
    await upload.abort();
    expect(await database.connection.collection('proof.chunks').countDocuments({ files_id: upload.id })).toBe(0);
    expect(await database.connection.collection('proof.files').countDocuments({ _id: upload.id })).toBe(0);
  });
});
