import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/**
 * A `redis-server` of one's own, for tests that stop and start Redis: never the machine's shared
 * one. No persistence (`--save "" --appendonly no`), so a restart comes back empty, as a Redis
 * without persistence does. `stop()` kills it by its PID; `start()` starts it again on the same
 * port.
 */
export interface RedisServer {
  url: string;
  port: number;
  /** Starts it (again) and resolves once it answers PING. */
  start(): Promise<void>;
  /** SIGKILLs it and waits until it is gone. Safe when it is not running. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a `redis-server` on a free port (see {@link RedisServer}). */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const server: RedisServer = {
    url,
    port,
    async start() {
      if (child) throw new Error("redis-server is already running");
      const started = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: "ignore" },
      );
      child = started;
      started.once("exit", () => {
        if (child === started) child = null;
      });
      const deadline = Date.now() + 10_000;
      for (;;) {
        const probe = new Redis(url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on("error", () => undefined);
        try {
          await probe.connect();
          if ((await probe.ping()) === "PONG") return;
        } catch (error) {
          if (Date.now() > deadline || child !== started) throw error;
        } finally {
          probe.disconnect();
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      const running = child;
      if (!running) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      await exited;
    },
  };
  await server.start();
  return server;
}
