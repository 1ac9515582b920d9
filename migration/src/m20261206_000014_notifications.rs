use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Notifications (issue 16). `notifications` is the in-app list, one row
/// per user and event; `outbox` one row per mail, written in the same
/// transaction as the event and sent by a worker. A dedupe key, unique in
/// each, makes the scheduler's reminders and digests once per user and
/// period or object however often it runs. `notification_prefs` holds a
/// user's choices where they differ from the defaults;
/// `notification_settings` the one row every instance agrees on: whether
/// mail is on, the public address mails link to, and the key that signs
/// unsubscribe links.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(pk_auto(Notifications::Id))
                .col(integer(Notifications::UserId))
                .col(text(Notifications::Kind))
                .col(text(Notifications::Link))
                .col(text(Notifications::Params))
                .col(text(Notifications::DedupeKey).unique_key())
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Notifications::Table, Notifications::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The header's unread count and the list, newest first.
        m.create_index(
            Index::create()
                .name("idx_notifications_user_read")
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col(Notifications::ReadAt)
                .col(Notifications::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NotificationPrefs::Table)
                .col(integer(NotificationPrefs::UserId))
                .col(text(NotificationPrefs::Kind))
                .col(boolean(NotificationPrefs::InApp))
                .col(boolean(NotificationPrefs::Email))
                .primary_key(
                    Index::create().col(NotificationPrefs::UserId).col(NotificationPrefs::Kind),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(NotificationPrefs::Table, NotificationPrefs::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(pk_auto(Outbox::Id))
                .col(integer(Outbox::UserId))
                .col(text(Outbox::Recipient))
                .col(text(Outbox::Locale))
                .col(text(Outbox::Kind))
                .col(text(Outbox::Subject))
                .col(text(Outbox::TextBody))
                .col(text(Outbox::HtmlBody))
                .col(text(Outbox::Unsubscribe))
                .col(text(Outbox::DedupeKey).unique_key())
                .col(text(Outbox::Status))
                .col(integer(Outbox::Attempts))
                .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                .col(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
                .col(text_null(Outbox::ClaimedBy))
                .col(timestamp_with_time_zone_null(Outbox::SentAt))
                .col(text_null(Outbox::LastError))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Outbox::Table, Outbox::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The worker's claim: what is due, oldest first.
        m.create_index(
            Index::create()
                .name("idx_outbox_due")
                .table(Outbox::Table)
                .col(Outbox::Status)
                .col(Outbox::NextAttemptAt)
                .col(Outbox::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NotificationSettings::Table)
                .col(integer(NotificationSettings::Id).primary_key())
                .col(boolean(NotificationSettings::EmailOn))
                .col(text(NotificationSettings::BaseUrl))
                .col(text(NotificationSettings::SigningKey))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(NotificationSettings::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Outbox::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(NotificationPrefs::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Notifications::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Link,
    Params,
    DedupeKey,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum NotificationPrefs {
    Table,
    UserId,
    Kind,
    InApp,
    Email,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    UserId,
    Recipient,
    Locale,
    Kind,
    Subject,
    TextBody,
    HtmlBody,
    Unsubscribe,
    DedupeKey,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    ClaimedBy,
    SentAt,
    LastError,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    Id,
    EmailOn,
    BaseUrl,
    SigningKey,
}
