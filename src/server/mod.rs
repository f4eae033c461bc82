//! The REST backend: configuration, state, the API routes, storage and SPA serving.

pub mod breaches;
pub mod clock;
pub mod config;
pub mod contract;
pub mod demo;
pub mod error;
pub mod extractors;
pub mod idempotency;
pub mod images;
pub mod messages;
pub mod ops;
pub mod password;
pub mod photos;
pub mod reminders;
pub mod routes;
pub mod security;
pub mod serve;
pub mod spa;
pub mod state;
pub mod storage;
pub mod store;
pub mod texts;

use std::future::Future;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::any;
use axum::{middleware, Router};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;

use clock::{Clock, SystemClock};
use config::Config;
use messages::OutboxSender;
use ops::metrics::{record_job, Job};
use state::AppState;
use store::Db;

/// Builds the whole HTTP app: API, JSON 404 for unknown API paths, SPA, guards, headers.
pub fn app(state: AppState) -> Router {
    let spa = spa::router(&state);
    let hsts = state.config.secure_cookies;
    routes::api()
        .route("/api", any(routes::api_not_found))
        .route("/api/", any(routes::api_not_found))
        .route("/api/{*rest}", any(routes::api_not_found))
        .merge(ops::router())
        .merge(spa)
        .layer(CatchPanicLayer::custom(contract::panic_answer))
        // Keyed creates happen once (inside the body guard, so bodies keep their limits).
        .layer(middleware::from_fn_with_state(
            state.clone(),
            idempotency::guard,
        ))
        .layer(middleware::from_fn(serve::body_guard))
        .layer(middleware::from_fn(contract::api_answers))
        .layer(middleware::from_fn(security::csrf_guard))
        .layer(middleware::from_fn(move |req, next| {
            security::security_headers(req, next, hsts)
        }))
        // API JSON and the page, brotli or gzip as the client accepts; precompressed files
        // and pictures pass through untouched.
        .layer(CompressionLayer::new())
        // Outermost, so it sees every answer as the client gets it (added with
        // `Router::layer`, it runs after routing and knows the route template).
        .layer(middleware::from_fn(ops::request_log::observe))
        .with_state(state)
}

/// A configured server bound to its port, ready to run (tests start it on port 0).
pub struct Application {
    listener: TcpListener,
    /// Held while serving: no restore runs under a live portal.
    lock: ops::backup::PortalLock,
    router: Router,
    pub state: AppState,
}

impl Application {
    /// Connects storage, migrates, loads demo data if asked, and binds the port.
    pub async fn build(config: Config) -> Result<Application, String> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// As [`Application::build`], with a clock of the caller's (tests move time).
    pub async fn build_with_clock(
        config: Config,
        clock: Arc<dyn Clock>,
    ) -> Result<Application, String> {
        // The metrics recorder first, so nothing recorded from here on is lost.
        ops::metrics::handle();
        let lock = ops::backup::PortalLock::take(&config.database_url)?;
        let db = Db::connect(&config.database_url).await?;
        let photos = storage::open(&config)?;
        let state = AppState {
            sender: Arc::new(OutboxSender {
                db: db.clone(),
                keep_codes: config.demo_outbox,
            }),
            db,
            photos,
            clock,
            config: Arc::new(config),
        };
        // Open items stored before every change kept their queue key get theirs now.
        store::queue::backfill(&state.db, state.clock.now_ms())
            .await
            .map_err(|e| format!("queue keys: {e}"))?;
        if state.config.demo && state.db.is_empty().await.map_err(|e| e.to_string())? {
            demo::seed(&state)
                .await
                .map_err(|e| format!("demo data: {e}"))?;
        }
        let listener = TcpListener::bind(state.config.bind)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", state.config.bind))?;
        Ok(Application {
            router: app(state.clone()),
            listener,
            lock,
            state,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or(self.state.config.bind)
    }

    /// Serves until the process is asked to stop (Ctrl-C / SIGTERM).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` resolves, then finishes the requests in flight within the
    /// configured grace (`SHUTDOWN_GRACE_SECS`) and returns.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
        let state = self.state.clone();
        let grace = state.config.shutdown_grace;
        let jobs = tokio::spawn(housekeeping(state));
        serve::serve(self.listener, self.router, shutdown, grace).await;
        jobs.abort();
        drop(self.lock);
        Ok(())
    }
}

/// Hourly clean-up (expired sessions, old rate-limit records, uploads never posted), the
/// record of service-level breaches nobody's step has recorded, and reminders of surveys
/// that have opened.
async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        housekeeping_run(&state).await;
    }
}

/// One run of the housekeeping, if this instance is the first to claim the current hour
/// (several instances on one database share the work; each hour's run happens once).
/// Returns whether it ran.
pub async fn housekeeping_run(state: &AppState) -> bool {
    let now = state.clock.now_ms();
    match store::jobs::claim(&state.db, "housekeeping", now / 3_600_000, now).await {
        Ok(true) => {}
        Ok(false) => return false,
        Err(e) => {
            tracing::warn!(error = %e, "housekeeping claim failed");
            return false;
        }
    }
    let _ = store::jobs::purge_before(&state.db, now - 7 * 24 * 3_600_000).await;
    let _ = store::idempotency::purge_before(&state.db, now - idempotency::KEEP_MS).await;
    let purged = store::sessions::purge_expired(&state.db, now).await;
    record_job(Job::SessionPurge, purged.is_ok());
    let purged = store::throttle::purge_before(&state.db, now - 24 * 3_600_000).await;
    record_job(Job::ThrottlePurge, purged.is_ok());
    let removed = routes::photos::purge_stale_uploads(state).await;
    report(Job::PhotoPurge, removed, "stale uploads removed");
    let swept = breaches::sweep(state).await;
    report(Job::BreachSweep, swept, "service-level breaches recorded");
    let reminded = reminders::send_survey_reminders(state).await;
    report(Job::SurveyReminders, reminded, "survey reminders sent");
    true
}

/// Records a housekeeping job's run, and logs how many things it did (when any) or its error.
fn report<E: std::fmt::Display>(job: Job, result: Result<usize, E>, done: &str) {
    record_job(job, result.is_ok());
    match result {
        Ok(n) if n > 0 => tracing::info!(count = n, "{done}"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, ?job, "housekeeping job failed"),
    }
}

/// Resolves at SIGTERM or Ctrl-C (SIGINT). The handlers are installed when this is called,
/// not when it is first polled, so a signal that comes right after start-up is not lost
/// (nor kills the process the default way).
fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let term = signal(SignalKind::terminate());
        let int = signal(SignalKind::interrupt());
        async move {
            match (term, int) {
                (Ok(mut term), Ok(mut int)) => {
                    tokio::select! {
                        _ = term.recv() => tracing::info!("SIGTERM received"),
                        _ = int.recv() => tracing::info!("interrupt received"),
                    }
                }
                _ => {
                    tracing::warn!("cannot listen for signals; stopping on Ctrl-C only");
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Logs to standard output, filtered by `RUST_LOG` (default: info, the database driver's
/// and tower-http's own lines only from warnings), as text or one JSON object per line.
fn init_logging(format: config::LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        config::LogFormat::Text => builder.init(),
        config::LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// The native entry point: read the environment, start serving.
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match ops::backup::Command::parse(&args) {
        Ok(ops::backup::Command::Help) => {
            println!("{}", ops::backup::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}\n{}", ops::backup::USAGE);
            return ExitCode::from(2);
        }
    };
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    if command != ops::backup::Command::Serve {
        return runtime.block_on(ops::backup::run(command, config));
    }
    runtime.block_on(async move {
        let demo = config.demo;
        let demo_key = config.demo_key.clone();
        let app = match Application::build(config).await {
            Ok(a) => a,
            Err(e) => {
                eprintln!("cannot start: {e}");
                return ExitCode::FAILURE;
            }
        };
        let addr = app.local_addr();
        if demo {
            demo::print_logins(addr, &demo_key);
        }
        let stop = shutdown_signal();
        tracing::info!(%addr, "portal listening");
        match app.run_until(stop).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("server error: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
