/**
 * The oracle service: wires the pipeline
 *   source (MQTT) → decode + validate → outbox (SQLite) → checkpoints → batcher → submitter → confirmer
 * plus the raw readings API (owner only, Sign-In with Ethereum), the embedded broker (when no MQTT_URL), /healthz + /metrics, and graceful shutdown
 * (stop taking messages, let the current batch step finish, close everything).
 */
import { randomBytes, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import type { PeerCertificate } from "node:tls";
import type { Logger } from "pino";
import { loadAdapterKeys, OperatorAttestor } from "./adapters/operator.js";
import { shellyAdapter } from "./adapters/shelly.js";
import { tasmotaAdapter } from "./adapters/tasmota.js";
import type { DeviceAdapter } from "./adapters/types.js";
import { AnomalyDetector } from "./anomaly.js";
import { anomalyRoutes } from "./anomaly-http.js";
import { Contract, type InterfaceAbi } from "ethers";
import { pcxAbis } from "../sdk/contracts.js";
import { Batcher } from "./batcher.js";
import { CheckpointPlanner, defaultCloseDelay, gapWait } from "./checkpoints.js";
import { CheckpointRules } from "./checkpoint-rules.js";
import { rawRoutes, SiweSessions } from "./raw-api.js";
import { CredentialStore } from "./broker-auth.js";
import { startEmbeddedBroker, type EmbeddedBroker } from "./broker.js";
import { ChainDirectory, connectChain, sleep, type Chain } from "./chain.js";
import type { OracleConfig } from "./config.js";
import { Confirmer } from "./confirmer.js";
import { startHttp } from "./http.js";
import { Ingestor, type IngestorDeps } from "./ingest.js";
import { createLogger } from "./log.js";
import { OracleMetrics } from "./metrics.js";
import { Outbox } from "./outbox.js";
import { PCX_TOPIC_PREFIX } from "./payload.js";
import { ReadingVerifier } from "./signature.js";
import { MqttSource } from "./source.js";
import { Submitter } from "./submitter.js";
import { ReadingValidator } from "./validate.js";
import { VerifyPool } from "./verify-pool.js";
import type { DeviceDirectory } from "./directory.js";
import type { TypedDataDomain } from "../sdk/typed-data.js";

export const PCX_READING_FILTER = `${PCX_TOPIC_PREFIX}+/reading`;

/** The oracle's clock: unix time in milliseconds, as Date.now. */
export type Clock = () => number;

export interface ServiceOptions {
  /**
   * What "now" is for everything that compares a reading's time with the present: the
   * validator's clock-skew limit, the ingestor, the checkpoint planner (interval and period
   * close) and its rules. Default: the wall clock. A simulation (scripts/bench/scale.ts) runs
   * the service on simulated time with it. Wall-clock waits (batch wait, fee bumps, RPC back-off,
   * the device cache's TTL, SIWE sessions, which a real wallet signs on wall time) stay on Date.now.
   */
  clock?: Clock;
}

/** The ingest path as the service runs it (benchmarks build theirs with createIngest too). */
export interface IngestPath {
  ingestor: Ingestor;
  validator: ReadingValidator;
  /** Where signatures are recovered. */
  backend: ReadingVerifier["backend"];
  /** The worker pool checking signatures, if any (verifyWorkers ≥ 1). */
  pool: VerifyPool | undefined;
  close(): Promise<void>;
}

/**
 * Decode → signature check (in `verifyWorkers` worker threads, or on this thread with 0) →
 * validation against the outbox and the device directory → group-committed outbox row.
 */
export function createIngest(opts: {
  outbox: Outbox;
  directory: DeviceDirectory;
  domain: TypedDataDomain;
  metrics: OracleMetrics;
  log: Logger;
  verifyWorkers: number;
  maxClockSkewS: number;
  now?: () => number;
} & Pick<IngestorDeps, "adapters" | "attestor" | "anomaly" | "onStored">): IngestPath {
  const local = new ReadingVerifier(opts.domain);
  const pool = opts.verifyWorkers > 0 ? new VerifyPool(opts.domain, opts.verifyWorkers, local.backend) : undefined;
  const validator = new ReadingValidator({ verifier: pool ?? local, directory: opts.directory, outbox: opts.outbox, maxClockSkewS: opts.maxClockSkewS, now: opts.now });
  const ingestor = new Ingestor({
    outbox: opts.outbox,
    validator,
    metrics: opts.metrics,
    log: opts.log,
    adapters: opts.adapters,
    attestor: opts.attestor,
    anomaly: opts.anomaly,
    onStored: opts.onStored,
    now: opts.now,
  });
  return { ingestor, validator, backend: local.backend, pool, close: async () => pool?.close() };
}

export class OracleService {
  readonly metrics = new OracleMetrics(true);
  readonly log: Logger;
  outbox!: Outbox;
  chain!: Chain;
  broker: EmbeddedBroker | undefined;
  source!: MqttSource;
  httpPort = 0;
  mqttUrl = "";
  private stopped = false;
  private loops: Promise<void>[] = [];
  private rpcOk = false;
  private mqttOk = false;
  private http: Awaited<ReturnType<typeof startHttp>> | undefined;
  private anomaly: AnomalyDetector | undefined;
  private ingest: IngestPath | undefined;

  /** Now, in unix seconds, on the service's clock. */
  readonly nowS: () => number;

  private constructor(readonly config: OracleConfig, log?: Logger, readonly clock: Clock = Date.now) {
    this.log = log ?? createLogger(config.logLevel);
    this.nowS = () => Math.floor(this.clock() / 1000);
  }

  static async start(config: OracleConfig, log?: Logger, options: ServiceOptions = {}): Promise<OracleService> {
    const service = new OracleService(config, log, options.clock);
    try {
      await service.init();
    } catch (err) {
      await service.stop();
      throw err;
    }
    return service;
  }

  private async init(): Promise<void> {
    const { config, log, metrics } = this;
    const isStopped = () => this.stopped;
    this.outbox = new Outbox(config.dataDir, config.sqliteSync);
    this.chain = await connectChain(config, log, isStopped);
    this.rpcOk = true;
    const storedChain = this.outbox.getMeta("chain");
    const thisChain = `${this.chain.chainId}:${(await this.chain.oracle.getAddress()).toLowerCase()}`;
    if (storedChain && storedChain !== thisChain) {
      throw new Error(`data dir ${config.dataDir} belongs to ${storedChain}, not ${thisChain}: use another PCX_DATA_DIR`);
    }
    this.outbox.setMeta("chain", thisChain);
    log.info({ chainId: this.chain.chainId.toString(), oracle: this.chain.domain.verifyingContract, operator: this.chain.wallet.address }, "chain connected");

    const directory = new ChainDirectory(this.chain, { log, metrics, maxEntries: config.deviceCacheSize, stopped: isStopped });
    const adapters: DeviceAdapter[] = [tasmotaAdapter, shellyAdapter];
    const attestor = config.adapters
      ? new OperatorAttestor(loadAdapterKeys(config.adapters), this.chain.domain, this.outbox)
      : undefined;
    const anomaly = (this.anomaly = new AnomalyDetector(this.outbox.db, {}, metrics.registry));
    const ingest = (this.ingest = createIngest({
      outbox: this.outbox,
      directory,
      domain: this.chain.domain,
      metrics,
      log,
      verifyWorkers: config.verifyWorkers,
      maxClockSkewS: config.maxClockSkewS,
      now: this.nowS,
      adapters: attestor ? adapters : [],
      attestor,
      anomaly,
      onStored: (d) => planner.notify(d),
    }));
    if (ingest.backend === "js") {
      log.warn("libsecp256k1 binding not available on this platform: signatures are recovered in JavaScript (≈ 20× slower ingest)");
    } else {
      log.info({ signatureBackend: ingest.backend, verifyWorkers: config.verifyWorkers }, "signature recovery");
    }
    const { ingestor } = ingest;

    const { oracle, provider, registry } = this.chain;
    const calendar = new Contract(String(await oracle.calendar()), pcxAbis.PeriodCalendar, provider);
    const factors = new Contract(String(await oracle.factors()), pcxAbis.EmissionFactors, provider);
    const [genesis, periodLength, gracePeriod] = (await Promise.all([calendar.genesis(), calendar.periodLength(), calendar.gracePeriod()])).map(Number) as [number, number, number];
    const closeDelayS = defaultCloseDelay(gracePeriod);
    const policy = { intervalS: config.checkpointIntervalS, genesis, periodLength, gracePeriod, closeDelayS, gapWaitS: gapWait(config.checkpointGapWaitS, closeDelayS) };
    const rules = new CheckpointRules({
      provider,
      registry,
      factors,
      outbox: this.outbox,
      log,
      factorOf: async (d) => (await directory.lookup(d)).factorId,
      currentPeriod: (now) => (now < genesis ? -1 : Math.floor((now - genesis) / periodLength)),
    });
    const planner = new CheckpointPlanner({ outbox: this.outbox, domain: this.chain.domain, policy, metrics, log, rules });
    log.info({ ...policy }, "checkpoint policy");

    const submitter = new Submitter({
      provider: this.chain.provider,
      wallet: this.chain.wallet as never,
      oracle: this.chain.oracle,
      chainId: this.chain.chainId,
      domain: this.chain.domain,
      outbox: this.outbox,
      metrics,
      log,
      ownerOf: (d) => directory.ownerOf(d),
      stopped: isStopped,
    });
    const confirmer = new Confirmer({
      provider: this.chain.provider,
      oracle: this.chain.oracle,
      walletAddress: this.chain.wallet.address,
      outbox: this.outbox,
      submitter,
      metrics,
      log,
      confirmations: config.confirmations,
      feeBumpAfterMs: config.feeBumpAfterMs,
    });
    const batcher = new Batcher(
      this.outbox,
      submitter,
      { batchSize: config.batchSize, batchWaitMs: config.batchWaitMs, maxInFlight: config.maxInFlight },
      log,
      (r) => r.broadcast && confirmer.markBroadcast(r.hash),
    );

    const sessions = new SiweSessions({ chainId: this.chain.chainId });
    const raw = rawRoutes({
      sessions,
      outbox: this.outbox,
      domain: this.chain.domain,
      ownerOf: async (d) => String((await registry.device(d)).owner),
      siweDomain: config.siweDomain,
    });
    this.http = await startHttp(config.httpPort, metrics.registry, () => this.health(), undefined, [anomalyRoutes(anomaly), raw], config.apiCorsOrigin);
    this.httpPort = this.http.port;

    const { auth, tls } = config.mqttUrl ? this.externalBrokerLogin() : await this.startBroker();
    const topics = [PCX_READING_FILTER, ...(attestor ? adapters.flatMap((a) => a.subscriptions) : [])];
    this.source = new MqttSource({
      url: this.mqttUrl,
      clientId: config.clientId,
      // Aedes speaks MQTT 3.1.1; external brokers get MQTT 5 (shared subscriptions, session expiry).
      protocolVersion: config.mqttUrl ? config.mqttProtocol : 4,
      topics,
      shareGroup: config.shareGroup,
      auth,
      tls,
      log,
      onMessage: (topic, payload, receivedAt) => ingestor.handle(topic, payload, receivedAt),
      onState: (up) => (this.mqttOk = up),
      maxInFlight: config.mqttMaxInFlight,
    });
    await this.source.start();
    this.mqttOk = true;

    this.loops.push(
      this.loop("checkpoints", async () => {
        if (await rules.poll()) planner.markAllDirty();
        await planner.step(this.nowS());
        return 250;
      }),
      this.loop("batcher", async () => ((await batcher.step()) > 0 ? 0 : 20)),
      this.loop("confirmer", async () => {
        await confirmer.tick();
        return 100;
      }),
    );
    log.info({ http: this.httpPort, mqtt: this.mqttUrl, dataDir: config.dataDir }, "oracle running");
  }

  /** Username/password and CA for an external broker, from the config. */
  private externalBrokerLogin() {
    const { config } = this;
    this.mqttUrl = config.mqttUrl!;
    return {
      auth: config.mqttUsername ? { username: config.mqttUsername, password: config.mqttPassword! } : undefined,
      tls: config.mqttTlsCa ? { ca: readFileSync(config.mqttTlsCa) } : undefined,
    };
  }

  /**
   * Starts the embedded broker (loopback unless PCX_MQTT_HOST, TLS with a certificate, every
   * client authenticated against PCX_MQTT_CREDENTIALS) and returns how the oracle logs in to
   * it: the configured oracle credential, or one issued in memory for this process only.
   */
  private async startBroker() {
    const { config, log, metrics } = this;
    const credentials = new CredentialStore(config.mqttCredentials);
    let auth = config.mqttUsername ? { username: config.mqttUsername, password: config.mqttPassword! } : undefined;
    if (!auth) {
      const username = `oracle-self-${randomBytes(6).toString("hex")}`;
      auth = { username, password: await credentials.issue({ username, role: "oracle", topics: [] }, { persist: false }) };
    }
    const tlsFiles = config.mqttTlsCert ? { cert: config.mqttTlsCert, key: config.mqttTlsKey! } : undefined;
    this.broker = await startEmbeddedBroker({
      port: config.mqttPort,
      host: config.mqttHost,
      credentials,
      reservedClientIds: [config.clientId],
      tls: tlsFiles,
      log,
      refusals: metrics.authRefusals,
    });
    this.mqttUrl = this.broker.url;
    const devices = credentials.list().filter((u) => u.role === "device").length;
    log.info({ address: this.broker.address, tls: this.broker.tls, credentials: config.mqttCredentials, devices }, "embedded MQTT broker (Aedes) listening");
    if (devices === 0) log.warn({ credentials: config.mqttCredentials }, "no device credentials: no meter can publish (npm run oracle -- broker-user add …)");
    if (!tlsFiles) return { auth, tls: undefined };
    // Our own broker: trust its certificate (or PCX_MQTT_TLS_CA) and pin it, whatever name it carries.
    const pinned = new X509Certificate(readFileSync(tlsFiles.cert)).fingerprint256;
    const tls = {
      ca: readFileSync(config.mqttTlsCa ?? tlsFiles.cert),
      checkServerIdentity: (_host: string, cert: PeerCertificate) =>
        cert.fingerprint256 === pinned ? undefined : new Error("embedded broker presented another certificate"),
    };
    return { auth, tls };
  }

  /** Runs `step` until stopped; `step` returns the pause before its next run. Errors back off. */
  private async loop(name: string, step: () => Promise<number>): Promise<void> {
    let backoff = 250;
    while (!this.stopped) {
      try {
        const pause = await step();
        this.rpcOk = true;
        backoff = 250;
        if (pause > 0) await sleep(pause);
      } catch (err) {
        if (this.stopped) break;
        this.rpcOk = false;
        this.metrics.rpcErrors.inc({ stage: name });
        this.log.warn({ err: (err as Error).message?.slice(0, 200), retryInMs: backoff }, `${name} step failed`);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  health() {
    const counts = this.outbox?.db.open ? this.outbox.counts() : undefined;
    return {
      ok: this.mqttOk && this.rpcOk && !this.stopped,
      mqtt: this.mqttOk,
      rpc: this.rpcOk,
      outbox: counts,
      lastConfirmedBlock: this.outbox?.db.open ? (this.outbox.lastConfirmedBlock() ?? null) : null,
    };
  }

  /** Graceful shutdown: no new messages, finish the current steps, close everything. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.log.info("stopping");
    await this.source?.stop().catch(() => {});
    await Promise.all(this.loops);
    await this.http?.close();
    await this.broker?.close();
    this.chain?.provider.destroy();
    await this.ingest?.close();
    this.anomaly?.close();
    this.outbox?.close();
    this.log.info("stopped");
  }
}
