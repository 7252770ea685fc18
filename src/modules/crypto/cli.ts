// `moonbox credential keygen|encrypt|decrypt`: make key pairs and mbx1 envelopes for
// crypto.decrypt_credential (format: README.md in this folder).
import { generateKeyPair, createPublicKey, createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync, writeFileSync, unlinkSync } from "node:fs";
import { parseArgs, promisify } from "node:util";
import { sealCredential, openCredential, EnvelopeError, KEY_NAME_RE } from "./envelope.js";
import { MIN_RSA_BITS } from "./keys.js";

const USAGE = `usage: moonbox credential <keygen|encrypt|decrypt> [options]

  keygen  --out NAME [--bits N] [--passphrase-env VAR]
          write NAME.pem (private key, mode 0600) and NAME.pub.pem (public key)
  encrypt --public-key FILE.pub.pem --key-name NAME [--value TEXT]
          print an mbx1 envelope of TEXT, or of the bytes on stdin
  decrypt --private-key FILE.pem --key-name NAME [--passphrase-env VAR] [ENVELOPE]
          print the plaintext of ENVELOPE (or of the envelope on stdin)

Run 'moonbox credential <command> --help' for details.
`;

const HELP: Record<string, string> = {
  keygen: `usage: moonbox credential keygen --out NAME [--bits N] [--passphrase-env VAR] [--force]

Generate an RSA key pair for crypto.decrypt_credential:
  NAME.pem       the private key (PKCS#8 PEM, file mode 0600): give it to Moonbox as
                 lua.credential_keys.<name>.pem_file (or its text as pem_env)
  NAME.pub.pem   the public key (SPKI PEM): give it to whoever encrypts credentials

options:
  --out NAME            path prefix of the two files
  --bits N              RSA modulus size, ${MIN_RSA_BITS}..16384 (default 3072)
  --passphrase-env VAR  encrypt the private key (AES-256-CBC) with the passphrase in $VAR
                        (then set lua.credential_keys.<name>.passphrase_env: VAR)
  --force               overwrite existing files
`,
  encrypt: `usage: moonbox credential encrypt --public-key FILE.pub.pem --key-name NAME [--value TEXT]

Encrypt a credential and print its envelope (one line) for
  crypto.decrypt_credential("NAME", envelope)
The plaintext is TEXT (UTF-8) or, without --value, the exact bytes read from stdin (binary
is fine; prefer stdin: --value ends up in shell history and process listings).

options:
  --public-key FILE  the public key (NAME.pub.pem from keygen; a private key PEM also works)
  --key-name NAME    the key's name in lua.credential_keys; the envelope opens only under it
  --value TEXT       the plaintext
`,
  decrypt: `usage: moonbox credential decrypt --private-key FILE.pem --key-name NAME [--passphrase-env VAR] [ENVELOPE]

Decrypt an envelope (to check it) and write the plaintext bytes to stdout, without a newline.
Without ENVELOPE (or with '-') the envelope is read from stdin.

options:
  --private-key FILE    the private key PEM
  --key-name NAME       the key name the envelope was made for
  --passphrase-env VAR  the private key's passphrase is in $VAR
`,
};

/** Wrong or missing arguments: the message plus the usage line. */
class UsageError extends Error {}
/** A failure worth a message but not the usage line. */
class Failure extends Error {}

function readStdin(): Buffer {
  // fd 0 read synchronously: works for pipes and files alike
  return readFileSync(0);
}

function keyName(v: string | undefined): string {
  if (v === undefined) throw new UsageError("missing --key-name NAME");
  if (!KEY_NAME_RE.test(v)) throw new UsageError(`--key-name: '${v}' is not a valid key name (1-64 letters, digits, '_', '.' or '-')`);
  return v;
}

function passphrase(envVar: string | undefined): string | undefined {
  if (envVar === undefined) return undefined;
  const p = process.env[envVar];
  if (p === undefined || p === "") throw new UsageError(`--passphrase-env: environment variable ${envVar} is not set`);
  return p;
}

function loadKey(flag: string, file: string, parse: (pem: Buffer) => KeyObject): KeyObject {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (e) {
    throw new Failure(`${flag}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parse(pem);
  } catch (e) {
    throw new Failure(`${flag}: ${file} is not a usable key PEM (${(e as Error).message})`);
  }
}

async function keygen(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: "string" }, bits: { type: "string" }, "passphrase-env": { type: "string" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return help("keygen");
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (!values.out) throw new UsageError("missing --out NAME");
  const bits = values.bits === undefined ? 3072 : Number(values.bits);
  if (!Number.isInteger(bits) || bits < MIN_RSA_BITS || bits > 16384 || bits % 8 !== 0) throw new UsageError(`--bits: expected a multiple of 8 from ${MIN_RSA_BITS} to 16384, got '${values.bits}'`);
  const pass = passphrase(values["passphrase-env"]);
  const { privateKey, publicKey } = await promisify(generateKeyPair)("rsa", { modulusLength: bits });
  const privPem = privateKey.export({ type: "pkcs8", format: "pem", ...(pass !== undefined ? { cipher: "aes-256-cbc", passphrase: pass } : {}) }) as string;
  const pubPem = publicKey.export({ type: "spki", format: "pem" }) as string;
  const privFile = `${values.out}.pem`;
  const pubFile = `${values.out}.pub.pem`;
  const flag = values.force ? "w" : "wx"; // do not clobber an existing key by accident
  try {
    writeFileSync(privFile, privPem, { mode: 0o600, flag });
  } catch (e) {
    throw new Failure((e as NodeJS.ErrnoException).code === "EEXIST" ? `${privFile} exists (use --force to overwrite)` : (e as Error).message);
  }
  try {
    writeFileSync(pubFile, pubPem, { flag });
  } catch (e) {
    unlinkSync(privFile);
    throw new Failure((e as NodeJS.ErrnoException).code === "EEXIST" ? `${pubFile} exists (use --force to overwrite)` : (e as Error).message);
  }
  process.stdout.write(`wrote ${privFile} (private, ${bits}-bit RSA) and ${pubFile} (public)\n`);
  return 0;
}

async function encrypt(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "public-key": { type: "string" }, "key-name": { type: "string" }, value: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return help("encrypt");
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}' (the plaintext goes in --value or on stdin)`);
  if (!values["public-key"]) throw new UsageError("missing --public-key FILE");
  const name = keyName(values["key-name"]);
  const key = loadKey("--public-key", values["public-key"], (pem) => createPublicKey(pem));
  if (key.asymmetricKeyType !== "rsa" || (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new UsageError(`--public-key: expected an RSA key of at least ${MIN_RSA_BITS} bits`);
  }
  let plaintext: Buffer;
  if (values.value !== undefined) plaintext = Buffer.from(values.value, "utf8");
  else if (process.stdin.isTTY) throw new UsageError("no --value and stdin is a terminal: pipe the plaintext in (or give --value)");
  else plaintext = readStdin();
  process.stdout.write(sealCredential(key, name, plaintext) + "\n");
  return 0;
}

async function decrypt(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "private-key": { type: "string" }, "key-name": { type: "string" }, "passphrase-env": { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return help("decrypt");
  if (!values["private-key"]) throw new UsageError("missing --private-key FILE");
  const name = keyName(values["key-name"]);
  if (positionals.length > 1) throw new UsageError("expected one ENVELOPE");
  const pass = passphrase(values["passphrase-env"]);
  const key = loadKey("--private-key", values["private-key"], (pem) => createPrivateKey({ key: pem, format: "pem", passphrase: pass ?? "" }));
  const fromStdin = positionals[0] === undefined || positionals[0] === "-";
  if (fromStdin && process.stdin.isTTY) throw new UsageError("no ENVELOPE and stdin is a terminal: give it as an argument or pipe it in");
  const envelope = fromStdin ? readStdin().toString("latin1") : positionals[0];
  process.stdout.write(await openCredential(key, name, envelope));
  return 0;
}

function help(cmd: string): number {
  process.stdout.write(HELP[cmd]);
  return 0;
}

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = { keygen, encrypt, decrypt };

/** `moonbox credential ...`; returns the exit code (0 ok, 1 usage error or failure). */
export async function credentialCommand(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === "--help" || cmd === "-h" || cmd === "help") {
    process[cmd === undefined ? "stderr" : "stdout"].write(USAGE);
    return cmd === undefined ? 1 : 0;
  }
  const run = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (run === undefined) {
    process.stderr.write(`moonbox credential: unknown command '${cmd}'\n${USAGE}`);
    return 1;
  }
  try {
    return await run(rest);
  } catch (e) {
    const err = e as Error & { code?: string };
    // parseArgs' own errors (unknown option, missing value) are usage errors too
    const usage = e instanceof UsageError || err.code?.startsWith("ERR_PARSE_ARGS");
    const usageLine = usage ? `${HELP[cmd].split("\n")[0]}\n` : "";
    process.stderr.write(`moonbox credential ${cmd}: ${e instanceof EnvelopeError && e.kind === "malformed" ? "malformed envelope: " : ""}${err.message}\n${usageLine}`);
    return 1;
  }
}
