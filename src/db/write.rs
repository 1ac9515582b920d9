//! The one way to write a row outside the visit batches: [`exec`],
//! [`insert_row`], [`update_row`], on [`super::Db`] or a
//! [`super::WriteTx`]. On a SQLite file they run on the one writer; sea-orm's
//! own `insert(db)`, `exec(db)` and `execute` answer an error there, so a
//! write that bypasses this fails its test instead of racing the writer.
use std::future::Future;

use sea_orm::sea_query::ColumnType;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, Iterable,
    PrimaryKeyToColumn, PrimaryKeyTrait, QueryFilter, QueryTrait, Statement, TryIntoModel, Value,
};

/// What a write statement did.
#[derive(Debug, Clone, Copy, Default)]
pub struct Done {
    pub rows: u64,
    /// The new row's id, when asked for (`Write::run`'s `with_id`).
    pub id: i64,
}

/// Something writes can run on: the database, or a transaction.
#[async_trait::async_trait]
pub trait Write: ConnectionTrait + Sync {
    /// Runs one statement. With `with_id` on PostgreSQL the statement ends
    /// in `RETURNING` the key, whose value comes back as [`Done::id`].
    async fn run(&self, statement: Statement, with_id: bool) -> Result<Done, DbErr>;
}

/// On sqlx's connections (PostgreSQL, an in-memory SQLite, a PostgreSQL
/// transaction).
pub(super) async fn run_orm<C: ConnectionTrait>(
    c: &C,
    statement: Statement,
    with_id: bool,
) -> Result<Done, DbErr> {
    if with_id && c.get_database_backend() == DbBackend::Postgres {
        let row = c.query_one_raw(statement).await?.ok_or(DbErr::RecordNotInserted)?;
        let id = row
            .try_get_by_index::<i32>(0)
            .map(i64::from)
            .or_else(|_| row.try_get_by_index::<i64>(0))?;
        return Ok(Done { rows: 1, id });
    }
    let done = c.execute_raw(statement).await?;
    // PostgreSQL has no last id to ask for (sea-orm panics), hence RETURNING.
    let id = if with_id { done.last_insert_id() as i64 } else { 0 };
    Ok(Done { rows: done.rows_affected(), id })
}

/// Runs an insert, update or delete; answers how many rows it changed.
pub async fn exec(db: &impl Write, query: &impl QueryTrait) -> Result<u64, DbErr> {
    Ok(db.run(query.build(db.get_database_backend()), false).await?.rows)
}

/// Runs SQL as written (tests, maintenance); on PostgreSQL it may hold
/// several statements.
pub async fn exec_sql(db: &impl Write, sql: &str) -> Result<u64, DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        return Ok(db.execute_unprepared(sql).await?.rows_affected());
    }
    let statement = Statement::from_string(db.get_database_backend(), sql);
    Ok(db.run(statement, false).await?.rows)
}

type ModelOf<A> = <<A as ActiveModelTrait>::Entity as EntityTrait>::Model;

fn key<A: ActiveModelTrait>() -> <A::Entity as EntityTrait>::Column {
    <A::Entity as EntityTrait>::PrimaryKey::iter()
        .next()
        .expect("every table has a key")
        .into_column()
}

/// Inserts `row` and gives it back, with its new id when the database
/// numbers the key. Nothing is read back: inside a SQLite
/// [`super::WriteTx`] a read would not see the transaction's own rows.
pub async fn insert_row<A>(db: &impl Write, mut row: A) -> Result<ModelOf<A>, DbErr>
where
    A: ActiveModelTrait + TryIntoModel<ModelOf<A>> + Send,
{
    let mut insert = A::Entity::insert(row.clone());
    let backend = db.get_database_backend();
    if !<<A::Entity as EntityTrait>::PrimaryKey as PrimaryKeyTrait>::auto_increment() {
        db.run(insert.build(backend), false).await?;
        return row.try_into_model();
    }
    let key = key::<A>();
    if backend == DbBackend::Postgres {
        insert.query().returning_col(key);
    }
    let id = db.run(insert.build(backend), true).await?.id;
    let id = match key.def().get_column_type() {
        ColumnType::BigInteger => Value::BigInt(Some(id)),
        _ => Value::Int(Some(i32::try_from(id).map_err(|e| DbErr::Custom(e.to_string()))?)),
    };
    row.set(key, id);
    row.try_into_model()
}

/// Writes the changed columns of `row` (its key set) and gives it back.
pub async fn update_row<A>(db: &impl Write, row: A) -> Result<ModelOf<A>, DbErr>
where
    A: ActiveModelTrait + TryIntoModel<ModelOf<A>> + Send,
{
    let key = key::<A>();
    let id = row.get(key).into_value().ok_or_else(|| DbErr::Custom("no key to update".into()))?;
    exec(db, &A::Entity::update_many().set(row.clone()).filter(key.eq(id))).await?;
    row.try_into_model()
}

/// [`insert_row`] and [`update_row`] as methods, to read like sea-orm's
/// `insert(db)` and `update(db)`.
pub trait WriteRow: ActiveModelTrait + TryIntoModel<ModelOf<Self>> + Send {
    fn insert_row(self, db: &impl Write) -> impl Future<Output = Result<ModelOf<Self>, DbErr>> {
        insert_row(db, self)
    }

    fn update_row(self, db: &impl Write) -> impl Future<Output = Result<ModelOf<Self>, DbErr>> {
        update_row(db, self)
    }
}

impl<A: ActiveModelTrait + TryIntoModel<ModelOf<A>> + Send> WriteRow for A {}

/// [`exec`] as a method: `delete_many().filter(..).run_on(db)`.
pub trait WriteQuery: QueryTrait + Sync + Sized {
    fn run_on(&self, db: &impl Write) -> impl Future<Output = Result<u64, DbErr>> {
        exec(db, self)
    }
}

impl<Q: QueryTrait + Sync> WriteQuery for Q {}
