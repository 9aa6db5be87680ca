/**
 * The MQTT credential store: per-client credentials the operator issues, kept in a JSON file
 * (PCX_MQTT_CREDENTIALS) as scrypt hashes with a per-entry salt. A password is generated here,
 * returned once by `issue` and never stored. `verify` compares in constant time and spends the
 * same scrypt work on unknown usernames, so timing does not reveal which users exist.
 *
 *   {"version":1,"users":[{"username":"plug-kitchen","role":"device","topics":["tele/plug-kitchen/SENSOR"],
 *     "salt":"<base64>","hash":"<base64>","scrypt":{"N":16384,"r":8,"p":1},"created":"…"}]}
 *
 * The file is re-read when it changes (on every connect, and at most once a second for the
 * per-publish `lookup`), so `broker-user add` / `remove` take effect on a running broker
 * without a restart. Credentials issued with
 * `persist: false` live in memory only (the service's own oracle credential).
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod/v4";

export type BrokerRole = "device" | "oracle";

export interface BrokerUser {
  username: string;
  role: BrokerRole;
  /** Topic patterns (MQTT wildcards allowed) a device may publish to; unused for the oracle. */
  topics: string[];
}

const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LEN = 32;
const RELOAD_CHECK_MS = 1_000;

/** Usernames double as device client ids: no wildcards, separators or spaces. */
export const USERNAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;

const StoredUser = z.object({
  username: z.string().regex(USERNAME_RE),
  role: z.enum(["device", "oracle"]),
  topics: z.array(z.string().min(1)),
  salt: z.string().min(1),
  hash: z.string().min(1),
  scrypt: z.object({ N: z.number().int(), r: z.number().int(), p: z.number().int() }),
  created: z.string(),
});
type StoredUser = z.infer<typeof StoredUser>;
const CredentialFile = z.object({ version: z.literal(1), users: z.array(StoredUser) });

function scryptAsync(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LEN, { ...params, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A fresh random password: 24 bytes, base64url (32 characters). */
export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}

/** Checks a device topic pattern: a valid MQTT filter, not `#`/`+` alone, not a `$` topic. */
export function validateTopicPattern(pattern: string): void {
  const levels = pattern.split("/");
  const bad =
    pattern.length === 0 ||
    pattern.startsWith("$") ||
    levels.some((l, i) => (l.includes("#") && (l !== "#" || i !== levels.length - 1)) || (l.includes("+") && l !== "+")) ||
    levels.every((l) => l === "+" || l === "#");
  if (bad) throw new Error(`invalid topic pattern ${JSON.stringify(pattern)}: a device pattern needs at least one literal level`);
}

export class CredentialStore {
  private users = new Map<string, StoredUser>();
  private readonly memory = new Map<string, StoredUser>();
  private mtimeMs = -1;
  private lastCheck = 0;
  private readonly dummy = { salt: randomBytes(16), hash: randomBytes(KEY_LEN) };

  /** `file` undefined: a memory-only store. */
  constructor(readonly file?: string) {
    this.reload(true);
  }

  /** Re-reads the file if it changed (at most once per second unless forced). */
  private reload(force = false): void {
    if (!this.file) return;
    const now = Date.now();
    if (!force && now - this.lastCheck < RELOAD_CHECK_MS) return;
    this.lastCheck = now;
    const mtime = existsSync(this.file) ? statSync(this.file).mtimeMs : 0;
    if (mtime === this.mtimeMs) return;
    const parsed = mtime === 0 ? { version: 1 as const, users: [] } : CredentialFile.parse(JSON.parse(readFileSync(this.file, "utf8")));
    this.users = new Map(parsed.users.map((u) => [u.username, u]));
    this.mtimeMs = mtime;
  }

  private save(): void {
    if (!this.file) throw new Error("memory-only credential store");
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, users: [...this.users.values()] }, null, 2) + "\n", { mode: 0o600 });
    renameSync(tmp, this.file);
    this.mtimeMs = statSync(this.file).mtimeMs;
  }

  private record(username: string): StoredUser | undefined {
    this.reload();
    return this.memory.get(username) ?? this.users.get(username);
  }

  /**
   * Issues a credential: generates a password, stores only its hash (in the file, or in memory
   * with `persist: false`) and returns the password. Refuses an existing username.
   */
  async issue(user: BrokerUser, opts: { persist?: boolean } = {}): Promise<string> {
    const persist = opts.persist ?? true;
    if (!USERNAME_RE.test(user.username)) throw new Error(`invalid username ${JSON.stringify(user.username)} (letters, digits, _ . -)`);
    if (user.role === "device") {
      if (user.topics.length === 0) throw new Error("a device credential needs at least one --topic");
      user.topics.forEach(validateTopicPattern);
    }
    this.reload(true);
    if (this.record(user.username)) throw new Error(`user ${user.username} exists: remove it first`);
    const password = generatePassword();
    const salt = randomBytes(16);
    const hash = await scryptAsync(password, salt, SCRYPT);
    const stored: StoredUser = {
      username: user.username,
      role: user.role,
      topics: [...user.topics],
      salt: salt.toString("base64"),
      hash: hash.toString("base64"),
      scrypt: { ...SCRYPT },
      created: new Date().toISOString(),
    };
    if (persist) {
      this.users.set(user.username, stored);
      this.save();
    } else {
      this.memory.set(user.username, stored);
    }
    return password;
  }

  /** Removes a credential; true if it existed. Connected clients lose it on their next publish. */
  revoke(username: string): boolean {
    this.reload(true);
    if (this.memory.delete(username)) return true;
    if (!this.users.delete(username)) return false;
    this.save();
    return true;
  }

  /** The credentials, without their hashes. */
  list(): (BrokerUser & { created: string })[] {
    this.reload(true);
    return [...this.memory.values(), ...this.users.values()].map(({ username, role, topics, created }) => ({ username, role, topics, created }));
  }

  /** The current credential of `username` (re-read from the file when it changed). */
  lookup(username: string): BrokerUser | undefined {
    const r = this.record(username);
    return r && { username: r.username, role: r.role, topics: r.topics };
  }

  /** The user if `password` is theirs, else undefined; constant time, same cost for unknown users. */
  async verify(username: string, password: string | Buffer): Promise<BrokerUser | undefined> {
    this.reload(true); // a connect costs a scrypt anyway: always see the newest file
    const r = this.record(username);
    const salt = r ? Buffer.from(r.salt, "base64") : this.dummy.salt;
    const expected = r ? Buffer.from(r.hash, "base64") : this.dummy.hash;
    const actual = await scryptAsync(password.toString(), salt, r?.scrypt ?? SCRYPT);
    const match = actual.length === expected.length && timingSafeEqual(actual, expected);
    return match && r ? { username: r.username, role: r.role, topics: r.topics } : undefined;
  }
}
