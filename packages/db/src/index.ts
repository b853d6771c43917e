export {
  createDatabase,
  createPrismaClient,
  type Database,
  type PrismaClientClass,
  type PrismaClientFactoryOptions,
} from "./client.ts";
export {
  type ConnectionRetryOptions,
  isConnectionError,
  retryOnConnectionError,
} from "./connection-errors.ts";
export {
  EMBEDDED_POOL_MAX,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from "./embedded.ts";
export { generate } from "./generate.ts";
export { nameUuid, newId, uuidv7 } from "./ids.ts";
export {
  discardImportBatch,
  type ImportBatchOutcome,
  type ImportBatchScope,
  type ImportedObjects,
  type ImportedRow,
  type ImportRollback,
  importBatchState,
  importedObjects,
  openImportBatch,
  type ReleasedBatch,
  type RollbackAnnouncement,
  recordImportedRows,
  releaseImportBatch,
  rollBackImportBatch,
} from "./imports.ts";
export { markHandled, pruneInbox, type RunOnceResult, runOnce } from "./inbox.ts";
export { likeLiteral } from "./like.ts";
export {
  type ApplyMigrationsOptions,
  applyMigrations,
  MigrationHistoryError,
  type MigrationLogger,
  markMigrationRolledBack,
  PRISMA_MIGRATE_LOCK_KEY,
} from "./migrations/apply.ts";
export {
  type CheckMigrationsOptions,
  type CheckMigrationsResult,
  checkMigrations,
} from "./migrations/check.ts";
export {
  type CreateMigrationOptions,
  type CreateMigrationResult,
  createMigration,
} from "./migrations/create.ts";
export { migrationChecksum } from "./migrations/files.ts";
export {
  type BatchExpander,
  createOutboxStore,
  discardOutbox,
  newEvent,
  type OutboxStore,
  type OutboxStoreOptions,
  releaseOutbox,
  type WriteOutboxOptions,
  writeOutbox,
} from "./outbox.ts";
export {
  type PageKey,
  type PageKeyPart,
  type PageTokens,
  pageTokens,
} from "./page-token.ts";
export {
  anyRemoved,
  lockRemovalsShared,
  type Removal,
  rememberRemoved,
  removalOf,
} from "./removed-objects.ts";
export type { SqlClient, TransactionalClient, TransactionOptions } from "./sql-client.ts";
export {
  DEFAULT_SYNC_SETTLE_MS,
  parseUpdatedSince,
  SETTLE_HORIZON_SQL,
  type UpdateKeyset,
  updateKeyset,
  updateKeysetToken,
} from "./update-keyset.ts";
