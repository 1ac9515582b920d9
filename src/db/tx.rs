//! The few writes that read, decide and write in one transaction (the
//! first admin, a checklist's versions, an import, assignments).
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement,
};

use super::writer::Held;
use super::{Done, Read, Write, is_select, not_here, write};

/// A write transaction, from [`super::Db::begin_write`]; dropped without
/// [`WriteTx::commit`] it rolls back.
///
/// On SQLite it holds the one writer: nothing else writes until it ends,
/// so its reads, which run on the readers, see what it saw at `BEGIN` and
/// still hold at commit, but never its own uncommitted writes. Read what
/// is needed first; take new ids from `exec`'s `last_insert_id`.
pub struct WriteTx(Inner);

enum Inner {
    Orm(DatabaseTransaction),
    Sqlite { conn: Held, read: Read },
}

impl WriteTx {
    pub(super) fn orm(txn: DatabaseTransaction) -> Self {
        Self(Inner::Orm(txn))
    }

    pub(super) fn sqlite(held: Held, read: Read) -> Self {
        Self(Inner::Sqlite { conn: held, read })
    }

    pub async fn commit(self) -> Result<(), DbErr> {
        match self.0 {
            Inner::Orm(txn) => txn.commit().await,
            Inner::Sqlite { conn, .. } => {
                conn.run(|c| c.execute_batch("COMMIT")).await?.map_err(super::group::db_err)
            }
        }
    }
}

#[async_trait::async_trait]
impl Write for WriteTx {
    async fn run(&self, statement: Statement, with_id: bool) -> Result<Done, DbErr> {
        match &self.0 {
            Inner::Orm(txn) => write::run_orm(txn, statement, with_id).await,
            Inner::Sqlite { conn, .. } => conn.execute(statement).await,
        }
    }
}

fn no_reads(sql: &str) -> DbErr {
    DbErr::Custom(format!(
        "a SQLite write transaction runs writes only, and reads on the readers: {sql}"
    ))
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTx {
    fn get_database_backend(&self) -> DbBackend {
        match &self.0 {
            Inner::Orm(txn) => txn.get_database_backend(),
            Inner::Sqlite { .. } => DbBackend::Sqlite,
        }
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match &self.0 {
            Inner::Orm(txn) => txn.execute_raw(stmt).await,
            Inner::Sqlite { .. } => Err(not_here(&stmt.sql)),
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match &self.0 {
            Inner::Orm(txn) => txn.execute_unprepared(sql).await,
            Inner::Sqlite { .. } => Err(not_here(sql)),
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match &self.0 {
            Inner::Orm(txn) => txn.query_one_raw(stmt).await,
            Inner::Sqlite { read, .. } if is_select(&stmt.sql) => read.query_one_raw(stmt).await,
            Inner::Sqlite { .. } => Err(no_reads(&stmt.sql)),
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match &self.0 {
            Inner::Orm(txn) => txn.query_all_raw(stmt).await,
            Inner::Sqlite { read, .. } if is_select(&stmt.sql) => read.query_all_raw(stmt).await,
            Inner::Sqlite { .. } => Err(no_reads(&stmt.sql)),
        }
    }
}
