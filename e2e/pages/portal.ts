/** The environment of a demo portal of the specs' own: fresh SQLite database and photo folder
 * under `dir`, the built app, demo data. `adminTotpRequired`: whether admins must set up a
 * second factor (the default rule; most specs sign in as the demo admin with the password). */
export function portalEnv(port: number, dir: string, adminTotpRequired: boolean) {
  return {
    BIND: `127.0.0.1:${port}`,
    DATABASE_URL: `sqlite://${dir}/portal.db`,
    PHOTO_DIR: `${dir}/photos`,
    SPA_DIR: '../dist',
    DEMO: '1',
    ADMIN_TOTP_REQUIRED: adminTotpRequired ? '1' : '0',
    RUST_LOG: 'warn',
  };
}
