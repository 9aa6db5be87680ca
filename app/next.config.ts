import type { NextConfig } from "next";
import { realpathSync } from "node:fs";
import path from "node:path";

// The app imports the shared ../sdk, so Turbopack's root is the repository root, widened to the
// common ancestor of the real node_modules when that is a symlink (git worktrees sharing one install).
const repoRoot = path.resolve(process.cwd(), path.basename(process.cwd()) === "app" ? ".." : ".");
function commonAncestor(a: string, b: string): string {
  const pa = a.split(path.sep);
  const pb = b.split(path.sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i).join(path.sep) || path.sep;
}
let root = repoRoot;
try {
  root = commonAncestor(repoRoot, path.dirname(realpathSync(path.join(repoRoot, "node_modules"))));
} catch {
  /* no node_modules yet */
}

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The browser talks to the chain directly; the dev stack passes PCX_RPC_URL.
  env: { NEXT_PUBLIC_RPC_URL: process.env.NEXT_PUBLIC_RPC_URL ?? process.env.PCX_RPC_URL ?? "http://127.0.0.1:8545" },
  turbopack: { root },
  outputFileTracingRoot: root,
  experimental: { externalDir: true },
  // `next dev` refuses its dev resources (HMR, chunks) to any host but the one it printed
  // (localhost); without this a browser at http://127.0.0.1:3000 never hydrates.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
