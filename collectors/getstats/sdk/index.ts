// The SDK's public surface: the ESM build (`/sdk.mjs`) exports it, the script-tag build (`/sdk.js`)
// puts it on `window.relayscope`. No runtime dependencies.
export { browserEnvironment, monitor } from "./browser";
export type { Monitor, MonitorEnvironment, MonitorOptions, PeerConnectionLike } from "./monitor";
export { SDK_VERSION as version } from "./monitor";
