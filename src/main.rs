use std::io::{IsTerminal, Write};

use clap::Parser;
use yardstick::accounts::users::{self, NewUser};
use yardstick::cli::{Cli, Command, NotificationsCommand, PhotosCommand, RoundsCommand};
use yardstick::evidence::clean;
use yardstick::{App, telemetry};

/// glibc's allocator spent a quarter of the CPU time of a visit submission
/// in malloc and free across threads (BENCHMARKS.md); mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init_logging();
    let cli = Cli::parse();
    let config = cli.config();
    if cli.demo {
        anyhow::ensure!(
            matches!(cli.command, None | Some(Command::Serve)),
            "--demo loads a demo and serves it; it does not go with a sub-command"
        );
        return demo(config, cli.demo_locale()).await;
    }
    match cli.command {
        None | Some(Command::Serve) => serve(App::build(config.clone()).await?, config).await,
        Some(Command::Migrate) => {
            yardstick::db::Db::open(&config.database_url).await?;
            println!("migrations applied");
            Ok(())
        }
        Some(Command::Generate { visits, seed }) => {
            let app = App::build(config).await?;
            let plan = yardstick::generate::Plan::benchmark(visits, seed);
            let started = std::time::Instant::now();
            let step = (visits / 20).max(1);
            let report = yardstick::generate::generate(&app.db, &plan, |done| {
                if done % step == 0 || done == visits {
                    eprintln!("{done} visits ({:.0} s)", started.elapsed().as_secs_f64());
                }
            })
            .await
            .map_err(|e| anyhow::anyhow!(e.plain_message()))?;
            println!(
                "generated {} visits, {} answers, {} summary rows in {:.1} s",
                report.visits,
                report.answers,
                report.cells,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Some(Command::Backup { dir }) => {
            let app = App::build(config).await?;
            let started = std::time::Instant::now();
            let report = match yardstick::backup::run(&app, &dir).await {
                Ok(report) => report,
                Err(e) => {
                    eprintln!("backup: {e:#}");
                    std::process::exit(2);
                }
            };
            println!(
                "backed up the database ({} bytes) and {} photo files into {} in {:.1} s; \
                 restore by serving it: yardstick --data-dir {}",
                report.database_bytes,
                report.photos,
                dir.display(),
                started.elapsed().as_secs_f64(),
                dir.display()
            );
            Ok(())
        }
        Some(Command::Rounds { command: RoundsCommand::Run { today } }) => {
            let app = App::build(config).await?;
            let today = today.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let runs = yardstick::rounds::run::run(&app.db, today)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.plain_message()))?;
            for r in &runs {
                println!(
                    "round {} \"{}\", period {} to {}: made {}, already there {}, no one may take {}",
                    r.round_id,
                    r.round_name,
                    r.period.start,
                    r.period.end,
                    r.made.len(),
                    r.already,
                    r.blocked.len()
                );
                for (location, shopper) in &r.made {
                    println!("  location {location} -> shopper {shopper}");
                }
                for (location, why) in &r.blocked {
                    println!("  location {location}: {}", why.as_str());
                }
            }
            if runs.is_empty() {
                println!("no round has a period open now");
            }
            Ok(())
        }
        Some(Command::Photos { command: PhotosCommand::Clean { abandoned_days } }) => {
            let app = App::build(config).await?;
            let age = chrono::Duration::days(i64::from(abandoned_days));
            let report = clean::run(&app.db, &app.evidence, age, clean::GRACE)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.plain_message()))?;
            println!(
                "removed {} photos of abandoned drafts and {} unreferenced files",
                report.photos_removed, report.files_removed
            );
            Ok(())
        }
        Some(Command::Notifications { command }) => {
            let app = App::build(config).await?;
            let plain = |e: yardstick::AppError| anyhow::anyhow!("{}", e.plain_message());
            if matches!(command, NotificationsCommand::Run) {
                let now = chrono::Utc::now();
                let r =
                    yardstick::notifications::schedule::run(&app.db, now).await.map_err(plain)?;
                println!(
                    "scheduled {} notifications ({} in the app, {} mails)",
                    r.notes, r.in_app, r.mails
                );
            }
            match &app.mailer {
                Some(mailer) => {
                    let o = yardstick::notifications::outbox::Options::default();
                    let r = yardstick::notifications::outbox::drain(&app.db, mailer, &o)
                        .await
                        .map_err(plain)?;
                    println!(
                        "mails: {} sent, {} to retry, {} failed, {} uncertain ({} claims ran out)",
                        r.sent, r.retry, r.failed, r.uncertain, r.expired
                    );
                }
                None => println!("mail is off (YARDSTICK_SMTP_URL is not set)"),
            }
            Ok(())
        }
        Some(Command::CreateUser { email, name, role, password, locale }) => {
            let app = App::build(config).await?;
            let (password, generated) = match password {
                Some(p) => (p, false),
                None if std::io::stdin().is_terminal() => (ask_password()?, false),
                None => (users::generate_password(), true),
            };
            let input = NewUser {
                email,
                name,
                role,
                password: password.clone(),
                password_confirm: password.clone(),
                locale: locale.unwrap_or_else(|| "en".into()),
            };
            match users::create(&app.db, None, &input).await {
                Ok(user) => {
                    println!("created {} <{}> as {}", user.name, user.email, user.role);
                    if generated {
                        println!("password (shown once): {password}");
                    }
                    Ok(())
                }
                Err(e) => {
                    eprintln!("could not create the user: {}", e.plain_message());
                    std::process::exit(2);
                }
            }
        }
    }
}

/// `--demo`: loads the demo into an empty database (or finds it already
/// there), prints the logins once, and serves.
async fn demo(
    config: yardstick::config::Config,
    locale: yardstick::i18n::Locale,
) -> anyhow::Result<()> {
    let app = App::build(config.clone()).await?;
    let url = format!("http://{}", config.listen);
    if yardstick::demo::is_loaded(&app.db).await? {
        println!("The demo is already loaded; its logins were printed when it was. Open {url}/");
    } else {
        let started = std::time::Instant::now();
        match yardstick::demo::load(&app, locale).await {
            Ok(logins) => {
                println!(
                    "Demo loaded in {:.1} s. Open {url}/ and sign in; a manager's home is \
                     the scorecard summary and what awaits review.",
                    started.elapsed().as_secs_f64()
                );
                println!("Demo logins (shown once):");
                for l in logins {
                    println!("  {:<16} {}  {}", l.role, l.email, l.password);
                }
            }
            Err(e) => {
                eprintln!("--demo: {}", e.plain_message());
                std::process::exit(2);
            }
        }
    }
    serve(app, config).await
}

async fn serve(
    app: yardstick::app::AppState,
    config: yardstick::config::Config,
) -> anyhow::Result<()> {
    if let Some(token) = yardstick::accounts::setup::issue_if_needed(&app.db).await? {
        println!(
            "No administrator yet. Open http://{}/setup?token={token} to create one \
             (single use, valid for 24 hours).",
            config.listen
        );
    }
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    // Rounds make their assignments, and the scheduler the reminders and
    // digests, at start-up and hourly; mail goes out from the outbox.
    tokio::spawn(yardstick::rounds::run::every_hour(app.db.clone()));
    tokio::spawn(yardstick::notifications::schedule::every_hour(app.db.clone()));
    if let Some(mailer) = app.mailer.clone() {
        let o = yardstick::notifications::outbox::Options::default();
        tokio::spawn(yardstick::notifications::outbox::work(app.db.clone(), mailer, o));
    }
    tracing::info!(listen = %config.listen, "yardstick is serving");
    yardstick::web::serve(app, listener).await
}

fn ask_password() -> anyhow::Result<String> {
    print!("password: ");
    std::io::stdout().flush()?;
    Ok(rpassword::read_password()?)
}
