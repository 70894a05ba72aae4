// How every e2e test starts Debian's Chromium (never a downloaded browser): headless-safe flags,
// and no background traffic to Google's hosts (this machine has no such network).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/** Fake camera and microphone, granted without a prompt: WebRTC calls with real media. */
export const FAKE_MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];
