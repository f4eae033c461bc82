//! Server configuration, read from the environment with embedded defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the server needs to start; defaults give the embedded set-up
/// (SQLite under `./data/`, photos on local disk, SPA from `./dist`).
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (`BIND`, default `127.0.0.1:8080`).
    pub bind: SocketAddr,
    /// `sqlite://…` (default `sqlite://data/portal.db`) or `postgres://…` (`DATABASE_URL`).
    pub database_url: String,
    /// Where photos are stored by the local-disk storage (`PHOTO_DIR`, default `data/photos`).
    pub photo_dir: PathBuf,
    /// The built SPA (`SPA_DIR`, default `dist`).
    pub spa_dir: PathBuf,
    /// Load demo data into an empty database (`DEMO=1`).
    pub demo: bool,
    /// Expose the demo message outbox (`DEMO_OUTBOX=1`, on with `DEMO`). It shows sign-in
    /// codes, so only to a request from this machine or one carrying `demo_key`.
    pub demo_outbox: bool,
    /// The key that opens the demo outbox from elsewhere (`DEMO_OUTBOX_KEY`, else random at
    /// start-up and printed with the demo logins).
    pub demo_key: String,
    /// Served behind https: cookies get `Secure` and the `__Host-` prefix (`PUBLIC_URL=https://…`).
    pub secure_cookies: bool,
    /// How many reverse proxies stand in front (`TRUST_PROXY=N`, `1`/`true` = one; default
    /// none). The client address is then the `X-Forwarded-For` entry N places from the right
    /// (the one the outermost trusted proxy saw); entries further left are the client's own
    /// claims and are ignored.
    pub trust_proxy: u8,
    /// Session lifetime in hours (`SESSION_HOURS`, default 336 = 14 days).
    pub session_hours: i64,
    /// A session unused this many minutes ends (`SESSION_IDLE_MINUTES`, default 2880 = 2 days).
    pub session_idle_minutes: i64,
    /// Admins must sign in with a second factor (`ADMIN_TOTP_REQUIRED`, default on): an admin
    /// without one may only set it up. Off only for test servers whose tests sign in as an
    /// admin with a password alone.
    pub admin_totp_required: bool,
    /// The bearer token that opens `/metrics` (`METRICS_TOKEN`, at least 16 characters).
    /// Without it `/metrics` answers 404: a public portal does not show its numbers to all.
    pub metrics_token: Option<String>,
    /// How log lines are written (`LOG_FORMAT=text|json`, default text).
    pub log_format: LogFormat,
}

/// The log's form: lines for people, or one JSON object per line for a log collector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://data/portal.db".into(),
            photo_dir: "data/photos".into(),
            spa_dir: "dist".into(),
            demo: false,
            demo_outbox: false,
            demo_key: random_key(),
            secure_cookies: false,
            trust_proxy: 0,
            session_hours: 24 * 14,
            session_idle_minutes: 2 * 24 * 60,
            admin_totp_required: true,
            metrics_token: None,
            log_format: LogFormat::Text,
        }
    }
}

/// 128 random bits as hex.
fn random_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn flag(name: &str) -> Option<bool> {
    std::env::var(name)
        .ok()
        .map(|v| matches!(v.trim(), "1" | "true" | "yes" | "on"))
}

impl Config {
    /// Reads the environment; unknown or malformed values are reported, not ignored.
    pub fn from_env() -> Result<Config, String> {
        let mut c = Config::default();
        if let Ok(v) = std::env::var("BIND") {
            c.bind = v
                .parse()
                .map_err(|_| format!("BIND={v} is not host:port"))?;
        } else if let Ok(p) = std::env::var("PORT") {
            let port: u16 = p.parse().map_err(|_| format!("PORT={p} is not a port"))?;
            c.bind.set_port(port);
        }
        if let Ok(v) = std::env::var("DATABASE_URL") {
            if !(v.starts_with("sqlite:")
                || v.starts_with("postgres:")
                || v.starts_with("postgresql:"))
            {
                return Err("DATABASE_URL must start with sqlite: or postgres:".into());
            }
            c.database_url = v;
        }
        if let Ok(v) = std::env::var("PHOTO_DIR") {
            c.photo_dir = v.into();
        }
        if let Ok(v) = std::env::var("SPA_DIR") {
            c.spa_dir = v.into();
        }
        c.demo = flag("DEMO").unwrap_or(false);
        c.demo_outbox = flag("DEMO_OUTBOX").unwrap_or(c.demo);
        if let Ok(v) = std::env::var("DEMO_OUTBOX_KEY") {
            if v.trim().len() < 16 {
                return Err("DEMO_OUTBOX_KEY must have at least 16 characters".into());
            }
            c.demo_key = v.trim().to_string();
        }
        c.secure_cookies = std::env::var("PUBLIC_URL")
            .map(|u| u.starts_with("https://"))
            .unwrap_or(false);
        if let Ok(v) = std::env::var("TRUST_PROXY") {
            c.trust_proxy = match v.trim() {
                "" | "0" | "false" | "no" | "off" => 0,
                "true" | "yes" | "on" => 1,
                n => n
                    .parse()
                    .ok()
                    .filter(|n| (1..=5).contains(n))
                    .ok_or_else(|| format!("TRUST_PROXY={v} is not 0 to 5 proxies"))?,
            };
        }
        if let Ok(v) = std::env::var("SESSION_HOURS") {
            c.session_hours = v
                .parse()
                .ok()
                .filter(|h| *h > 0)
                .ok_or_else(|| format!("SESSION_HOURS={v} is not a positive number"))?;
        }
        if let Ok(v) = std::env::var("SESSION_IDLE_MINUTES") {
            c.session_idle_minutes = v.parse().ok().filter(|m| *m >= 5).ok_or_else(|| {
                format!("SESSION_IDLE_MINUTES={v} is not a number of minutes (5 or more)")
            })?;
        }
        c.admin_totp_required = flag("ADMIN_TOTP_REQUIRED").unwrap_or(true);
        if let Ok(v) = std::env::var("METRICS_TOKEN") {
            let v = v.trim();
            if v.len() < 16 || v.chars().any(|c| !c.is_ascii_graphic()) {
                return Err("METRICS_TOKEN must be at least 16 printable characters".into());
            }
            c.metrics_token = Some(v.to_string());
        }
        if let Ok(v) = std::env::var("LOG_FORMAT") {
            c.log_format = match v.trim() {
                "" | "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => return Err(format!("LOG_FORMAT={v} is not text or json")),
            };
        }
        Ok(c)
    }

    /// The idle limit of a session, in milliseconds.
    pub fn session_idle_ms(&self) -> i64 {
        self.session_idle_minutes.saturating_mul(60_000)
    }

    /// Name of the session cookie (`__Host-` prefixed behind https).
    pub fn session_cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-sid"
        } else {
            "sid"
        }
    }
}
