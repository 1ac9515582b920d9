//! Mails: a subject, a plain-text and an HTML part in the recipient's
//! language (right to left for Persian and Arabic, Solar Hijri dates in
//! Persian), a link to the object and a one-click unsubscribe link; and
//! the SMTP transport that sends them (lettre on tokio; TLS by rustls).
use std::time::Duration;

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use maud::{DOCTYPE, html};

use super::{Note, Settings, body, links, title, unsubscribe_url};
use crate::entities::{outbox, user};
use crate::i18n::{Locale, format_date};

/// A rendered mail.
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub unsubscribe: String,
}

pub fn render(s: &Settings, u: &user::Model, l: Locale, note: &Note) -> Rendered {
    let subject = title(l, note.kind, &note.params);
    let lead = body(l, note.kind, &note.params);
    let open = format!("{}{}", s.base_url, note.link);
    let unsubscribe = unsubscribe_url(s, u.id, note.kind);
    let prefs = format!("{}{}", s.base_url, links::PREFERENCES);
    let greeting = l.t_args("notify-mail-greeting", &[("name", u.name.clone())]);
    let open_label = l.t("notify-mail-open");
    let why = l.t_args("notify-mail-why", &[("kind", l.t(note.kind.label_key()))]);
    let unsubscribe_label = l.t("notify-mail-unsubscribe");
    let prefs_label = l.t("notify-mail-preferences");
    let items: Vec<(String, String)> = note
        .items
        .iter()
        .map(|i| {
            let label = match i.day {
                Some(d) => format!("{} ({})", i.label, format_date(l, d)),
                None => i.label.clone(),
            };
            (label, format!("{}{}", s.base_url, i.path))
        })
        .collect();

    let mut text = format!("{greeting}\n\n{subject}\n\n{lead}\n\n");
    for (label, url) in &items {
        text.push_str(&format!("- {label}\n  {url}\n"));
    }
    if !items.is_empty() {
        text.push('\n');
    }
    text.push_str(&format!("{open_label}: {open}\n\n-- \n{why}\n{unsubscribe_label}: {unsubscribe}\n{prefs_label}: {prefs}\n"));

    let html = html! {
        (DOCTYPE)
        html lang=(l.code()) dir=(l.dir()) {
            head {
                meta charset="utf-8";
                title { (subject) }
            }
            body style="font-family: sans-serif; line-height: 1.5;" {
                p { (greeting) }
                h1 style="font-size: 1.25em;" { (subject) }
                p style="white-space: pre-line;" { (lead) }
                @if !items.is_empty() {
                    ul {
                        @for (label, url) in &items {
                            li { a href=(url) { bdi { (label) } } }
                        }
                    }
                }
                p { a href=(open) { (open_label) } }
                hr;
                p style="font-size: 0.875em; color: #555;" {
                    (why) br;
                    a href=(unsubscribe) { (unsubscribe_label) } " · "
                    a href=(prefs) { (prefs_label) }
                }
            }
        }
    }
    .into_string();
    Rendered { subject, text, html, unsubscribe }
}

/// The SMTP connection pool and the sender's address.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).finish()
    }
}

/// SMTP connections kept open: as many as the worker sends at once.
const POOL: u32 = 8;

/// How long one SMTP exchange may take; the worker's lease is longer.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

impl Mailer {
    /// `smtp://host:port` (plain, for a local relay), `smtp://...?tls=required`
    /// (STARTTLS) or `smtps://host` (TLS), with `user:password@` if needed.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("YARDSTICK_SMTP_URL: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .pool_config(PoolConfig::new().max_size(POOL))
            .build();
        let from = from.parse().map_err(|e| anyhow::anyhow!("the mail from-address: {e}"))?;
        Ok(Mailer { transport, from })
    }

    /// Sends one outbox row.
    pub async fn send(&self, row: &outbox::Model) -> Result<(), SendError> {
        let to: Mailbox = row.recipient.parse().map_err(|e| SendError::Refused(format!("{e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .header(ListUnsubscribe(format!("<{}>", row.unsubscribe)))
            .header(ListUnsubscribePost)
            .header(OutboxId(row.id.to_string()))
            .header(ContentLanguage(row.locale.clone()))
            .multipart(MultiPart::alternative_plain_html(
                row.text_body.clone(),
                row.html_body.clone(),
            ))
            .map_err(|e| SendError::Refused(e.to_string()))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) => Err(classify(&e)),
        }
    }
}

/// Why a mail did not go, and so whether it may be tried again.
#[derive(Debug)]
pub enum SendError {
    /// The server answered "not now" or could not be reached: nothing was
    /// handed over; try again later.
    Retry(String),
    /// Refused for good (a permanent answer, a bad address).
    Refused(String),
    /// The exchange broke after it began: the server may have the mail.
    Unknown(String),
}

fn classify(e: &lettre::transport::smtp::Error) -> SendError {
    let text = e.to_string();
    if e.is_permanent() {
        return SendError::Refused(text);
    }
    if e.is_transient() || never_connected(e) {
        return SendError::Retry(text);
    }
    SendError::Unknown(text)
}

/// Whether the connection was refused or could not be made at all.
fn never_connected(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::AddrNotAvailable
                    | std::io::ErrorKind::HostUnreachable
                    | std::io::ErrorKind::NetworkUnreachable
            );
        }
        source = s.source();
    }
    false
}

#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// RFC 8058: the link above takes a POST without a session.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// The outbox row a mail came from: a receiver (and the tests) can tell a
/// second delivery of the same mail.
#[derive(Clone)]
struct OutboxId(String);

impl Header for OutboxId {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Yardstick-Outbox")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// The recipient's language (RFC 3282).
#[derive(Clone)]
struct ContentLanguage(String);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}
