//! The demo programme: three brands (one own, two competitors) and a dozen
//! named places over several channels, a year of visits in every status.
use chrono::Utc;
use serde::Deserialize;

use super::Plan;
use crate::i18n::Locale;
use crate::places::Channel;
use crate::visits::Status;

/// One location to create, as a manager would enter it.
#[derive(Clone, Debug)]
pub struct Place {
    /// Index into the plan's brands.
    pub brand: usize,
    pub channel: Channel,
    pub name: String,
    pub region: String,
    pub city: String,
    pub address: String,
    pub url: String,
    pub phone: String,
    pub email: String,
    /// Latitude and longitude, where there is a door to walk through.
    pub at: Option<(f64, f64)>,
    pub timezone: String,
}

impl Default for Place {
    fn default() -> Place {
        Place {
            brand: 0,
            channel: Channel::Store,
            name: String::new(),
            region: String::new(),
            city: String::new(),
            address: String::new(),
            url: String::new(),
            phone: String::new(),
            email: String::new(),
            at: None,
            timezone: "UTC".into(),
        }
    }
}

/// The demo's brands and places in one language (`assets/demo/demo.*.json`):
/// names, regions and addresses a user of that language would recognise.
#[derive(Deserialize)]
struct DemoData {
    timezone: String,
    brands: Vec<DemoBrand>,
    places: Vec<DemoPlace>,
}

#[derive(Deserialize)]
struct DemoBrand {
    name: String,
    own: bool,
    color: String,
}

#[derive(Deserialize)]
struct DemoPlace {
    brand: usize,
    channel: String,
    name: String,
    region: String,
    city: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    at: Option<(f64, f64)>,
}

fn demo_data(locale: Locale) -> DemoData {
    let text = match locale {
        Locale::En => include_str!("../../assets/demo/demo.en.json"),
        Locale::Fa => include_str!("../../assets/demo/demo.fa.json"),
        Locale::Ar => include_str!("../../assets/demo/demo.ar.json"),
    };
    serde_json::from_str(text).expect("the demo files are valid (tested)")
}

impl Plan {
    /// A small, believable programme for `yardstick --demo`: a few hundred
    /// visits over the past year, in every status.
    pub fn demo(locale: Locale) -> Plan {
        let data = demo_data(locale);
        let places = data
            .places
            .into_iter()
            .map(|p| Place {
                brand: p.brand,
                channel: Channel::parse(&p.channel).expect("the demo files name channels (tested)"),
                name: p.name,
                region: p.region,
                city: p.city,
                address: p.address,
                url: p.url,
                phone: p.phone,
                email: String::new(),
                at: p.at,
                timezone: data.timezone.clone(),
            })
            .collect::<Vec<_>>();
        let brand_list: Vec<(String, bool, String)> =
            data.brands.into_iter().map(|b| (b.name, b.own, b.color)).collect();
        Plan {
            visits: 320,
            seed: 2026,
            brands: brand_list.len(),
            locations: places.len(),
            years: 1,
            // Up to today's midnight: no visit in the future.
            end: Utc::now().date_naive(),
            statuses: vec![
                (Status::Approved, 70),
                (Status::Submitted, 10),
                (Status::Returned, 6),
                (Status::Rejected, 5),
                (Status::Draft, 9),
            ],
            batch: 10_000,
            accounts: "demo",
            locale,
            places,
            brand_list,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_the_same_programme_in_every_language() {
        let en = demo_data(Locale::En);
        for l in [Locale::Fa, Locale::Ar] {
            let other = demo_data(l);
            assert_eq!(other.brands.len(), en.brands.len());
            assert!(other.timezone.parse::<chrono_tz::Tz>().is_ok());
            let shape = |d: &DemoData| -> Vec<(usize, Option<Channel>, bool)> {
                d.places
                    .iter()
                    .map(|p| (p.brand, Channel::parse(&p.channel), p.at.is_some()))
                    .collect()
            };
            assert_eq!(shape(&other), shape(&en), "{l:?}");
            // Names in the language's own script, not English left over.
            assert!(
                other.places.iter().all(|p| p.channel == "website"
                    || !p.name.chars().next().unwrap().is_ascii_alphabetic()),
                "{l:?}"
            );
        }
    }
}
