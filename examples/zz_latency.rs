use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
use std::time::Instant;
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
    let db = yardstick::db::connect(&url).await?;
    let b = db.get_database_backend();
    db.execute_unprepared("create table t(id integer primary key, v text)").await?;
    for round in 0..3 {
        let n = 5000;
        let t = Instant::now();
        for _ in 0..n {
            db.query_one_raw(Statement::from_string(b, "select 1")).await?;
        }
        let sel = t.elapsed().as_micros() as f64 / n as f64;
        let t = Instant::now();
        for i in 0..n {
            let txn = db.begin().await?;
            txn.execute_raw(Statement::from_sql_and_values(
                b,
                "insert into t(v) values (?)",
                [format!("{i}").into()],
            ))
            .await?;
            txn.commit().await?;
        }
        let ins = t.elapsed().as_micros() as f64 / n as f64;
        println!("round {round}: select 1 {sel:.1} us; begin+insert+commit {ins:.1} us");
    }
    Ok(())
}
