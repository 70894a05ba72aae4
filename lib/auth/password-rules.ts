// Password bounds shared by the auth library's config, the CLI and the admin API (no DB, no env).
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
