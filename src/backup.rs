//! `yardstick backup DIR`: a copy of a running instance that is itself a
//! data directory, so restoring is serving it (`--data-dir DIR`).
//!
//! The database is copied with SQLite's `VACUUM INTO`, one read
//! transaction: a consistent snapshot however many writes go on meanwhile,
//! and nothing is locked for them. Photo files are copied after it; they
//! are content-addressed and never change, so every file the snapshot
//! refers to is there (a file added since is copied too and does no harm:
//! `photos clean` removes files no row refers to).
use std::path::Path;

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

use crate::app::App;
use crate::evidence::storage;

pub struct Report {
    pub database_bytes: u64,
    pub photos: usize,
}

pub async fn run(app: &App, dest: &Path) -> anyhow::Result<Report> {
    anyhow::ensure!(
        app.db.backend() == DatabaseBackend::Sqlite,
        "backup copies the SQLite database and its photos; on PostgreSQL back up the \
         database with pg_dump (and photos in S3 with the bucket's versioning or replication)"
    );
    let empty = match std::fs::read_dir(dest) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(e.into()),
    };
    anyhow::ensure!(empty, "{} is not empty; a backup goes into a new directory", dest.display());
    std::fs::create_dir_all(dest)?;

    let file = dest.join("yardstick.db");
    let path = file.to_str().ok_or_else(|| anyhow::anyhow!("the path is not UTF-8"))?;
    app.db
        .read()
        .execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "VACUUM INTO ?",
            [path.into()],
        ))
        .await?;
    let database_bytes = std::fs::metadata(&file)?.len();

    let copy = storage::open(&crate::config::storage_url_in(dest))?;
    let mut photos = 0;
    for (key, _) in app.evidence.storage.keys().await? {
        // Leftovers of interrupted writes are not photos.
        if !key.ends_with(".jpg") {
            continue;
        }
        if let Some(bytes) = app.evidence.storage.get(&key).await? {
            copy.put_as(&key, bytes).await?;
            photos += 1;
        }
    }
    Ok(Report { database_bytes, photos })
}
