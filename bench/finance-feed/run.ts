// Finance change-feed benchmark: an ERP reads 1,000,000 changes through ReadChanges on the TLS
// edge (pages of 1,000, bearer credential, scope and audit on every call), against a raw SQL
// read of the same rows with pg in the same run (the same keyset query: position > last, by
// position, 1,000 at a time).
//
//   npm run bench:finance-feed            (ITEMS=1000000 by default)
//
// Real PostgreSQL (creates and drops `slms_bench_finance`); the finance service runs in this
// process with its edge on a throwaway certificate (openssl).
import { createHash, randomBytes } from "node:crypto";
import { credentials, Metadata } from "@grpc/grpc-js";
import { FinanceServiceClient } from "@slms/contracts/finance";
import { applyMigrations } from "@slms/db";
import { migrationsDir, startFinanceService } from "@slms/finance";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import pg from "pg";
import { makeTestCertificates } from "../../services/finance/test/certs.ts";
import { dropDatabases, recreateDatabases } from "../lib.ts";

const ITEMS = Number(process.env.ITEMS ?? 1_000_000);
const PAGE = 1_000;
const ORG = "org_bench";
const logger = createLogger({ service: "bench-finance-feed", level: "warn" });

const urls = await recreateDatabases({ finance: "slms_bench_finance" });
await applyMigrations({ url: urls.finance, migrationsDir });
const db = new pg.Client({ connectionString: urls.finance });
await db.connect();
const certs = makeTestCertificates();
const bus = createInProcessBus({ logger });
let service: Awaited<ReturnType<typeof startFinanceService>> | undefined;
try {
  let started = Date.now();
  await db.query(
    `INSERT INTO feed_items (org_id, position, event_id, site_id, kind, occurred_at, customer_id,
                             lease_id, bill_id, payment_id, fee_code, method, amount_minor, currency, data,
                             journal)
     SELECT $1, n, gen_random_uuid(), 'sit_' || (n % 10), 'bill.issued',
            now() - (n || ' seconds')::interval, 'cus_' || (n % 5000), 'lea_' || (n % 5000),
            'bil_' || n, NULL, 'rent', NULL, 100000 + n % 1000, 'CNY',
            jsonb_build_object('billId', 'bil_' || n, 'amountMinor', 100000 + n % 1000),
            jsonb_build_array(
              jsonb_build_object('code', '1122', 'name', '应收账款', 'role', 'receivables',
                                 'debitMinor', 100000 + n % 1000, 'creditMinor', 0),
              jsonb_build_object('code', '6001', 'name', '主营业务收入', 'role', 'revenue',
                                 'debitMinor', 0, 'creditMinor', 100000 + n % 1000))
       FROM generate_series(1, $2::int) AS n`,
    [ORG, ITEMS],
  );
  await db.query("VACUUM ANALYZE feed_items");
  console.log(
    `setup: ${ITEMS.toLocaleString("en")} feed items written in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const secret = randomBytes(32).toString("base64url");
  await db.query(
    `INSERT INTO api_clients (id, org_id, name, site_ids, all_sites, secret_hash, requests_per_minute, created_by)
     VALUES ('apc_01JBENCHBENCHBENCHBENCH000', $1, 'bench', '{}', true, $2, 6000, 'bench')`,
    [ORG, createHash("sha256").update(secret, "utf8").digest("hex")],
  );
  service = await startFinanceService({
    databaseUrl: urls.finance,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    // ReadChanges asks no owner: nothing listens here.
    owners: () => ({
      assets: "127.0.0.1:1",
      customers: "127.0.0.1:1",
      contracts: "127.0.0.1:1",
      billing: "127.0.0.1:1",
      payments: "127.0.0.1:1",
    }),
    edge: {
      host: "127.0.0.1",
      port: 0,
      tls: { certPem: certs.serverCert, keyPem: certs.serverKey },
    },
  });
  const client = new FinanceServiceClient(
    `localhost:${service.edgePort}`,
    credentials.createSsl(Buffer.from(certs.caCert)),
  );
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer apc_01JBENCHBENCHBENCHBENCH000.${secret}`);
  type Page = { changes: { position: number }[]; nextCursor: string };
  const readPage = (cursor: string) =>
    new Promise<Page>((resolve, reject) =>
      client.ReadChanges({ cursor, pageSize: PAGE }, metadata, (error, answer) =>
        error ? reject(error) : resolve(answer as Page),
      ),
    );

  // The edge.
  started = performance.now();
  let cursor = "";
  let read = 0;
  let last = 0;
  for (;;) {
    const page = await readPage(cursor);
    if (page.changes.length === 0) break;
    for (const change of page.changes) {
      if (change.position !== last + 1) throw new Error(`gap: ${last} then ${change.position}`);
      last = change.position;
    }
    read += page.changes.length;
    cursor = page.nextCursor;
  }
  const edgeSeconds = (performance.now() - started) / 1000;
  if (read !== ITEMS) throw new Error(`read ${read} of ${ITEMS}`);
  client.close();

  // The baseline: the same keyset read, straight from PostgreSQL.
  started = performance.now();
  let position = 0;
  let raw = 0;
  for (;;) {
    const { rows } = await db.query(
      `SELECT org_id, position, event_id, site_id, kind, occurred_at, customer_id, lease_id, bill_id,
              payment_id, fee_code, method, amount_minor, currency, data, journal
         FROM feed_items WHERE org_id = $1 AND position > $2 ORDER BY position LIMIT $3`,
      [ORG, position, PAGE],
    );
    if (rows.length === 0) break;
    raw += rows.length;
    position = Number(rows.at(-1).position);
  }
  const rawSeconds = (performance.now() - started) / 1000;
  const edgeRate = read / edgeSeconds;
  const rawRate = raw / rawSeconds;
  console.log(
    `ReadChanges over TLS: ${read.toLocaleString("en")} items in ${edgeSeconds.toFixed(1)} s = ${Math.round(edgeRate).toLocaleString("en")} items/s · raw SQL: ${rawSeconds.toFixed(1)} s = ${Math.round(rawRate).toLocaleString("en")} items/s · ratio ${(edgeRate / rawRate).toFixed(2)}`,
  );
  const audited = await db.query(
    "SELECT count(*)::int AS n FROM api_calls WHERE client_id = 'apc_01JBENCHBENCHBENCHBENCH000'",
  );
  console.log(`audit rows written: ${audited.rows[0].n} (one per call)`);
} finally {
  await service?.close(1_000);
  await bus.close();
  await db.end();
  certs.remove();
  await dropDatabases(["slms_bench_finance"]);
}
