use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Summary rows of the grain `day_chan` (see `src/scorecards/summary.rs`):
/// the `overall` metric (the visit score) per day (`YYYYMMDD` of when the
/// visit started, in UTC), brand, checklist and channel, region left empty.
/// The app writes them at each approval from now on; this fills them in for
/// the visits approved before, exactly as the app's `summary::cells` would:
/// approved visits that started and have a score, the brand and channel of
/// their location and the checklist of their version. The table needs no
/// change: its unique index already covers the new grain.
///
/// Plain SQL, since the day is worked out differently on each database:
/// SQLite keeps `started_at` as RFC 3339 text (`2026-10-02T23:59:30+00:00`,
/// which `strftime` reads, offset included, as UTC) and PostgreSQL as a
/// `timestamptz`, read in UTC whatever the session's time zone.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let day = match m.get_database_backend() {
            sea_orm::DbBackend::Sqlite => "CAST(strftime('%Y%m%d', v.started_at) AS INTEGER)",
            sea_orm::DbBackend::Postgres => {
                "CAST(to_char(v.started_at AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER)"
            }
            other => return Err(DbErr::Migration(format!("unsupported database {other:?}"))),
        };
        let db = m.get_connection();
        // Run again (after `down`), it starts from nothing as the first time.
        db.execute_unprepared(&format!("DELETE FROM scorecard_cells WHERE grain = '{GRAIN}'"))
            .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO scorecard_cells \
               (grain, brand_id, checklist_id, period, channel, region, metric, n, total, squares) \
             SELECT '{GRAIN}', l.brand_id, cv.checklist_id, {day}, l.channel, '', 'overall', \
               COUNT(*), SUM(v.score), SUM(v.score * v.score) \
             FROM visits v \
             JOIN locations l ON l.id = v.location_id \
             JOIN checklist_versions cv ON cv.id = v.checklist_version_id \
             WHERE v.status = 'approved' AND v.started_at IS NOT NULL AND v.score IS NOT NULL \
             GROUP BY l.brand_id, cv.checklist_id, {day}, l.channel"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(&format!("DELETE FROM scorecard_cells WHERE grain = '{GRAIN}'"))
            .await?;
        Ok(())
    }
}

/// The grain's name as the app writes it (the column holds 8 characters).
const GRAIN: &str = "day_chan";
