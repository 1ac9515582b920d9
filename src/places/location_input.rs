//! A location as typed, and every check it must pass before it is stored.
//! Pages, the API and the CSV import all pass through [`check`].
use serde::{Deserialize, Deserializer};

use super::Channel;
use crate::entities::location;
use crate::error::FieldErrors;
use crate::i18n::Msg;

/// A location as typed: every field text, because forms and CSV files
/// carry text; JSON numbers are accepted too.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct LocationInput {
    #[serde(deserialize_with = "lenient")]
    pub brand_id: String,
    pub name: String,
    pub channel: String,
    pub region: String,
    pub city: String,
    pub address: String,
    pub url: String,
    pub phone: String,
    pub email: String,
    #[serde(deserialize_with = "lenient")]
    pub latitude: String,
    #[serde(deserialize_with = "lenient")]
    pub longitude: String,
    pub timezone: String,
}

/// Text, a number or null, as text.
pub(super) fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

impl LocationInput {
    pub fn of(l: &location::Model) -> Self {
        let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        LocationInput {
            brand_id: l.brand_id.to_string(),
            name: l.name.clone(),
            channel: l.channel.clone(),
            region: l.region.clone(),
            city: l.city.clone(),
            address: l.address.clone(),
            url: l.url.clone(),
            phone: l.phone.clone(),
            email: l.email.clone(),
            latitude: num(l.latitude),
            longitude: num(l.longitude),
            timezone: l.timezone.clone(),
        }
    }
}

/// A location that passed every check that needs no database.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub brand_id: Option<i32>,
    pub name: String,
    pub channel: Channel,
    pub region: String,
    pub city: String,
    pub address: String,
    pub url: String,
    pub phone: String,
    pub email: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub timezone: String,
}

fn limited(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        errors.insert(field.into(), Msg::new("field-too-long").with_int("max", max as i64));
    }
    v.to_owned()
}

fn coordinate(errors: &mut FieldErrors, field: &str, value: &str, limit: f64) -> Option<f64> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() && (-limit..=limit).contains(&x) => Some(x),
        _ => {
            errors.insert(
                field.into(),
                Msg::new("coordinate-invalid").with_int("limit", limit as i64),
            );
            None
        }
    }
}

fn valid_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

fn valid_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (5..=20).contains(&digits) && s.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

/// Every check that needs no database, all at once.
pub fn check(input: &LocationInput) -> Result<Checked, FieldErrors> {
    let mut e = FieldErrors::new();
    let brand_id = match input.brand_id.trim() {
        "" => {
            e.insert("brand_id".into(), Msg::new("field-required"));
            None
        }
        s => s
            .parse::<i32>()
            .map_err(|_| e.insert("brand_id".into(), Msg::new("brand-unknown")))
            .ok(),
    };
    let name = limited(&mut e, "name", &input.name, 150);
    if name.is_empty() {
        e.insert("name".into(), Msg::new("field-required"));
    }
    let channel = Channel::parse(&input.channel);
    if channel.is_none() {
        e.insert("channel".into(), Msg::new("channel-invalid"));
    }
    let region = limited(&mut e, "region", &input.region, 100);
    let city = limited(&mut e, "city", &input.city, 100);
    let address = limited(&mut e, "address", &input.address, 300);
    let url = limited(&mut e, "url", &input.url, 500);
    if !url.is_empty() && !valid_url(&url) {
        e.insert("url".into(), Msg::new("url-invalid"));
    }
    let phone = limited(&mut e, "phone", &input.phone, 40);
    if !phone.is_empty() && !valid_phone(&phone) {
        e.insert("phone".into(), Msg::new("phone-invalid"));
    }
    let email = limited(&mut e, "email", &input.email, 254).to_lowercase();
    if !email.is_empty()
        && !email.split_once('@').is_some_and(|(a, d)| !a.is_empty() && d.contains('.'))
    {
        e.insert("email".into(), Msg::new("email-invalid"));
    }
    let latitude = coordinate(&mut e, "latitude", &input.latitude, 90.0);
    let longitude = coordinate(&mut e, "longitude", &input.longitude, 180.0);
    if latitude.is_some() != longitude.is_some()
        && !e.contains_key("latitude")
        && !e.contains_key("longitude")
    {
        let missing = if latitude.is_none() { "latitude" } else { "longitude" };
        e.insert(missing.into(), Msg::new("coordinates-both"));
    }
    let timezone = input.timezone.trim().to_owned();
    if timezone.is_empty() {
        e.insert("timezone".into(), Msg::new("field-required"));
    } else if timezone.parse::<chrono_tz::Tz>().is_err() {
        e.insert("timezone".into(), Msg::new("timezone-invalid"));
    }
    if let Some(field) = channel.and_then(Channel::contact_field) {
        let given = match field {
            "address" => &address,
            "url" => &url,
            "phone" => &phone,
            _ => &email,
        };
        if given.is_empty() && !e.contains_key(field) {
            e.insert(field.into(), Msg::new("contact-required"));
        }
    }
    if channel == Some(Channel::Delivery)
        && url.is_empty()
        && phone.is_empty()
        && address.is_empty()
    {
        e.insert("url".into(), Msg::new("contact-required"));
    }
    let Some(channel) = channel else { return Err(e) };
    if !e.is_empty() {
        return Err(e);
    }
    Ok(Checked {
        brand_id,
        name,
        channel,
        region,
        city,
        address,
        url,
        phone,
        email,
        latitude,
        longitude,
        timezone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> LocationInput {
        LocationInput {
            brand_id: "1".into(),
            name: "Downtown".into(),
            channel: "store".into(),
            address: "1 Main St".into(),
            timezone: "Asia/Tehran".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_store_passes() {
        let c = check(&store()).unwrap();
        assert_eq!(c.channel, Channel::Store);
        assert_eq!(c.brand_id, Some(1));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let input = LocationInput {
            brand_id: "x".into(),
            channel: "shop".into(),
            url: "ftp://example.com".into(),
            phone: "call me".into(),
            latitude: "91".into(),
            longitude: "0".into(),
            timezone: "Mars/Olympus".into(),
            ..Default::default()
        };
        let e = check(&input).unwrap_err();
        let keys: Vec<_> = e.keys().map(String::as_str).collect();
        assert_eq!(keys, ["brand_id", "channel", "latitude", "name", "phone", "timezone", "url"]);
        assert_eq!(e["latitude"].key, "coordinate-invalid");
        assert_eq!(e["timezone"].key, "timezone-invalid");
    }

    #[test]
    fn each_channel_needs_its_way_in() {
        for (channel, field) in [
            ("store", "address"),
            ("website", "url"),
            ("phone", "phone"),
            ("email", "email"),
            ("app", "url"),
            ("social", "url"),
            ("delivery", "url"),
        ] {
            let input = LocationInput {
                brand_id: "1".into(),
                name: "X".into(),
                channel: channel.into(),
                timezone: "UTC".into(),
                ..Default::default()
            };
            let e = check(&input).unwrap_err();
            assert_eq!(e[field].key, "contact-required", "{channel}");
        }
    }

    #[test]
    fn coordinates_come_in_pairs() {
        let mut input = store();
        input.latitude = "35.7".into();
        assert_eq!(check(&input).unwrap_err()["longitude"].key, "coordinates-both");
        input.longitude = "51.4".into();
        assert_eq!(check(&input).unwrap().longitude, Some(51.4));
    }

    #[test]
    fn json_numbers_are_accepted_for_numeric_fields() {
        let input: LocationInput = serde_json::from_value(serde_json::json!({
            "brand_id": 3, "name": "N", "channel": "phone", "phone": "+98 21 1234 5678",
            "latitude": 35.7, "longitude": null, "timezone": "Asia/Tehran"
        }))
        .unwrap();
        assert_eq!(input.brand_id, "3");
        assert_eq!(input.latitude, "35.7");
        assert_eq!(input.longitude, "");
    }
}
