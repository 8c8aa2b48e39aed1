import type { Migration } from '../migrate'

/**
 * An import is keyed by its upload: the same upload started twice (a double click, a retried
 * request, two windows) can write one batch only, whichever process gets there first. The file's
 * content hash finds an earlier import of the same file before anything is stored. Duplicates
 * imported with status Duplicate (or skipped) are counted on the batch.
 */
export const importBatchKeys: Migration = {
  name: '070_import_batch_keys',
  statements: [
    `ALTER TABLE import_batches ADD COLUMN upload_id TEXT`,
    `ALTER TABLE import_batches ADD COLUMN file_hash TEXT`,
    `ALTER TABLE import_batches ADD COLUMN rows_duplicate INTEGER NOT NULL DEFAULT 0`,
    `CREATE UNIQUE INDEX import_batches_upload ON import_batches(upload_id) WHERE upload_id IS NOT NULL`,
    `CREATE INDEX import_batches_file_hash ON import_batches(file_hash, id) WHERE file_hash IS NOT NULL`,
  ],
}
