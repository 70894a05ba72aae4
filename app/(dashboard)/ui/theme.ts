// The theme choice, stored in a cookie so the server renders <html data-theme> and the first paint
// is already right: no inline script, so nothing to exempt from the nonce CSP. No cookie = "system"
// (the CSS follows prefers-color-scheme).
export const THEME_COOKIE = "relayscope-theme";
export const THEMES = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof THEMES)[number];

/** The forced theme a cookie value asks for, or undefined to follow the system. */
export function themeFromCookie(value: string | undefined): "light" | "dark" | undefined {
  return value === "light" || value === "dark" ? value : undefined;
}
