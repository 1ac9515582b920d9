//! The database handle as the domain sees it.
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

use crate::support::TestApp;

#[tokio::test]
async fn a_write_sent_to_the_readers_fails_and_changes_nothing() {
    let app = TestApp::spawn().await;
    if app.app.db.backend() != DatabaseBackend::Sqlite {
        return; // PostgreSQL's pool serves reads and writes alike.
    }
    let count = || async {
        let sql = "SELECT COUNT(*) AS n FROM seaql_migrations";
        let row =
            app.app.db.read().query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, sql));
        row.await.unwrap().unwrap().try_get::<i64>("", "n").unwrap()
    };
    let before = count().await;
    assert!(before > 0, "the migrations are recorded");
    let delete = Statement::from_string(DatabaseBackend::Sqlite, "DELETE FROM seaql_migrations");
    let err = app.app.db.read().execute_raw(delete).await.unwrap_err();
    assert!(err.to_string().contains("readonly"), "{err}");
    assert_eq!(count().await, before);
}
