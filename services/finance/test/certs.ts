import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM files of a throwaway PKI, as strings, and the folder they are in. */
export interface TestCertificates {
  dir: string;
  caCert: string;
  /** For `localhost` and 127.0.0.1, signed by the CA. */
  serverCert: string;
  serverKey: string;
  /** A client certificate signed by the CA (for mutual TLS). */
  clientCert: string;
  clientKey: string;
  /** A client certificate signed by another CA: must be refused under mutual TLS. */
  strangerCert: string;
  strangerKey: string;
  /** Removes the folder. */
  remove(): void;
}

const openssl = (dir: string, args: string[]) =>
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });

const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function makeCa(dir: string, name: string) {
  openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.crt`,
    "-days",
    "2",
    "-subj",
    `/CN=SLMS test ${name}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
}

function issue(dir: string, ca: string, name: string, extensions: string) {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    "req",
    ...ec,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    `/CN=${name}`,
  ]);
  openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-out",
    `${name}.crt`,
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
  ]);
}

/**
 * A CA, a server certificate for localhost/127.0.0.1 and a client certificate it signed, plus a
 * client certificate of a second, untrusted CA — made with the `openssl` CLI in a temp folder.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "slms-finance-tls-"));
  makeCa(dir, "ca");
  makeCa(dir, "other-ca");
  issue(
    dir,
    "ca",
    "server",
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
  );
  issue(dir, "ca", "client", "extendedKeyUsage=clientAuth\n");
  issue(dir, "other-ca", "stranger", "extendedKeyUsage=clientAuth\n");
  const read = (file: string) => readFileSync(join(dir, file), "utf8");
  return {
    dir,
    caCert: read("ca.crt"),
    serverCert: read("server.crt"),
    serverKey: read("server.key"),
    clientCert: read("client.crt"),
    clientKey: read("client.key"),
    strangerCert: read("stranger.crt"),
    strangerKey: read("stranger.key"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
