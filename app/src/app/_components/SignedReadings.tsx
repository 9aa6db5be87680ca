"use client";
/**
 * "Latest readings": the household's newest signed meter readings from the oracle, each checked in
 * this browser against the meter's signature, marked "signed, not yet on chain" until their
 * checkpoint is final and "on chain" after (hooks/useSignedReadings.ts). Shown to an enrolled
 * household with at least one bound meter; nothing is asked of the wallet until the person clicks.
 */
import type { MessageKey } from "@/i18n";
import { useI18n } from "@/i18n/context";
import { useNow } from "@/hooks/useClock";
import { useSignedReadings, type Meter } from "@/hooks/useSignedReadings";
import { countNumber } from "@/lib/amounts";
import { shortAddress } from "@/lib/format";
import { meterAmount, unitKey } from "@/lib/meter-units";
import type { DeviceReadings, ShownReading } from "@/lib/signed-readings";
import { dateTime, relativeTime } from "@/lib/time";

function ReadingRow({ reading, meter, now }: { reading: ShownReading; meter: Meter; now: number }) {
  const { t, lang } = useI18n();
  const unit = t(unitKey(meter.kind));
  const amount = reading.delta !== undefined ? t("signed.delta", { amount: meterAmount(meter.kind, reading.delta, lang), unit }) : t("signed.register", { amount: meterAmount(meter.kind, reading.cumulative, lang), unit });
  const status = reading.onChain ? "on-chain" : "pending";
  return (
    <li data-testid="signed-reading" data-seq={reading.seq.toString()} data-status={status}>
      <time dateTime={new Date(Number(reading.timestamp) * 1000).toISOString()} title={dateTime(reading.timestamp, lang)}>
        {relativeTime(reading.timestamp, now, lang)}
      </time>
      <span className="num" data-testid="signed-amount">{amount}</span>
      <span className={`badge badge-${status}`} data-testid="signed-badge">{reading.onChain ? t("signed.onChain") : t("signed.notOnChain")}</span>
    </li>
  );
}

function MeterReadings({ meter, readings, now }: { meter: Meter; readings: DeviceReadings | undefined; now: number }) {
  const { t, lang } = useI18n();
  const shown = readings ? [...readings.pending, ...(readings.confirmed ? [readings.confirmed] : [])] : [];
  return (
    <li data-testid="signed-device" data-device={meter.address}>
      <div>
        <strong>{t(`kind.${meter.kind}` as MessageKey)}</strong> <code>{shortAddress(meter.address)}</code>
      </div>
      {readings?.refused ? (
        <p className="muted">{t("signed.refused")}</p>
      ) : shown.length === 0 ? (
        <p className="muted" data-testid="signed-none">{t("signed.none")}</p>
      ) : (
        <ul className="signed-rows">
          {shown.map((r) => <ReadingRow key={r.seq.toString()} reading={r} meter={meter} now={now} />)}
        </ul>
      )}
      {readings && readings.unverified > 0 && (
        <p className="error" role="alert" data-testid="signed-unverified">
          {readings.unverified === 1 ? t("signed.unverifiedOne") : t("signed.unverifiedMany", { n: countNumber(readings.unverified, lang) })}
        </p>
      )}
    </li>
  );
}

export function SignedReadings() {
  const { t } = useI18n();
  const now = useNow();
  const { meters, state, signIn, retry } = useSignedReadings();
  if (!meters?.length) return null;
  const show = (label: MessageKey) => (
    <button data-testid="signed-show" onClick={signIn}>
      {t(label)}
    </button>
  );
  return (
    <section className="card signed-readings no-print" data-testid="signed-readings" data-state={state.kind}>
      <h3>{t("signed.title")}</h3>
      {state.kind === "intro" && (
        <>
          <p>{t("signed.why")}</p>
          {show("signed.show")}
        </>
      )}
      {state.kind === "signing" && (
        <>
          <p>{t("signed.signing")}</p>
          <button data-testid="signed-show" disabled>{t("signed.show")}</button>
        </>
      )}
      {(state.kind === "declined" || state.kind === "rejected" || state.kind === "expired") && (
        <>
          <p data-testid="signed-problem">{t(`signed.${state.kind}`)}</p>
          {show(state.kind === "expired" ? "signed.signInAgain" : "signed.show")}
        </>
      )}
      {state.kind === "unreachable" && (
        <>
          <p data-testid="signed-problem">{t("signed.unreachable")}</p>
          <button className="secondary" onClick={retry}>{t("states.retry")}</button>
        </>
      )}
      {state.kind === "loading" && (
        <div aria-busy="true" aria-label={t("states.loading")} data-testid="signed-loading">
          <div className="skeleton-line" style={{ width: "70%" }} />
          <div className="skeleton-line" style={{ width: "45%" }} />
        </div>
      )}
      {state.kind === "ready" && (
        <>
          {state.stale && <p className="muted" data-testid="signed-stale">{t("signed.stale")}</p>}
          <ul className="signed-list">
            {meters.map((m) => (
              <MeterReadings key={m.address} meter={m} readings={state.devices.find((d) => d.device === m.address)} now={now} />
            ))}
          </ul>
          <p className="muted small">{t("signed.explain")}</p>
        </>
      )}
    </section>
  );
}
