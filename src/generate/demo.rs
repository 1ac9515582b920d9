//! The demo programme: three brands (one own, two competitors) and a dozen
//! named places over several channels, a year of visits in every status.
use chrono::Utc;

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

const DEMO_BRANDS: [(&str, bool, &str); 3] = [
    ("Cedar Market", true, "#1d4ed8"),
    ("Northwind", false, "#b91c1c"),
    ("Contoso", false, "#15803d"),
];

/// Brand, channel, name, region, city, address, URL, phone, coordinates.
type Row = (
    usize,
    Channel,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<(f64, f64)>,
);

const DEMO_PLACES: [Row; 12] = [
    (
        0,
        Channel::Store,
        "Cedar Market Riverside",
        "North",
        "Riverside",
        "14 Mill Lane, Riverside RS1 4AB",
        "",
        "+44 20 7946 0101",
        Some((51.5072, -0.1276)),
    ),
    (
        0,
        Channel::Store,
        "Cedar Market Old Town",
        "South",
        "Old Town",
        "2 Market Square, Old Town OT3 9QD",
        "",
        "+44 20 7946 0102",
        Some((51.4545, -2.5879)),
    ),
    (
        0,
        Channel::Website,
        "cedarmarket.example",
        "National",
        "Online",
        "",
        "https://cedarmarket.example",
        "",
        None,
    ),
    (
        0,
        Channel::Phone,
        "Cedar Market customer line",
        "National",
        "Phone",
        "",
        "",
        "+44 800 046 0100",
        None,
    ),
    (
        0,
        Channel::Delivery,
        "Cedar Market home delivery",
        "North",
        "Riverside",
        "",
        "https://cedarmarket.example/delivery",
        "+44 20 7946 0199",
        None,
    ),
    (
        1,
        Channel::Store,
        "Northwind High Street",
        "North",
        "Riverside",
        "88 High Street, Riverside RS2 1LT",
        "",
        "+44 20 7946 0201",
        Some((51.5101, -0.1340)),
    ),
    (
        1,
        Channel::Store,
        "Northwind Harbour",
        "South",
        "Old Town",
        "5 Quay Road, Old Town OT1 2HF",
        "",
        "+44 20 7946 0202",
        Some((51.4490, -2.5960)),
    ),
    (
        1,
        Channel::Website,
        "northwind.example",
        "National",
        "Online",
        "",
        "https://northwind.example",
        "",
        None,
    ),
    (
        1,
        Channel::App,
        "Northwind app",
        "National",
        "Online",
        "",
        "https://northwind.example/app",
        "",
        None,
    ),
    (
        2,
        Channel::Store,
        "Contoso Central",
        "North",
        "Riverside",
        "301 Station Road, Riverside RS4 7NP",
        "",
        "+44 20 7946 0301",
        Some((51.5150, -0.1420)),
    ),
    (
        2,
        Channel::Phone,
        "Contoso sales line",
        "National",
        "Phone",
        "",
        "",
        "+44 800 046 0300",
        None,
    ),
    (
        2,
        Channel::Delivery,
        "Contoso express delivery",
        "South",
        "Old Town",
        "",
        "https://contoso.example/express",
        "+44 20 7946 0399",
        None,
    ),
];

impl Plan {
    /// A small, believable programme for `yardstick --demo`: a few hundred
    /// visits over the past year, in every status.
    pub fn demo(locale: Locale) -> Plan {
        let places = DEMO_PLACES
            .iter()
            .map(|&(brand, channel, name, region, city, address, url, phone, at)| Place {
                brand,
                channel,
                name: name.into(),
                region: region.into(),
                city: city.into(),
                address: address.into(),
                url: url.into(),
                phone: phone.into(),
                email: String::new(),
                at,
                timezone: "Europe/London".into(),
            })
            .collect::<Vec<_>>();
        Plan {
            visits: 320,
            seed: 2026,
            brands: DEMO_BRANDS.len(),
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
            brand_list: DEMO_BRANDS.to_vec(),
        }
    }
}
