import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Sync: ends an extended-protocol batch; sent when a dropped owner leaves one half done. */
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);

/** Options of {@link serveWire}. */
export interface WireServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Most simultaneous connections; one more is closed at once. */
  maxConnections: number;
}

/** A listening wire server. */
export interface WireServer {
  port: number;
  /** Stops listening and drops every connection (rolling back what an owner left open). */
  close(): Promise<void>;
}

/**
 * Serves one PGlite backend to many PostgreSQL wire-protocol connections.
 *
 * PGlite holds one database. Each client names a *schema* instead, as the database of its
 * connection URL (`postgresql://…/assets`): the schema is created on first use, and whenever the
 * backend passes to a connection of another schema, `search_path` is set to that schema — so
 * every service keeps its own tables, types and migrations (`_prisma_migrations` included) in its
 * own schema of one PostgreSQL, as if it had a database of its own. The database `postgres`
 * means the `public` schema.
 *
 * PGlite is a single session: an extended-protocol batch (Parse, Bind, Execute … Sync) or a
 * transaction from one connection must not be interleaved with another connection's messages,
 * or statements, portals and parameters get mixed up between clients. So a connection owns the
 * backend from its first message until the backend answers ReadyForQuery *idle* — the end of a
 * batch outside a transaction — and the other connections wait their turn, first come, first
 * served. An owner that disconnects mid-batch or mid-transaction is cleaned up (Sync, ROLLBACK)
 * before the next connection gets the backend.
 */
export async function serveWire(db: PGlite, options: WireServerOptions): Promise<WireServer> {
  const backend = new Backend(db);
  const connections = new Set<Connection>();
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    if (connections.size >= options.maxConnections) {
      socket.destroy();
      return;
    }
    const connection = new Connection(socket, backend);
    connections.add(connection);
    socket.once("close", () => connections.delete(connection));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("wire server has no TCP address");
  return {
    port: address.port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of connections) connection.drop();
      await closed;
      await backend.idle();
    },
  };
}

/** Who owns the PGlite session, and who waits for it. */
class Backend {
  readonly db: PGlite;
  #owner: Connection | null = null;
  #waiting: { connection: Connection; resolve: () => void }[] = [];
  /** The schema `search_path` is set to; `public` at first. */
  #schema = "public";
  readonly #created = new Set<string>(["public"]);

  constructor(db: PGlite) {
    this.db = db;
  }

  /** Makes `schema` the session's (creating it once); only while a connection owns the backend. */
  async useSchema(schema: string): Promise<void> {
    if (schema === this.#schema) return;
    const quoted = `"${schema.replaceAll('"', '""')}"`;
    if (!this.#created.has(schema)) {
      await this.db.exec(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      this.#created.add(schema);
    }
    await this.db.exec(`SET search_path TO ${quoted}`);
    this.#schema = schema;
  }

  /** A startup message may have reset the session: set the schema again before the next use. */
  sessionReset(): void {
    this.#schema = "";
  }

  async acquire(connection: Connection): Promise<void> {
    if (this.#owner === connection) return;
    if (this.#owner === null) {
      this.#owner = connection;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push({ connection, resolve }));
  }

  release(connection: Connection): void {
    if (this.#owner !== connection) return;
    const next = this.#waiting.shift();
    this.#owner = next?.connection ?? null;
    next?.resolve();
  }

  /** Forgets a connection that went away: leaves the queue, or cleans up and hands over. */
  async abandon(connection: Connection, midRequest: boolean): Promise<void> {
    for (const w of this.#waiting.filter((w) => w.connection === connection)) w.resolve();
    this.#waiting = this.#waiting.filter((w) => w.connection !== connection);
    if (this.#owner !== connection) return;
    try {
      if (midRequest) await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC));
      // exec() takes PGlite's own lock: not inside runExclusive.
      if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    } finally {
      this.release(connection);
    }
  }

  /** Resolves once nobody owns the backend (so closing the database loses no answer). */
  async idle(): Promise<void> {
    while (this.#owner !== null) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** One client connection: splits its bytes into messages and runs them in order. */
class Connection {
  readonly #socket: Socket;
  readonly #backend: Backend;
  #buffer = Buffer.alloc(0);
  #started = false;
  #pumping = false;
  /** Sent a message whose batch has not yet ended with ReadyForQuery. */
  #midRequest = false;
  #closed = false;
  /** The schema this connection works in: its startup message's database. */
  #schema = "public";

  constructor(socket: Socket, backend: Backend) {
    this.#socket = socket;
    this.#backend = backend;
    socket.on("data", (chunk) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      void this.#pump();
    });
    socket.on("error", () => socket.destroy());
    socket.once("close", () => {
      this.#closed = true;
      void this.#backend.abandon(this, this.#midRequest);
    });
  }

  drop(): void {
    this.#socket.destroy();
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (let message = this.#next(); message && !this.#closed; message = this.#next()) {
        await this.#run(message);
      }
    } catch {
      this.#socket.destroy();
    } finally {
      this.#pumping = false;
    }
  }

  /** The next complete message in the buffer, answering the ones PGlite must not see. */
  #next(): Uint8Array | null {
    for (;;) {
      if (!this.#started) {
        // Untyped: SSL/GSS/cancel requests, then the startup message.
        if (this.#buffer.length < 8) return null;
        const length = this.#buffer.readInt32BE(0);
        if (this.#buffer.length < length) return null;
        const code = this.#buffer.readInt32BE(4);
        const message = this.#take(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.#socket.write("N");
          continue;
        }
        if (code === CANCEL_REQUEST) {
          this.#socket.end();
          return null;
        }
        this.#started = true;
        return this.#startup(message);
      }
      if (this.#buffer.length < 5) return null;
      const length = 1 + this.#buffer.readInt32BE(1);
      if (this.#buffer.length < length) return null;
      return this.#take(length);
    }
  }

  /**
   * Reads the schema from the startup message's `database` and hands PGlite the message with
   * its own database instead.
   */
  #startup(message: Uint8Array): Uint8Array {
    const fields = Buffer.from(message.subarray(8)).toString("utf8").split("\0");
    const params: [string, string][] = [];
    for (let i = 0; i + 1 < fields.length && fields[i] !== ""; i += 2) {
      params.push([fields[i]!, fields[i + 1]!]);
    }
    const database = params.find(([key]) => key === "database")?.[1] ?? "postgres";
    this.#schema = database === "postgres" || database === "" ? "public" : database;
    const body = Buffer.from(
      `${params.map(([key, value]) => `${key}\0${key === "database" ? "postgres" : value}\0`).join("")}\0`,
      "utf8",
    );
    const rewritten = Buffer.alloc(8 + body.length);
    rewritten.writeInt32BE(rewritten.length, 0);
    rewritten.set(message.subarray(4, 8), 4);
    body.copy(rewritten, 8);
    return new Uint8Array(rewritten);
  }

  #take(length: number): Uint8Array {
    const message = new Uint8Array(this.#buffer.subarray(0, length));
    this.#buffer = this.#buffer.subarray(length);
    return message;
  }

  async #run(message: Uint8Array): Promise<void> {
    // Terminate: the client is leaving; close() then hands the backend on.
    if (this.#started && message[0] === 0x58 && message.length === 5) {
      this.#socket.end();
      return;
    }
    await this.#backend.acquire(this);
    if (this.#closed) return; // left while waiting: abandon() took it off the queue
    const startup = message[0] === 0;
    if (!startup) await this.#backend.useSchema(this.#schema);
    this.#midRequest = true;
    const db = this.#backend.db;
    const reply = await db.runExclusive(() => db.execProtocolRaw(message));
    if (startup) this.#backend.sessionReset();
    if (reply.length > 0 && !this.#socket.destroyed) this.#socket.write(reply);
    const status = readyStatus(reply);
    if (status !== null) this.#midRequest = false;
    // Idle: the batch is over and no transaction is open, so others may have the backend.
    if (status === "I") this.#backend.release(this);
  }
}

/** The status of the last ReadyForQuery in a reply (I idle, T in transaction, E failed), if any. */
function readyStatus(reply: Uint8Array): string | null {
  let status: string | null = null;
  const view = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
  for (let at = 0; at + 5 <= reply.length; at += 1 + view.getInt32(at + 1)) {
    if (reply[at] === 0x5a) status = String.fromCharCode(reply[at + 5]!);
  }
  return status;
}
