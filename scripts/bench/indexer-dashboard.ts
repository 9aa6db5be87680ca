/**
 * `npm run bench:indexer -- <indexer url> <account> [period] [runs]`: times the dashboard's indexer
 * queries for one household against a running indexer (npm run dev starts one on :42069).
 */
import { formatTimings, measureDashboardQueries } from "../lib/indexer-bench.js";

const [url = "http://127.0.0.1:42069", account, period = "0", runs = "100"] = process.argv.slice(2);
if (!account) {
  console.error("usage: npm run bench:indexer -- <indexer url> <account> [period] [runs]");
  process.exit(2);
}
console.log(formatTimings(await measureDashboardQueries(url, account, Number(period), Number(runs))));
