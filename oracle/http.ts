/**
 * `/healthz` (JSON, 200 healthy / 503 not), `/metrics` (Prometheus text format), and any JSON
 * routes `api` answers (the anomaly API, anomaly-http.ts; the raw readings API and its
 * Sign-In with Ethereum, raw-api.ts). Routes may answer asynchronously; a POST body (JSON, at
 * most 16 KiB) is read before the routes see the request.
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

/** What a route sees of a request besides method and path. */
export interface ApiRequest {
  query: URLSearchParams;
  headers: import("node:http").IncomingHttpHeaders;
  /** The request body (POST), as text. */
  body: string;
}

/** Answers a request by method and path, or undefined if the path is not one of its routes. */
export type ApiRoutes = (
  method: string,
  path: string,
  req: ApiRequest,
) => ApiResponse | undefined | Promise<ApiResponse | undefined>;

const MAX_BODY = 16 * 1024;

async function readBody(req: import("node:http").IncomingMessage): Promise<string> {
  if (req.method !== "POST") return "";
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startHttp(
  port: number,
  metrics: Registry,
  health: () => Health,
  host = "0.0.0.0",
  api?: ApiRoutes | ApiRoutes[],
  /** An origin (e.g. the dApp's, http://localhost:3000) allowed to call the JSON API from a browser. */
  corsOrigin?: string,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (corsOrigin && req.headers.origin === corsOrigin) {
      res.setHeader("access-control-allow-origin", corsOrigin);
      res.setHeader("vary", "Origin");
      if (req.method === "OPTIONS") {
        res.writeHead(204, { "access-control-allow-methods": "GET, POST", "access-control-allow-headers": "authorization, content-type", "access-control-max-age": "600" });
        res.end();
        return;
      }
    }
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
    const routes = api === undefined ? [] : Array.isArray(api) ? api : [api];
    const [pathPart, queryPart] = (req.url ?? "/").split("?");
    void (async (): Promise<ApiResponse | undefined> => {
      const request: ApiRequest = { query: new URLSearchParams(queryPart ?? ""), headers: req.headers, body: "" };
      try {
        request.body = await readBody(req);
      } catch (err) {
        return { status: 413, body: { error: (err as Error).message } };
      }
      for (const route of routes) {
        const answer = await route(req.method ?? "GET", pathPart ?? "/", request);
        if (answer) return answer;
      }
      return undefined;
    })()
      .catch((err: Error) => ({ status: 500, body: { error: err.message } }))
      .then((answer) => {
        if (answer) {
          res.writeHead(answer.status, { "content-type": "application/json" });
          res.end(JSON.stringify(answer.body));
          return;
        }
        res.writeHead(404);
        res.end("not found\n");
      });
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
