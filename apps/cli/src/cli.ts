// The SLMS command line: `npm start` runs `start`; `npm run slms -- <command>` runs the rest.
import { parseArgs } from "node:util";
import { bool, int, loadConfig, optional, port, str } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { startTelemetry } from "@slms/telemetry";
import {
  createApiClientCommand,
  listApiClientsCommand,
  revokeApiClientCommand,
} from "./commands/api-client.ts";
import { createUserCommand } from "./commands/create-user.ts";
import {
  describeImport,
  importWorkbookCommand,
  rollBackImportCommand,
} from "./commands/import-workbook.ts";
import { migrate } from "./commands/migrate.ts";
import { rebuildReportsCommand } from "./commands/rebuild-reports.ts";
import { DEMO_PASSWORD, seedDemo, seedDemoData } from "./commands/seed-demo.ts";
import { dataDir } from "./data-dir.ts";
import { startEmbeddedPlatform } from "./embedded.ts";

class UsageError extends Error {}

const usage = `Usage: npm run slms -- <command> [options]

Commands:
  start                 run the whole platform in this process (embedded mode; what npm start does)
  migrate [--service <name>]
                        apply pending database migrations (all services, or one)
  create-user --email <e> --name <n> --password <p> [--hq-role hq_admin|hq_auditor]
              [--site <siteCode>:<clerk|cashier|finance|site_manager>]... [--org <code>]
                        create a user of an organisation
  rebuild-reports [--org <code>] [--site <siteCode>]
                        rebuild the reporting read models of one site or of every site from the
                        owning services (resumes a rebuild that stopped)
  import --site <siteCode> --file <workbook.xlsx> [--dry-run] [--go-live YYYY-MM-DD] [--org <code>]
                        take a site live from its workbook: dry run, then commit all or nothing
  import --site <siteCode> --rollback <importId> [--org <code>]
                        roll a committed import back as a whole (while nothing happened to it)
  api-client create --name <n> (--site <siteCode>... | --all-sites) [--can-post]
             [--expires <RFC 3339 time>] [--org <code>]
                        create an API client of the ERP gRPC edge; prints its id and its secret
                        (shown once): \`authorization: Bearer <id>.<secret>\`
  api-client list [--org <code>]      the organisation's API clients
  api-client revoke --id <apc_…> [--org <code>]
                        revoke an API client at once
  seed-demo [--org <code>]
                        create a demo organisation: 3 sites, ~320 units, a user per role

Without GATEWAY_DATABASE_URL / ASSETS_DATABASE_URL the commands work on the embedded data in
SLMS_DATA_DIR (default ./.data); stop \`npm start\` first.`;

const embeddedSpec = {
  PORT: port({ default: 8080 }),
  HOST: str({ default: "0.0.0.0" }),
  SLMS_ADMIN_EMAIL: str({ default: "admin@slms.local" }),
  SLMS_ADMIN_PASSWORD: optional(str({ minLength: 10, secret: true })),
  SLMS_ORG_CODE: str({ default: "HQ" }),
  SLMS_ORG_NAME: str({ default: "Demo Property Group" }),
  SLMS_JWT_SECRET: optional(str({ minLength: 32, secret: true })),
  SLMS_SEED_DEMO: bool({ default: false }),
  LOG_LEVEL: str({ default: "info" }),
  SHUTDOWN_TIMEOUT_MS: int({ default: 20_000, min: 1_000 }),
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    service: { type: "string" },
    email: { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
    "hq-role": { type: "string" },
    site: { type: "string", multiple: true },
    org: { type: "string" },
    file: { type: "string" },
    "dry-run": { type: "boolean" },
    rollback: { type: "string" },
    "go-live": { type: "string" },
    "all-sites": { type: "boolean" },
    "can-post": { type: "boolean" },
    expires: { type: "string" },
    id: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

const command = positionals[0];
const config = loadConfig(embeddedSpec);
const logger = createLogger({ service: "slms", level: config.LOG_LEVEL as "info" });

try {
  switch (command) {
    case "start":
      await start();
      break;
    case "migrate":
      await migrate(logger, values.service);
      break;
    case "api-client": {
      const org = values.org ?? config.SLMS_ORG_CODE;
      const action = positionals[1];
      if (action === "create") {
        if (!values.name) throw new UsageError("api-client create needs --name");
        const { client, secret } = await createApiClientCommand(logger, {
          org,
          name: values.name,
          sites: values.site ?? [],
          allSites: values["all-sites"] ?? false,
          canPost: values["can-post"] ?? false,
          expiresAt: values.expires,
        });
        console.log(
          `API client ${client!.id} (${client!.name}) created.\nSecret (shown once): ${secret}\nCall the finance edge with metadata  authorization: Bearer ${client!.id}.${secret}`,
        );
      } else if (action === "list") {
        for (const client of await listApiClientsCommand(logger, org))
          console.log(
            [
              client.id,
              client.name,
              client.allSites ? "all sites" : `${client.siteIds.length} site(s)`,
              client.canPost ? "read+post" : "read",
              client.revokedAt ? `revoked ${client.revokedAt}` : "active",
              client.lastUsedAt ? `last used ${client.lastUsedAt}` : "never used",
            ].join("  "),
          );
      } else if (action === "revoke") {
        if (!values.id) throw new UsageError("api-client revoke needs --id");
        const client = await revokeApiClientCommand(logger, org, values.id);
        console.log(`API client ${client.id} revoked at ${client.revokedAt}`);
      } else throw new UsageError("api-client create | list | revoke");
      break;
    }
    case "create-user": {
      const { email, name, password } = values;
      if (!email || !name || !password)
        throw new UsageError("create-user needs --email, --name and --password");
      await createUserCommand(logger, {
        email,
        name,
        password,
        org: values.org ?? config.SLMS_ORG_CODE,
        hqRole: values["hq-role"],
        sites: values.site ?? [],
      });
      break;
    }
    case "rebuild-reports": {
      const site = values.site?.[0];
      const job = await rebuildReportsCommand(logger, {
        org: values.org ?? config.SLMS_ORG_CODE,
        site,
      });
      console.log(
        `Rebuilt ${job.siteIds.length} site(s): ${Object.entries(job.counts)
          .map(([kind, n]) => `${n} ${kind}`)
          .join(", ")} (job ${job.id}, attempt ${job.attempts})`,
      );
      break;
    }
    case "import": {
      const site = values.site?.[0];
      if (site && values.rollback) {
        const job = await rollBackImportCommand(logger, {
          org: values.org ?? config.SLMS_ORG_CODE,
          site,
          importId: values.rollback,
        });
        console.log(describeImport(job));
        if (job.status !== "rolled_back") process.exitCode = 1;
        break;
      }
      if (!site || !values.file)
        throw new UsageError("import needs --site and --file (or --site and --rollback)");
      const job = await importWorkbookCommand(logger, {
        org: values.org ?? config.SLMS_ORG_CODE,
        site,
        file: values.file,
        dryRun: values["dry-run"] ?? false,
        goLive: values["go-live"],
      });
      console.log(describeImport(job));
      if (job.status !== "committed" && !(values["dry-run"] && job.status === "validated"))
        process.exitCode = 1;
      break;
    }
    case "seed-demo": {
      const result = await seedDemo(logger, values.org ?? config.SLMS_ORG_CODE);
      console.log(
        `Demo data ready: ${result.unitsCreated} units, ${result.customers} customers, ${result.leases} leases, ` +
          `${result.bills} bills, ${result.payments} payments, ${result.deposits} deposits created; ` +
          `demo users (password ${DEMO_PASSWORD}): ${result.users.join(", ") || "already existed"}`,
      );
      break;
    }
    default:
      console.log(usage);
      if (!values.help && command !== "help") process.exitCode = 2;
  }
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage}`);
    process.exitCode = 2;
  } else {
    logger.error({ err: error }, `${command} failed`);
    process.exitCode = 1;
  }
}

async function start() {
  const started = performance.now();
  const telemetry = startTelemetry({ serviceName: "slms" });
  const platform = await startEmbeddedPlatform({
    dataDir: dataDir(),
    logger,
    port: config.PORT,
    host: config.HOST,
    jwtSecret: config.SLMS_JWT_SECRET,
    metricsHandler: telemetry.metricsHandler,
    admin: {
      email: config.SLMS_ADMIN_EMAIL,
      password: config.SLMS_ADMIN_PASSWORD,
      orgCode: config.SLMS_ORG_CODE,
      orgName: config.SLMS_ORG_NAME,
    },
  });
  shutdownOnSignals({
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    steps: [
      { name: "platform", close: () => platform.close() },
      { name: "telemetry", close: () => telemetry.close() },
    ],
  });
  const url = `http://localhost:${platform.gatewayPort}`;
  const bootstrap = platform.gateway.bootstrap;
  const generatedPassword =
    bootstrap?.created && bootstrap.generatedPassword ? bootstrap.generatedPassword : undefined;
  const seeded = config.SLMS_SEED_DEMO
    ? await seedDemoData(platform.gateway.deps, logger, config.SLMS_ORG_CODE)
    : undefined;
  const ready = { port: platform.gatewayPort, ms: Math.round(performance.now() - started) };
  if (!process.stdout.isTTY) {
    // Piped to a log collector: the same facts as one JSON line like every other — written
    // whatever LOG_LEVEL is (a generated admin password is shown only here, once).
    logger.child({}, { level: "info" }).info(
      {
        ...ready,
        dataDir: dataDir(),
        consoleUrl: `${url}/`,
        apiUrl: `${url}/api/v1`,
        docsUrl: `${url}/api/docs`,
        adminEmail: config.SLMS_ADMIN_EMAIL,
        ...(generatedPassword ? { generatedAdminPassword: generatedPassword } : {}),
        ...(seeded
          ? {
              demo: {
                units: seeded.unitsCreated,
                customers: seeded.customers,
                leases: seeded.leases,
                bills: seeded.bills,
                payments: seeded.payments,
                usersPassword: DEMO_PASSWORD,
              },
            }
          : {}),
      },
      "SLMS ready",
    );
    return;
  }
  // At a terminal: a banner for the person who started it.
  const lines = [
    "",
    `  SLMS is running (embedded mode, data in ${dataDir()})`,
    `  Console: ${url}/`,
    `  API:   ${url}/api/v1   docs: ${url}/api/docs`,
    `  Admin: ${config.SLMS_ADMIN_EMAIL}`,
  ];
  if (generatedPassword) {
    lines.push(`  Admin password (generated, shown once): ${generatedPassword}`);
  }
  if (seeded) {
    lines.push(
      `  Demo data: ${seeded.unitsCreated} units, ${seeded.customers} customers, ${seeded.leases} leases, ${seeded.bills} bills, ${seeded.payments} payments; demo users' password: ${DEMO_PASSWORD}`,
    );
  }
  console.log(lines.join("\n"));
  logger.info(ready, "SLMS ready");
}
