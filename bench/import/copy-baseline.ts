// The baseline: the same rows written by PostgreSQL's COPY FROM STDIN (text format, through the
// `pg` client's connection) into plain tables of a scratch database — one table per sheet, with
// similar columns and a primary key on each natural key, no foreign keys, no events.
import pg from "pg";
import type { SiteData } from "./workbook.ts";

const tables = `
  CREATE TABLE units (code text PRIMARY KEY, name text NOT NULL, building text NOT NULL,
    floor text NOT NULL, kind text NOT NULL, gross_area_m2 numeric(12, 2) NOT NULL,
    list_rent_minor bigint NOT NULL);
  CREATE TABLE customers (id_number text PRIMARY KEY, name text NOT NULL, kind text NOT NULL,
    id_type text NOT NULL, phone text NOT NULL);
  CREATE TABLE leases (reference text PRIMARY KEY, customer_id_number text NOT NULL,
    unit_code text NOT NULL, start_date date NOT NULL, end_date date NOT NULL,
    frequency text NOT NULL, rent_minor bigint NOT NULL, due_day int NOT NULL,
    deposit_minor bigint NOT NULL);
  CREATE TABLE bills (lease_reference text NOT NULL, fee_code text NOT NULL,
    period_start date NOT NULL, period_end date NOT NULL, due_date date NOT NULL,
    amount_minor bigint NOT NULL, PRIMARY KEY (lease_reference, fee_code, period_start));
  CREATE TABLE deposits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lease_reference text NOT NULL, amount_minor bigint NOT NULL, received_date date NOT NULL);`;

/** Internals of pg's connection a COPY needs (pg-copy-streams uses the same). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY … FROM STDIN` of one buffer, as a query `pg` runs like any other: it sends the statement,
 * streams the data when the server asks for it, and settles with the rows copied.
 */
class CopyFrom implements pg.Submittable {
  readonly done: Promise<number>;
  private settle!: (error: Error | null) => void;
  private rows = 0;
  private error: Error | null = null;
  private readonly text: string;
  private readonly data: Buffer;

  constructor(text: string, data: Buffer) {
    this.text = text;
    this.data = data;
    this.done = new Promise((resolve, reject) => {
      this.settle = (error) => (error ? reject(error) : resolve(this.rows));
    });
  }

  submit(connection: pg.Connection) {
    (connection as unknown as CopyConnection).query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection) {
    for (let at = 0; at < this.data.length; at += 64 * 1024) {
      connection.sendCopyFromChunk(this.data.subarray(at, at + 64 * 1024));
    }
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }) {
    this.rows = Number(message.text.split(" ")[1]);
  }

  handleError(error: Error) {
    this.error = error;
  }

  handleReadyForQuery() {
    this.settle(this.error);
  }
}

const lines = (rows: (string | number)[][]) =>
  Buffer.from(rows.map((row) => `${row.join("\t")}\n`).join(""));

async function copy(client: pg.Client, table: string, columns: string, data: Buffer) {
  const query = new CopyFrom(`COPY ${table} (${columns}) FROM STDIN`, data);
  client.query(query);
  return query.done;
}

/**
 * Creates the tables, then copies every row in one transaction; answers the milliseconds from
 * the first row serialised to the commit, and the rows copied.
 */
export async function copyBaseline(
  url: string,
  site: SiteData,
): Promise<{ ms: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(tables);
    const started = performance.now();
    await client.query("BEGIN");
    let rows = 0;
    rows += await copy(
      client,
      "units",
      "code, name, building, floor, kind, gross_area_m2, list_rent_minor",
      lines(
        site.units.map((u) => [
          u.code,
          u.name,
          u.building,
          u.floor,
          u.kind,
          (u.grossAreaHundredths / 100).toFixed(2),
          u.listRentMinor,
        ]),
      ),
    );
    rows += await copy(
      client,
      "customers",
      "id_number, name, kind, id_type, phone",
      lines(site.customers.map((c) => [c.idNumber, c.name, "person", "resident_id", c.phone])),
    );
    rows += await copy(
      client,
      "leases",
      "reference, customer_id_number, unit_code, start_date, end_date, frequency, rent_minor, due_day, deposit_minor",
      lines(
        site.leases.map((l) => [
          l.reference,
          l.customerIdNumber,
          l.unitCode,
          l.startDate,
          l.endDate,
          "monthly",
          l.rentMinor,
          l.dueDay,
          l.depositMinor,
        ]),
      ),
    );
    rows += await copy(
      client,
      "bills",
      "lease_reference, fee_code, period_start, period_end, due_date, amount_minor",
      lines(
        site.arrears.map((a) => [
          a.leaseReference,
          a.feeCode,
          a.periodStart,
          a.periodEnd,
          a.dueDate,
          a.amountMinor,
        ]),
      ),
    );
    rows += await copy(
      client,
      "deposits",
      "lease_reference, amount_minor, received_date",
      lines(site.deposits.map((d) => [d.leaseReference, d.amountMinor, d.receivedDate])),
    );
    await client.query("COMMIT");
    return { ms: performance.now() - started, rows };
  } finally {
    await client.end();
  }
}
