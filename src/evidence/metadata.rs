//! What the camera wrote, read before it is thrown away: orientation,
//! capture time and position. Anything unreadable is simply absent: a photo
//! without EXIF (a screenshot, a messenger's copy) is still a photo.
//!
//! The reader is lenient: phones, editors and libraries (piexif, for one)
//! write blocks that bend the TIFF rules (a stray next-IFD link, a maker
//! note pointing nowhere), and a strict reader then throws away all of it.
//! What parses is kept; only the broken parts are lost.
use std::io::Cursor;

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use exif::{Exif, In, Tag, Value};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    /// EXIF orientation 1..=8 (1 when absent).
    pub orientation: u16,
    pub taken: Option<CaptureTime>,
    /// Latitude and longitude in degrees. Only used to compute a distance,
    /// never stored.
    pub gps: Option<(f64, f64)>,
}

/// The camera's clock reading, with the offset when the camera recorded
/// one; without it the caller places the time in the location's time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptureTime {
    Exact(DateTime<FixedOffset>),
    Local(NaiveDateTime),
}

pub fn read(bytes: &[u8]) -> Metadata {
    let read = exif::Reader::new()
        .continue_on_error(true)
        .read_from_container(&mut Cursor::new(bytes))
        .or_else(|e| e.distill_partial_result(|_| {}));
    let Ok(exif) = read else {
        return Metadata { orientation: 1, ..Default::default() };
    };
    Metadata {
        orientation: orientation(&exif).unwrap_or(1),
        taken: capture_time(&exif),
        gps: gps(&exif),
    }
}

fn orientation(exif: &Exif) -> Option<u16> {
    let o = exif.get_field(Tag::Orientation, In::PRIMARY)?.value.get_uint(0)?;
    u16::try_from(o).ok().filter(|o| (1..=8).contains(o))
}

fn ascii(exif: &Exif, tag: Tag) -> Option<String> {
    match &exif.get_field(tag, In::PRIMARY)?.value {
        Value::Ascii(parts) => {
            let s =
                String::from_utf8_lossy(parts.first()?).trim_end_matches('\0').trim().to_owned();
            (!s.is_empty()).then_some(s)
        }
        _ => None,
    }
}

fn capture_time(exif: &Exif) -> Option<CaptureTime> {
    let local = ascii(exif, Tag::DateTimeOriginal).or_else(|| ascii(exif, Tag::DateTime))?;
    let naive = NaiveDateTime::parse_from_str(&local, "%Y:%m:%d %H:%M:%S").ok()?;
    let offset = ascii(exif, Tag::OffsetTimeOriginal)
        .and_then(|o| {
            DateTime::parse_from_str(&format!("2000-01-01 00:00:00 {o}"), "%F %T %:z").ok()
        })
        .map(|d| *d.offset());
    Some(match offset.and_then(|o| naive.and_local_timezone(o).single()) {
        Some(t) => CaptureTime::Exact(t),
        None => CaptureTime::Local(naive),
    })
}

fn degrees(exif: &Exif, tag: Tag, negative_ref: Tag, negative: &str) -> Option<f64> {
    let Value::Rational(parts) = &exif.get_field(tag, In::PRIMARY)?.value else { return None };
    let [d, m, s] = parts.get(..3)? else { return None };
    let value = d.to_f64() + m.to_f64() / 60.0 + s.to_f64() / 3600.0;
    let sign = if ascii(exif, negative_ref).is_some_and(|r| r.eq_ignore_ascii_case(negative)) {
        -1.0
    } else {
        1.0
    };
    value.is_finite().then_some(sign * value)
}

fn gps(exif: &Exif) -> Option<(f64, f64)> {
    let lat = degrees(exif, Tag::GPSLatitude, Tag::GPSLatitudeRef, "S")?;
    let lon = degrees(exif, Tag::GPSLongitude, Tag::GPSLongitudeRef, "W")?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}
