// The e2e's browser wallet, injected into every page of a test context before any script runs
// (see injected-wallet.ts, which documents it and installs it; named .browser.js so that "./injected-wallet.js" imports resolve to the .ts). Plain JavaScript on purpose: a
// function serialised from TypeScript would carry the transpiler's helpers into the page.
(() => {
  /** @type {{ rpcUrl: string, account: string, chainId: number, name: string }} */
  const opts = window.__pcxE2eWalletOptions;
  const SIGNING = new Set(["eth_sendTransaction", "eth_signTypedData_v4", "personal_sign", "eth_sign"]);
  const state = { chainId: opts.chainId, connected: false, rejectNext: false, prompts: [] };
  window.__pcxE2eWallet = state;
  const listeners = new Map();
  const emit = (event, arg) => listeners.get(event)?.forEach((f) => f(arg));
  const hexChain = () => `0x${state.chainId.toString(16)}`;
  const rpcError = (code, message) => Object.assign(new Error(message), { code });
  let nextId = 0;
  const forward = async (method, params) => {
    const response = await fetch(opts.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++nextId, method, params: params ?? [] }),
    });
    const body = await response.json();
    if (body.error) throw Object.assign(rpcError(body.error.code, body.error.message), { data: body.error.data });
    return body.result;
  };
  const provider = {
    async request({ method, params }) {
      switch (method) {
        case "eth_chainId":
          return hexChain();
        case "net_version":
          return String(state.chainId);
        case "eth_accounts":
          return state.connected ? [opts.account] : [];
        case "eth_requestAccounts":
          state.connected = true;
          emit("connect", { chainId: hexChain() });
          emit("accountsChanged", [opts.account]);
          return [opts.account];
        case "wallet_requestPermissions":
        case "wallet_getPermissions":
          return state.connected || method === "wallet_requestPermissions" ? [{ parentCapability: "eth_accounts" }] : [];
        case "wallet_revokePermissions":
          state.connected = false;
          emit("accountsChanged", []);
          return null;
        case "wallet_switchEthereumChain": {
          const wanted = Number.parseInt(params[0].chainId, 16);
          if (wanted !== 31337 && wanted !== opts.chainId) throw rpcError(4902, `Unrecognized chain ID ${wanted}`);
          state.chainId = wanted;
          emit("chainChanged", hexChain());
          return null;
        }
      }
      if (SIGNING.has(method)) {
        state.prompts.push(method);
        if (state.rejectNext) {
          state.rejectNext = false;
          throw rpcError(4001, "User rejected the request.");
        }
        if (state.chainId !== 31337) throw rpcError(4100, "The wallet is not on the local chain");
      }
      return forward(method, params);
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return provider;
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  const info = {
    uuid: "8f0c2b7e-2f6e-4d7a-9a57-0e2e0c0ffee1",
    name: opts.name,
    icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='16' height='16'/%3E",
    rdns: "org.pcx.e2e-wallet",
  };
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();
