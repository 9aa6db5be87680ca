/**
 * `npm run oracle -- broker-user <add|remove|list>`: the operator's commands for the embedded
 * broker's credentials file (PCX_MQTT_CREDENTIALS / --credentials).
 *   add <username> --topic <pattern> [--topic …] [--role device|oracle]   prints the password once
 *   remove <username>
 *   list
 * A running oracle picks up changes within a second; a removed user's open connection is
 * dropped at its next publish.
 */
import { parseArgs } from "node:util";
import { CredentialStore, type BrokerRole } from "./broker-auth.js";
import { loadConfig } from "./config.js";

export async function brokerUser(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      topic: { type: "string", multiple: true },
      role: { type: "string", default: "device" },
      credentials: { type: "string" },
    },
    strict: true,
  });
  const [action, username] = positionals;
  const file = values.credentials ?? loadConfig({}).mqttCredentials;
  const store = new CredentialStore(file);
  switch (action) {
    case "add": {
      if (!username) throw new Error("broker-user add <username> --topic <pattern> [--role device|oracle]");
      const role = values.role as BrokerRole;
      if (role !== "device" && role !== "oracle") throw new Error("--role must be device or oracle");
      const topics = values.topic ?? [];
      const password = await store.issue({ username, role, topics });
      console.log(JSON.stringify({ username, role, topics, password, credentials: file, note: "the password is shown once; only its hash is stored" }, null, 2));
      return;
    }
    case "remove":
      if (!username) throw new Error("broker-user remove <username>");
      if (!store.revoke(username)) throw new Error(`no user ${username} in ${file}`);
      console.log(JSON.stringify({ removed: username, credentials: file }));
      return;
    case "list":
      console.log(JSON.stringify({ credentials: file, users: store.list() }, null, 2));
      return;
  }
  throw new Error("usage: broker-user <add|remove|list> …");
}
