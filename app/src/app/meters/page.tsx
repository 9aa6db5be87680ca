"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { getAddress, type Address } from "viem";
import { useConfig } from "wagmi";
import { readContracts } from "wagmi/actions";
import { Gate } from "@/components/Gate";
import { EmptyState, ErrorState, NotEnrolled, Skeleton, useSteady } from "@/components/states";
import { usePcx } from "@/hooks/usePcx";
import { useEnrollment } from "@/hooks/useEnrollment";
import { useHistory } from "@/hooks/useIndexer";
import { OFF_CHAIN_META } from "@/hooks/useChainReads";
import { useChainClock } from "@/hooks/useClock";
import { HistoryUnavailable } from "@/components/IndexerStatus";
import { useTx } from "@/hooks/useTx";
import { useI18n } from "@/i18n/context";
import type { MessageKey } from "@/i18n";
import { abis } from "@/lib/contracts";
import { TIER } from "@/lib/binding";
import { kindNames } from "@/lib/revert";
import { deviceStatusView, revokeAction } from "@/lib/devices";
import { shortAddress } from "@/lib/format";
import { countNumber, kg } from "@/lib/amounts";
import { dateOnly, dateTime, relativeTime } from "@/lib/time";
import { anomalyView, fetchAnomaly, type AnomalyStatus } from "@/lib/anomaly";
import { oracleApiUrl } from "@/generated/contracts";
import { BASE_UNIT, type DeviceKind } from "@sdk/units";
import { BindDevice } from "./_components/BindDevice";

const ZERO = "0x0000000000000000000000000000000000000000";
/** Days of readings per device shown (UTC days of the blocks, from the indexer). */
const DAYS = 7;

function Meters() {
  const { t, lang } = useI18n();
  const client = usePublicClient();
  const config = useConfig();
  const { account, addresses, chainId } = usePcx();
  const enrollment = useEnrollment();
  const tx = useTx();
  const chainNow = useChainClock();
  const [confirming, setConfirming] = useState<Address | undefined>();
  const registry = { address: addresses.Registry!, abi: abis.Registry } as const;
  const oracle = { address: addresses.EmissionOracle!, abi: abis.EmissionOracle } as const;
  const cal = { address: addresses.PeriodCalendar!, abi: abis.PeriodCalendar } as const;
  // The account's devices and their last accepted readings: history, from the indexer.
  const history = useHistory(
    ["meters", account],
    async (ix) => {
      const me = account!.toLowerCase();
      const row = await ix.accountOrNone(me);
      return Promise.all(
        (row?.devices ?? []).map(async (d) => {
          const today = Math.floor(Date.now() / 86_400_000);
          const [readings, days] = await Promise.all([ix.deviceReadings(d.address, { limit: 20 }), ix.deviceDays(d.address, { from: today - (DAYS - 1), to: today })]);
          const last = readings.items.find((r) => r.accepted);
          return { device: d.address, kind: d.kind, readingCount: d.readings, lastKg: last?.kg ? BigInt(last.kg) : undefined, days: days.items };
        }),
      );
    },
    Boolean(account),
  );
  // The oracle's anomaly status of each meter (a flag asks someone to look; readings are never dropped).
  const anomalies = useQuery({
    queryKey: ["anomaly", account, history.data?.map((d) => d.device).join(",")],
    enabled: Boolean(history.data?.length),
    refetchInterval: 30_000,
    // the oracle's own state: it polls on its own, new blocks do not refetch it
    meta: OFF_CHAIN_META,
    queryFn: async () => {
      const out = new Map<string, AnomalyStatus | undefined | null>();
      await Promise.all(
        (history.data ?? []).map(async (d) => {
          out.set(d.device.toLowerCase(), await fetchAnomaly(oracleApiUrl, d.device).catch(() => null));
        }),
      );
      return out;
    },
  });
  const anomalyOf = (device: string) => anomalyView(anomalies.data ? anomalies.data.get(device.toLowerCase()) : undefined);
  const anomalyText = (device: string) => {
    const v = anomalyOf(device);
    if (v.kind === "flagged") return t("meters.anomalyFlagged", { score: v.score.toFixed(1), since: v.since ? dateTime(v.since, lang) : "—" });
    if (v.kind === "high") return t("meters.anomalyHigh", { score: v.score.toFixed(1) });
    if (v.kind === "normal") return t("meters.anomalyNormal");
    if (v.kind === "unavailable") return t("meters.anomalyUnavailable");
    return t("meters.anomalyWarmup");
  };
  const bound = history.data;
  // Their current state, and the account's required meters: the chain.
  const meters = useQuery({
    queryKey: ["meters", chainId, account, (bound ?? []).map((d) => `${d.device}:${d.readingCount}:${d.lastKg ?? ""}`).join(",")],
    enabled: Boolean(client && account && addresses.Registry && addresses.EmissionOracle && addresses.PeriodCalendar && enrollment.data?.enrolled),
    // A device bound or a reading booked changes the key: keep this account's meters on screen meanwhile.
    placeholderData: (previous, previousQuery) => (previousQuery && previousQuery.queryKey[1] === chainId && previousQuery.queryKey[2] === account ? previous : undefined),
    queryFn: async () => {
      const c = client!;
      const me = account as Address;
      const [block, [requiredKinds], missing, period, grace] = await Promise.all([
        c.getBlock(),
        c.readContract({ ...registry, functionName: "requiredMeters", args: [me] }),
        c.readContract({ ...registry, functionName: "missingMeters", args: [me] }),
        c.readContract({ ...cal, functionName: "currentPeriod" }).catch(() => 0),
        c.readContract({ ...cal, functionName: "gracePeriod" }),
      ]);
      const graceEnd = (await c.readContract({ ...cal, functionName: "periodEnd", args: [period] })) + grace;
      const kinds = [0, 1, 2, 3, 4, 5, 6].filter((k) => requiredKinds & (1 << k));
      const required = await readContracts(config, {
        allowFailure: false,
        contracts: kinds.map((kind) => ({ ...registry, functionName: "requiredDevice" as const, args: [me, kind] as const })),
      }).then((devices) => kinds.map((kind, i) => ({ kind, device: devices[i] as Address })));
      const devices = await Promise.all(
        (bound ?? []).map(async ({ device, readingCount, lastKg }) => {
          const [record, certification, state, outstanding] = await readContracts(config, {
            allowFailure: false,
            contracts: [
              { ...registry, functionName: "device", args: [device] },
              { ...registry, functionName: "certification", args: [device] },
              { ...oracle, functionName: "deviceState", args: [device] },
              { ...oracle, functionName: "outstandingEstimate", args: [device] },
            ] as const,
          });
          const [factor, certifier] = await Promise.all([
            c.readContract({ address: addresses.EmissionFactors!, abi: abis.EmissionFactors, functionName: "factor", args: [record.factorId] }).catch(() => undefined),
            certification.certifier === ZERO ? undefined : c.readContract({ ...registry, functionName: "certifier", args: [certification.certifier] }),
          ]);
          return { device: getAddress(device), record, certification, certifier, state, outstanding, factor, lastKg, readingCount };
        }),
      );
      return { now: block.timestamp, graceEnd, requiredKinds, missing, required, devices };
    },
  });

  const tierText = (tier: number, name: string, certifier: string) =>
    tier === TIER.Certified ? t("meters.tier.certified", { name }) : tier === TIER.OperatorAttested ? t("meters.tier.attested", { name }) : t("meters.tier.unknown", { certifier: shortAddress(certifier) });

  const revoke = async (device: Address) => {
    setConfirming(undefined);
    await tx.send({ ...registry, functionName: "revokeDevice", args: [device] });
  };

  const { data, error } = useSteady(meters);
  const statusText = (d: NonNullable<typeof data>["devices"][number]) => {
    const view = deviceStatusView(d.record.status, d.certification.revokeAt, data?.now ?? 0n);
    return view.key === "meters.status.pending" ? t(view.key, { at: dateTime(view.at, lang) }) : t(view.key);
  };

  if (enrollment.error) return <ErrorState error={enrollment.error} onRetry={() => void enrollment.refetch()} />;
  if (!enrollment.data) return <Skeleton lines={6} />;
  if (enrollment.data.state !== "enrolled") return <NotEnrolled account={account!} state={enrollment.data.state} meaning="states.notEnrolled.meters" />;
  if (error) return <ErrorState error={error} onRetry={() => void meters.refetch()} />;
  if (!data) return <Skeleton lines={6} />;

  return (
    <>
      <div className="card" data-testid="required-meters">
        <h3>{t("meters.requiredTitle")}</h3>
        {data.required.length === 0 && <p className="muted">{t("meters.requiredNone")}</p>}
        {data.required.length > 0 && (
          <ul>
            {data.required.map((r) => {
              const filled = r.device !== ZERO && !(data.missing & (1 << r.kind));
              return (
                <li key={r.kind} data-testid="required-kind" data-kind={r.kind} data-filled={filled}>
                  {filled
                    ? t("meters.requiredFilled", { kind: t(`kind.${r.kind}` as MessageKey), device: shortAddress(r.device) })
                    : t("meters.requiredMissing", { kind: t(`kind.${r.kind}` as MessageKey) })}
                </li>
              );
            })}
          </ul>
        )}
        {data.missing !== 0 && (
          <p className="error" data-testid="missing-meters">
            {t("meters.missingExplain", { kinds: kindNames(data.missing, t) })}
          </p>
        )}
      </div>
      <div className="card">
        <h3>{t("meters.mine")}</h3>
        <HistoryUnavailable error={history.error} />
        {!data.devices.length ? (
          <EmptyState testId="meters-empty" title={t("meters.none")}>
            <p>{t("meters.noneHint")}</p>
          </EmptyState>
        ) : (
          <div className="scroll-x">
          <table>
            <thead>
              <tr>
                <th>{t("meters.device")}</th>
                <th>{t("meters.kind")}</th>
                <th>{t("meters.tier")}</th>
                <th>{t("meters.role")}</th>
                <th>{t("meters.factor")}</th>
                <th>{t("meters.status")}</th>
                <th className="num">{t("meters.register")}</th>
                <th>{t("meters.lastReading")}</th>
                <th className="num">{t("meters.lastEmissions")}</th>
                <th>{t("meters.gap")}</th>
                <th>{t("meters.pattern")}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {data.devices.map((d) => {
                const action = revokeAction(d.certification.required, d.record.status, d.certification.revokeAt);
                return (
                  <tr key={d.device} data-testid="device-row" data-device={d.device}>
                    <td><code>{shortAddress(d.device)}</code></td>
                    <td>{t(`kind.${d.record.kind}` as MessageKey)}</td>
                    <td data-testid="device-tier">{tierText(d.certifier?.tier ?? 0, d.certifier?.name ?? "", d.certification.certifier)}</td>
                    <td data-testid="device-role">{d.certification.required ? t("meters.required") : t("meters.optional")}</td>
                    <td>{d.factor ? `${d.factor.key}` : `#${d.record.factorId}`}</td>
                    <td data-testid="device-status">{statusText(d)}</td>
                    <td className="num">{d.state.lastSeq > 0n ? `${countNumber(d.state.lastCumulative, lang)} ${BASE_UNIT[d.record.kind as DeviceKind]}` : "—"}</td>
                    <td title={d.state.lastTimestamp > 0n ? dateTime(d.state.lastTimestamp, lang) : undefined}>
                      {d.state.lastTimestamp > 0n ? t("meters.lastReadingAt", { when: relativeTime(d.state.lastTimestamp, chainNow, lang), seq: countNumber(d.state.lastSeq, lang) }) : t("meters.noReadingYet")}
                    </td>
                    <td className="num">{d.lastKg !== undefined ? kg(d.lastKg, lang) : "—"}</td>
                    <td data-testid="device-gap">{d.outstanding > 0n ? t("meters.gapOwed", { kg: kg(d.outstanding, lang).replace(/ kg$/, "") }) : "—"}</td>
                    <td data-testid="device-anomaly" data-kind={anomalyOf(d.device).kind}>{anomalyText(d.device)}</td>
                    <td>
                      {action === "locked" ? (
                        <>
                          <button data-testid="revoke-device" disabled title={t("meters.revokeLocked")}>{t("meters.revoke")}</button>
                          <br />
                          <small className="muted" data-testid="revoke-locked">{t("meters.revokeLocked")}</small>
                        </>
                      ) : action === "confirm" && confirming !== d.device ? (
                        <button data-testid="revoke-device" disabled={tx.busy} onClick={() => setConfirming(d.device)}>{t("meters.revoke")}</button>
                      ) : action === "confirm" ? (
                        <span data-testid="revoke-confirm">
                          <small>{t("meters.revokeConfirm", { at: dateTime(data.graceEnd, lang) })}</small>
                          <br />
                          <button data-testid="revoke-yes" disabled={tx.busy} onClick={() => void revoke(d.device)}>{t("meters.revokeYes")}</button>
                          <button data-testid="revoke-no" onClick={() => setConfirming(undefined)}>{t("meters.revokeNo")}</button>
                        </span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          </div>
        )}
      </div>
      {bound && bound.some((d) => d.days.length > 0) && (
        <div className="card" data-testid="device-days">
          <h3>{t("meters.perDay", { days: DAYS })}</h3>
          <div className="scroll-x">
          <table>
            <tbody>
              {bound.filter((d) => d.days.length > 0).map((d) => (
                <tr key={d.device} data-testid="device-days-row" data-device={getAddress(d.device)}>
                  <td><code>{shortAddress(d.device)}</code> {t(`kind.${d.kind}` as MessageKey)}</td>
                  <td>
                    {d.days.map((day) => (
                      <span key={day.day} className="muted" style={{ marginRight: "1em" }}>
                        {dateOnly(day.day * 86_400, lang, "UTC")}: {t("meters.dayReadings", { n: countNumber(day.readings, lang), kg: kg(BigInt(day.kg), lang).replace(/ kg$/, "") })}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </div>
      )}
      <BindDevice tx={tx} tierText={tierText} />
    </>
  );
}

export default function MetersPage() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t("meters.title")}</h1>
      <Gate purpose="states.noWallet.meters">
        <Meters />
      </Gate>
    </div>
  );
}
