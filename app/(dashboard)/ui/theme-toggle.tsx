"use client";
// Light / dark / system. The choice goes into a cookie the root layout reads, so the server renders
// <html data-theme> and the next page paints in the right theme at once (no inline script under the
// nonce CSP); "system" removes the cookie and the CSS follows prefers-color-scheme.
import { useState } from "react";
import { THEME_COOKIE, THEMES, type ThemeChoice } from "./theme";

// The closed select shows its option, so each option carries the context "Theme:".
const LABEL: Record<ThemeChoice, string> = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" };

function store(choice: ThemeChoice): void {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  // The Cookie Store API needs a secure context, and relayscope is often served over plain http
  // inside a network; document.cookie works everywhere.
  // biome-ignore lint/suspicious/noDocumentCookie: see above
  document.cookie =
    choice === "system"
      ? `${THEME_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax${secure}`
      : `${THEME_COOKIE}=${choice}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  const root = document.documentElement;
  if (choice === "system") delete root.dataset.theme;
  else root.dataset.theme = choice;
}

export function ThemeToggle({ initial }: { initial: ThemeChoice }) {
  const [choice, setChoice] = useState<ThemeChoice>(initial);
  return (
    <label className="theme-toggle">
      <span className="sr-only">Theme</span>
      <select
        value={choice}
        onChange={(e) => {
          const next = e.target.value as ThemeChoice;
          setChoice(next);
          store(next);
        }}
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {LABEL[t]}
          </option>
        ))}
      </select>
    </label>
  );
}
