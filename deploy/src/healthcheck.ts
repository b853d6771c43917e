// Container healthcheck command (docker-compose.yml): exits 0 when the target is healthy.
//   node deploy/src/healthcheck.ts http://127.0.0.1:8080/readyz
//   node deploy/src/healthcheck.ts grpc://127.0.0.1:50051
import { probe } from "./probe.ts";

const [url, timeout] = process.argv.slice(2);
if (!url) {
  console.error(
    "usage: node deploy/src/healthcheck.ts <http(s)://…|grpc://host:port[/service]> [timeoutMs]",
  );
  process.exit(2);
}
const result = await probe(url, timeout ? Number(timeout) : undefined);
(result.healthy ? console.log : console.error)(result.detail);
process.exit(result.healthy ? 0 : 1);
