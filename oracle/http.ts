/**
 * `/healthz` (JSON, 200 healthy / 503 not), `/metrics` (Prometheus text format), and any JSON
 * routes `api` answers (the anomaly API, anomaly-http.ts).
 */
import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

export interface Health {
  ok: boolean;
  [key: string]: unknown;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** Answers a request by method and path, or undefined if the path is not one of its routes. */
export type ApiRoutes = (method: string, path: string) => ApiResponse | undefined;

export async function startHttp(
  port: number,
  metrics: Registry,
  health: () => Health,
  host = "0.0.0.0",
  api?: ApiRoutes,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = (req.url ?? "/").split("?")[0];
    if (url === "/healthz") {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify(h));
      return;
    }
    if (url === "/metrics") {
      metrics.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": metrics.contentType });
          res.end(text);
        },
        (err: Error) => {
          res.writeHead(500);
          res.end(err.message);
        },
      );
      return;
    }
    let answer: ApiResponse | undefined;
    try {
      answer = api?.(req.method ?? "GET", url);
    } catch (err) {
      answer = { status: 500, body: { error: (err as Error).message } };
    }
    if (answer) {
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
      return;
    }
    res.writeHead(404);
    res.end("not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  return {
    server,
    port: typeof addr === "object" && addr ? addr.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
