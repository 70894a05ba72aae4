import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { THEME_COOKIE, themeFromCookie } from "./(dashboard)/ui/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: "relayscope",
  description: "TURN relay observability and usage analytics",
};

// The stored theme is applied on the server (data-theme from a cookie) so the first paint is right
// without an inline script; no cookie means the CSS follows the system's preference. Every page is
// rendered per request anyway (the nonce CSP), so reading the cookie here costs no static page.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = themeFromCookie((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme}>
      <body>{children}</body>
    </html>
  );
}
