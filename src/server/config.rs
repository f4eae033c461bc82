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
    /// Which storage holds the photos (`PHOTO_STORE=local|s3`; `s3` when `S3_BUCKET` is set).
    pub photo_store: PhotoStore,
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
    /// The portal's address as people reach it (`PUBLIC_URL`, no trailing slash), for the
    /// links in text messages; without it the links name the listening address.
    pub public_url: Option<String>,
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
    /// At shutdown (SIGTERM, Ctrl-C), how long requests in flight (uploads too) may take to
    /// finish before the process goes anyway (`SHUTDOWN_GRACE_SECS`, default 20).
    pub shutdown_grace: std::time::Duration,
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
            photo_store: PhotoStore::Local,
            spa_dir: "dist".into(),
            demo: false,
            demo_outbox: false,
            demo_key: random_key(),
            secure_cookies: false,
            public_url: None,
            trust_proxy: 0,
            session_hours: 24 * 14,
            session_idle_minutes: 2 * 24 * 60,
            admin_totp_required: true,
            metrics_token: None,
            log_format: LogFormat::Text,
            shutdown_grace: std::time::Duration::from_secs(20),
        }
    }
}

/// Where photo bytes live.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PhotoStore {
    /// The folder `photo_dir` (the default).
    #[default]
    Local,
    /// An S3-compatible bucket.
    S3(S3Settings),
}

/// An S3-compatible bucket (AWS S3, MinIO, Aliyun OSS, Tencent COS, …).
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    /// `S3_BUCKET`.
    pub bucket: String,
    /// `S3_ENDPOINT` (`https://…`, or `http://…` on a private network); none for AWS itself.
    pub endpoint: Option<String>,
    /// `S3_REGION`, else `AWS_REGION` / `AWS_DEFAULT_REGION`, else `us-east-1`.
    pub region: String,
    /// `S3_ACCESS_KEY_ID` and `S3_SECRET_ACCESS_KEY` (both or neither); without them the usual
    /// AWS chain (`AWS_ACCESS_KEY_ID`…, container or instance credentials).
    pub credentials: Option<(String, String)>,
    /// Path-style addressing (`endpoint/bucket/key`) rather than virtual-hosted
    /// (`bucket.endpoint/key`): `S3_PATH_STYLE`, on by default with an `S3_ENDPOINT`.
    pub path_style: bool,
    /// Folder inside the bucket under which every key goes (`S3_PREFIX`, default none).
    pub prefix: String,
}

impl std::fmt::Debug for S3Settings {
    /// Everything but the secret key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field(
                "access_key_id",
                &self.credentials.as_ref().map(|(id, _)| id),
            )
            .field("path_style", &self.path_style)
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// 128 random bits as hex.
fn random_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A configuration value that cannot be used: which variable, and why. Values that may be
/// secret (database URLs with passwords, tokens, keys) are never repeated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub var: &'static str,
    pub reason: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.var, self.reason)
    }
}

impl std::error::Error for ConfigError {}

fn bad(var: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        reason: reason.into(),
    }
}

/// The environment as the configuration reads it (a map in unit tests).
struct Vars<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Vars<'_> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name)
    }

    /// A yes/no switch: `1/true/yes/on` or `0/false/no/off` (empty = unset).
    fn flag(&self, name: &'static str) -> Result<Option<bool>, ConfigError> {
        match self.get(name).as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some("1" | "true" | "yes" | "on") => Ok(Some(true)),
            Some("0" | "false" | "no" | "off") => Ok(Some(false)),
            Some(v) => Err(bad(
                name,
                format!("'{v}' is not on or off (1/0, true/false, yes/no)"),
            )),
        }
    }

    /// A whole number within `range`.
    fn number<T>(
        &self,
        name: &'static str,
        range: std::ops::RangeInclusive<T>,
        what: &str,
    ) -> Result<Option<T>, ConfigError>
    where
        T: std::str::FromStr + PartialOrd + std::fmt::Display,
    {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        match v.trim().parse::<T>() {
            Ok(n) if range.contains(&n) => Ok(Some(n)),
            _ => Err(bad(
                name,
                format!("'{v}' is not {what} ({} to {})", range.start(), range.end()),
            )),
        }
    }

    /// A secret of at least 16 printable characters.
    fn secret(&self, name: &'static str) -> Result<Option<String>, ConfigError> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        let v = v.trim();
        if v.len() < 16 || v.chars().any(|c| !c.is_ascii_graphic()) {
            return Err(bad(name, "must be at least 16 printable characters"));
        }
        Ok(Some(v.to_string()))
    }
}

/// Reads the S3 variables (only called when the photos go to S3).
fn s3_settings(vars: &Vars) -> Result<S3Settings, ConfigError> {
    let value = |name: &str| {
        vars.get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let bucket =
        value("S3_BUCKET").ok_or_else(|| bad("S3_BUCKET", "is required for PHOTO_STORE=s3"))?;
    let name_ok = (3..=63).contains(&bucket.len())
        && bucket
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.'))
        && bucket.starts_with(|c: char| c.is_ascii_alphanumeric())
        && bucket.ends_with(|c: char| c.is_ascii_alphanumeric());
    if !name_ok {
        return Err(bad(
            "S3_BUCKET",
            format!("'{bucket}' is not a bucket name (3 to 63 of a-z, 0-9, '-', '.')"),
        ));
    }
    let endpoint = match value("S3_ENDPOINT") {
        None => None,
        Some(e) => {
            let host = url::Url::parse(&e)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .and_then(|u| u.host_str().map(str::to_string));
            if host.is_none() {
                return Err(bad(
                    "S3_ENDPOINT",
                    format!("'{e}' is not an http:// or https:// address"),
                ));
            }
            Some(e.trim_end_matches('/').to_string())
        }
    };
    let region = value("S3_REGION")
        .or_else(|| value("AWS_REGION"))
        .or_else(|| value("AWS_DEFAULT_REGION"))
        .unwrap_or_else(|| "us-east-1".into());
    let credentials = match (value("S3_ACCESS_KEY_ID"), value("S3_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Some((id, secret)),
        (None, None) => None,
        (Some(_), None) => {
            return Err(bad(
                "S3_SECRET_ACCESS_KEY",
                "is required with S3_ACCESS_KEY_ID",
            ))
        }
        (None, Some(_)) => {
            return Err(bad(
                "S3_ACCESS_KEY_ID",
                "is required with S3_SECRET_ACCESS_KEY",
            ))
        }
    };
    let path_style = vars.flag("S3_PATH_STYLE")?.unwrap_or(endpoint.is_some());
    let prefix = value("S3_PREFIX")
        .unwrap_or_default()
        .trim_matches('/')
        .to_string();
    if !prefix.is_empty() && crate::server::storage::check_key(&prefix).is_err() {
        return Err(bad(
            "S3_PREFIX",
            format!("'{prefix}' is not a folder name (letters, digits, '-', '_', '.', '/')"),
        ));
    }
    Ok(S3Settings {
        bucket,
        endpoint,
        region,
        credentials,
        path_style,
        prefix,
    })
}

/// Is this a database URL the portal can connect to (its form; not whether it answers)?
fn check_database_url(url: &str) -> Result<(), ConfigError> {
    use std::str::FromStr;
    let parsed = if url.starts_with("sqlite:") {
        sqlx::sqlite::SqliteConnectOptions::from_str(url).map(|_| ())
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        sqlx::postgres::PgConnectOptions::from_str(url).map(|_| ())
    } else {
        return Err(bad(
            "DATABASE_URL",
            "must start with sqlite: or postgres: (e.g. sqlite://data/portal.db)",
        ));
    };
    // The parser's message, without the URL (it may hold a password).
    parsed.map_err(|e| {
        let why = match e {
            sqlx::Error::Configuration(inner) => inner.to_string(),
            other => other.to_string(),
        };
        bad(
            "DATABASE_URL",
            format!("is not a valid database URL ({why})"),
        )
    })
}

impl Config {
    /// Reads the environment; unknown or malformed values are reported by name, not ignored.
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_vars(&|name| std::env::var(name).ok())
    }

    /// Reads the variables `var` gives (the environment, or a test's map).
    pub fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let vars = Vars(var);
        let mut c = Config::default();
        if let Some(v) = vars.get("BIND") {
            c.bind = v.trim().parse().map_err(|_| {
                bad(
                    "BIND",
                    format!("'{v}' is not an address:port like 0.0.0.0:8080"),
                )
            })?;
        } else if let Some(port) = vars.number::<u16>("PORT", 0..=u16::MAX, "a port number")? {
            c.bind.set_port(port);
        }
        if let Some(v) = vars.get("DATABASE_URL") {
            let v = v.trim().to_string();
            check_database_url(&v)?;
            c.database_url = v;
        }
        if let Some(v) = vars.get("PHOTO_DIR") {
            if v.trim().is_empty() {
                return Err(bad("PHOTO_DIR", "is empty; give the folder for photos"));
            }
            c.photo_dir = v.into();
        }
        if let Some(v) = vars.get("SPA_DIR") {
            if v.trim().is_empty() {
                return Err(bad("SPA_DIR", "is empty; give the folder of the built app"));
            }
            c.spa_dir = v.into();
        }
        c.photo_store = match vars.get("PHOTO_STORE").as_deref().map(str::trim) {
            None | Some("") if vars.get("S3_BUCKET").is_some_and(|b| !b.trim().is_empty()) => {
                PhotoStore::S3(s3_settings(&vars)?)
            }
            None | Some("" | "local") => PhotoStore::Local,
            Some("s3") => PhotoStore::S3(s3_settings(&vars)?),
            Some(v) => return Err(bad("PHOTO_STORE", format!("'{v}' is not local or s3"))),
        };
        c.demo = vars.flag("DEMO")?.unwrap_or(false);
        c.demo_outbox = vars.flag("DEMO_OUTBOX")?.unwrap_or(c.demo);
        if let Some(key) = vars.secret("DEMO_OUTBOX_KEY")? {
            c.demo_key = key;
        }
        if let Some(v) = vars.get("PUBLIC_URL") {
            let v = v.trim();
            if !(v.is_empty() || v.starts_with("https://") || v.starts_with("http://")) {
                return Err(bad(
                    "PUBLIC_URL",
                    format!("'{v}' does not start with https:// or http://"),
                ));
            }
            c.secure_cookies = v.starts_with("https://");
            c.public_url = Some(v.trim_end_matches('/').to_string()).filter(|v| !v.is_empty());
        }
        if let Some(v) = vars.get("TRUST_PROXY") {
            c.trust_proxy = match v.trim() {
                "" | "0" | "false" | "no" | "off" => 0,
                "true" | "yes" | "on" => 1,
                n => n
                    .parse()
                    .ok()
                    .filter(|n| (1..=5).contains(n))
                    .ok_or_else(|| bad("TRUST_PROXY", format!("'{v}' is not 0 to 5 proxies")))?,
            };
        }
        if let Some(h) = vars.number("SESSION_HOURS", 1..=24 * 366, "a number of hours")? {
            c.session_hours = h;
        }
        if let Some(m) = vars.number(
            "SESSION_IDLE_MINUTES",
            5..=366 * 24 * 60,
            "a number of minutes",
        )? {
            c.session_idle_minutes = m;
        }
        c.admin_totp_required = vars.flag("ADMIN_TOTP_REQUIRED")?.unwrap_or(true);
        c.metrics_token = vars.secret("METRICS_TOKEN")?;
        if let Some(v) = vars.get("LOG_FORMAT") {
            c.log_format = match v.trim() {
                "" | "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => return Err(bad("LOG_FORMAT", format!("'{v}' is not text or json"))),
            };
        }
        if let Some(secs) = vars.number("SHUTDOWN_GRACE_SECS", 0..=3600, "a number of seconds")? {
            c.shutdown_grace = std::time::Duration::from_secs(secs);
        }
        Ok(c)
    }

    /// The idle limit of a session, in milliseconds.
    pub fn session_idle_ms(&self) -> i64 {
        self.session_idle_minutes.saturating_mul(60_000)
    }

    /// A link to an in-app path for a text message: under `PUBLIC_URL`, else the listening
    /// address.
    pub fn link(&self, path: &str) -> String {
        match &self.public_url {
            Some(base) => format!("{base}{path}"),
            None => format!("http://{}{path}", self.bind),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(&move |name| map.get(name).cloned())
    }

    #[test]
    fn defaults_need_no_variable() {
        let c = read(&[]).expect("defaults");
        assert_eq!(c.bind.port(), 8080);
        assert_eq!(c.shutdown_grace, std::time::Duration::from_secs(20));
        assert_eq!(c.log_format, LogFormat::Text);
        assert!(c.metrics_token.is_none());
    }

    #[test]
    fn each_bad_value_is_reported_by_its_variable() {
        for (var, value) in [
            ("PORT", "abc"),
            ("PORT", "70000"),
            ("BIND", "localhost"),
            ("DATABASE_URL", "mysql://x"),
            ("DATABASE_URL", "postgres://user:secret@host:notaport/db"),
            ("SHUTDOWN_GRACE_SECS", "x"),
            ("SHUTDOWN_GRACE_SECS", "-1"),
            ("LOG_FORMAT", "xml"),
            ("METRICS_TOKEN", "short"),
            ("DEMO", "maybe"),
            ("SESSION_HOURS", "0"),
            ("PUBLIC_URL", "portal.example.com"),
            ("TRUST_PROXY", "9"),
            ("PHOTO_DIR", " "),
            ("PHOTO_STORE", "ftp"),
            ("S3_BUCKET", "Not_A_Bucket"),
        ] {
            let e = read(&[(var, value)]).expect_err(value);
            assert_eq!(e.var, var, "{e}");
            assert!(e.to_string().starts_with(&format!("{var}: ")), "{e}");
            // Secrets are never repeated.
            assert!(!e.to_string().contains("secret"), "{e}");
        }
    }

    #[test]
    fn the_s3_store_is_read_and_its_mistakes_named() {
        let base = [("PHOTO_STORE", "s3"), ("S3_BUCKET", "site-photos")];
        for (extra, var) in [
            (vec![], None),
            (vec![("S3_ENDPOINT", "minio:9000")], Some("S3_ENDPOINT")),
            (
                vec![("S3_ACCESS_KEY_ID", "AKID")],
                Some("S3_SECRET_ACCESS_KEY"),
            ),
            (
                vec![("S3_SECRET_ACCESS_KEY", "secret")],
                Some("S3_ACCESS_KEY_ID"),
            ),
            (vec![("S3_PATH_STYLE", "sometimes")], Some("S3_PATH_STYLE")),
            (vec![("S3_PREFIX", "../up")], Some("S3_PREFIX")),
        ] {
            let all: Vec<_> = base.iter().copied().chain(extra).collect();
            match (read(&all), var) {
                (Ok(c), None) => assert!(matches!(c.photo_store, PhotoStore::S3(_))),
                (Err(e), Some(var)) => {
                    assert_eq!(e.var, var, "{e}");
                    assert!(!e.to_string().contains("secret"), "{e}");
                }
                (other, _) => panic!("{var:?}: {other:?}"),
            }
        }
        let e = read(&[("PHOTO_STORE", "s3")]).expect_err("no bucket");
        assert_eq!(e.var, "S3_BUCKET");

        // A bucket alone is enough to choose S3; an endpoint makes path style the default.
        let c = read(&[
            ("S3_BUCKET", "site-photos"),
            ("S3_ENDPOINT", "http://127.0.0.1:9000/"),
            ("S3_REGION", "cn-east-1"),
            ("S3_ACCESS_KEY_ID", "AKID"),
            ("S3_SECRET_ACCESS_KEY", "very-secret-key"),
            ("S3_PREFIX", "/portal/photos/"),
        ])
        .expect("config");
        let PhotoStore::S3(s3) = &c.photo_store else {
            panic!("not s3: {:?}", c.photo_store)
        };
        assert_eq!(s3.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        assert!(s3.path_style);
        assert_eq!(s3.region, "cn-east-1");
        assert_eq!(s3.prefix, "portal/photos");
        assert!(!format!("{c:?}").contains("very-secret-key"));
        // AWS itself: virtual-hosted unless told otherwise; local disk stays the default.
        let c = read(&[("S3_BUCKET", "site-photos")]).expect("config");
        assert!(
            matches!(&c.photo_store, PhotoStore::S3(s) if !s.path_style && s.credentials.is_none())
        );
        let c = read(&[("PHOTO_STORE", "local"), ("S3_BUCKET", "x")]).expect("config");
        assert_eq!(c.photo_store, PhotoStore::Local);
        assert_eq!(read(&[]).expect("config").photo_store, PhotoStore::Local);
    }

    #[test]
    fn good_values_are_taken() {
        let c = read(&[
            ("PORT", "9000"),
            ("DATABASE_URL", "postgres://u:p@localhost:5432/portal"),
            ("SHUTDOWN_GRACE_SECS", "5"),
            ("LOG_FORMAT", "json"),
            ("METRICS_TOKEN", "0123456789abcdef"),
            ("DEMO", "0"),
        ])
        .expect("config");
        assert_eq!(c.bind.port(), 9000);
        assert_eq!(c.shutdown_grace, std::time::Duration::from_secs(5));
        assert_eq!(c.log_format, LogFormat::Json);
        assert_eq!(c.metrics_token.as_deref(), Some("0123456789abcdef"));
        assert!(!c.demo);
    }
}
