import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, type ObjectId } from 'mongodb';
import type mongoose from 'mongoose';
import { logger } from '../logging/logger.js';
import { withDeadline } from '../shared/deadline.js';

/** The GridFS bucket of document bytes: collections `document_files.files` and `document_files.chunks`. */
export const DOCUMENT_BUCKET = 'document_files';

/** How long storing or reading one file may take (20 MB on a slow disk is seconds). */
const FILE_DEADLINE_MS = 60_000;

/**
 * The bytes of document versions, in GridFS through the mongodb driver's `GridFSBucket` on the
 * mongoose connection (proved on FerretDB 1.24 by test/integration/documents/gridfs-on-ferretdb.test.ts).
 * A file is written only after its checks have passed (the caller holds the whole, already
 * checked upload), and a write that fails part-way is deleted, so no partial chunks stay behind.
 */
export function createDocumentStorage(connection: mongoose.Connection) {
  const bucket = () => new GridFSBucket(connection.db!, { bucketName: DOCUMENT_BUCKET });

  async function remove(fileId: ObjectId): Promise<void> {
    try {
      await bucket().delete(fileId);
    } catch (error) {
      // Already gone (never completed) is fine; anything else is worth knowing about.
      if ((error as Error)?.name !== 'MongoRuntimeError') logger.warn('document file not deleted', { error: (error as Error)?.name });
    }
  }

  return {
    /** Stores `bytes` and answers the new file's id; on any failure nothing of it remains. */
    async put(bytes: Buffer, metadata: { partnershipId: string; caseId: string; documentId: string }): Promise<ObjectId> {
      const upload = bucket().openUploadStream(metadata.documentId, { metadata });
      try {
        await withDeadline(pipeline(Readable.from([bytes]), upload), FILE_DEADLINE_MS, 'a document file written to GridFS');
        return upload.id;
      } catch (error) {
        await upload.abort().catch(() => undefined);
        await remove(upload.id);
        throw error;
      }
    },

    /** The whole file (documents are at most DOCUMENT_MAX_BYTES), so the response can be sent in one piece. */
    async read(fileId: ObjectId): Promise<Buffer> {
      const parts: Buffer[] = [];
      const reading = (async () => {
        for await (const part of bucket().openDownloadStream(fileId)) parts.push(part as Buffer);
      })();
      await withDeadline(reading, FILE_DEADLINE_MS, 'a document file read from GridFS');
      return Buffer.concat(parts);
    },

    remove,
  };
}

export type DocumentStorage = ReturnType<typeof createDocumentStorage>;
