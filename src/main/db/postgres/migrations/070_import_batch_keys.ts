import type { Migration } from '../../migrate'

/** SQLite's 070_import_batch_keys (branch `imports`): one batch per upload, and the file's content hash. */
export const importBatchKeys: Migration = {
  name: '070_import_batch_keys',
  statements: [
    `ALTER TABLE import_batches ADD COLUMN upload_id TEXT`,
    `ALTER TABLE import_batches ADD COLUMN file_hash TEXT`,
    `ALTER TABLE import_batches ADD COLUMN rows_duplicate BIGINT NOT NULL DEFAULT 0`,
    `CREATE UNIQUE INDEX import_batches_upload ON import_batches(upload_id) WHERE upload_id IS NOT NULL`,
    `CREATE INDEX import_batches_file_hash ON import_batches(file_hash, id) WHERE file_hash IS NOT NULL`,
  ],
}
