use std::fmt;

/// Where a customer meets a brand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Store,
    Website,
    Phone,
    Email,
    App,
    Delivery,
    Social,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::Store,
        Channel::Website,
        Channel::Phone,
        Channel::Email,
        Channel::App,
        Channel::Delivery,
        Channel::Social,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Store => "store",
            Channel::Website => "website",
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::App => "app",
            Channel::Delivery => "delivery",
            Channel::Social => "social",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Channel::Store => "channel-store",
            Channel::Website => "channel-website",
            Channel::Phone => "channel-phone",
            Channel::Email => "channel-email",
            Channel::App => "channel-app",
            Channel::Delivery => "channel-delivery",
            Channel::Social => "channel-social",
        }
    }

    /// The contact field a shopper needs to reach this kind of touchpoint.
    pub fn contact_field(self) -> Option<&'static str> {
        match self {
            Channel::Store => Some("address"),
            Channel::Website | Channel::App | Channel::Social => Some("url"),
            Channel::Phone => Some("phone"),
            Channel::Email => Some("email"),
            // A delivery service is reached through any of them.
            Channel::Delivery => None,
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
