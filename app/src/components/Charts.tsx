/** Small dependency-free SVG charts. Values are plain numbers (already scaled for display). */

export interface Point {
  label: string;
  value: number;
}

export function BarChart({ data, height = 140, color = "var(--accent)", testId }: { data: Point[]; height?: number; color?: string; testId?: string }) {
  const max = Math.max(1e-9, ...data.map((d) => d.value));
  const w = 100 / Math.max(1, data.length);
  return (
    <svg viewBox={`0 0 100 ${height}`} preserveAspectRatio="none" width="100%" height={height} data-testid={testId} role="img">
      {data.map((d, i) => {
        const h = (d.value / max) * (height - 16);
        return (
          <g key={i}>
            <rect x={i * w + w * 0.1} y={height - 14 - h} width={w * 0.8} height={h} fill={color}>
              <title>{`${d.label}: ${d.value.toFixed(3)}`}</title>
            </rect>
            <text x={i * w + w / 2} y={height - 3} fontSize="4" textAnchor="middle" fill="var(--muted)">
              {d.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function BreakdownBars({ data }: { data: Point[] }) {
  const total = data.reduce((s, d) => s + d.value, 0) || 1;
  return (
    <div>
      {data.map((d) => (
        <div key={d.label} style={{ marginBottom: 4 }}>
          <div style={{ display: "flex", justifyContent: "space-between", fontSize: "0.9em" }}>
            <span>{d.label}</span>
            <span>
              {d.value.toFixed(3)} ({((d.value / total) * 100).toFixed(1)}%)
            </span>
          </div>
          <div style={{ background: "#e6ece9", height: 8, borderRadius: 4 }}>
            <div style={{ width: `${(d.value / total) * 100}%`, background: "var(--accent)", height: 8, borderRadius: 4 }} />
          </div>
        </div>
      ))}
    </div>
  );
}

export function LineChart({ data, height = 120 }: { data: Point[]; height?: number }) {
  if (data.length === 0) return <svg width="100%" height={height} />;
  const max = Math.max(...data.map((d) => d.value));
  const min = Math.min(...data.map((d) => d.value));
  const span = max - min || 1;
  const pts = data.map((d, i) => `${data.length === 1 ? 50 : (i / (data.length - 1)) * 100},${height - 8 - ((d.value - min) / span) * (height - 16)}`);
  return (
    <svg viewBox={`0 0 100 ${height}`} preserveAspectRatio="none" width="100%" height={height} role="img">
      <polyline points={pts.join(" ")} fill="none" stroke="var(--accent)" strokeWidth="0.8" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

/** Cumulative depth: bids to the left (green), asks to the right (red). */
export function DepthChart({ bids, asks, height = 120 }: { bids: { price: number; total: number }[]; asks: { price: number; total: number }[]; height?: number }) {
  const all = [...bids, ...asks];
  if (all.length === 0) return <svg width="100%" height={height} />;
  const maxTotal = Math.max(...all.map((p) => p.total));
  const minP = Math.min(...all.map((p) => p.price));
  const maxP = Math.max(...all.map((p) => p.price));
  const x = (p: number) => (maxP === minP ? 50 : ((p - minP) / (maxP - minP)) * 100);
  const y = (v: number) => height - (v / maxTotal) * (height - 8);
  const path = (side: { price: number; total: number }[]) => side.map((p) => `${x(p.price)},${y(p.total)}`).join(" ");
  return (
    <svg viewBox={`0 0 100 ${height}`} preserveAspectRatio="none" width="100%" height={height} role="img" data-testid="depth-chart">
      <polyline points={path(bids)} fill="none" stroke="var(--bid)" strokeWidth="1" vectorEffect="non-scaling-stroke" />
      <polyline points={path(asks)} fill="none" stroke="var(--ask)" strokeWidth="1" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
