use std::fmt;

/// A user has exactly one role. Admin can do everything a manager can.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Manager,
    Trainer,
    Shopper,
    /// Answers for one or more own locations: sees only their visits
    /// (with scores), photos and actions, and works on their actions.
    LocationManager,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::Admin, Role::Manager, Role::Trainer, Role::Shopper, Role::LocationManager];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Trainer => "trainer",
            Role::Shopper => "shopper",
            Role::LocationManager => "location_manager",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// Locale key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role-admin",
            Role::Manager => "role-manager",
            Role::Trainer => "role-trainer",
            Role::Shopper => "role-shopper",
            Role::LocationManager => "role-location-manager",
        }
    }

    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }

    /// Sets up brands, locations and checklists; assigns and reviews visits.
    pub fn manages(self) -> bool {
        matches!(self, Role::Admin | Role::Manager)
    }

    /// Reads every visit, photo and scorecard.
    pub fn reads_all_visits(self) -> bool {
        matches!(self, Role::Admin | Role::Manager | Role::Trainer)
    }

    /// Reads the visits, photos and actions of the locations assigned to
    /// them (`user_locations`), and nothing else.
    pub fn is_location_manager(self) -> bool {
        self == Role::LocationManager
    }

    /// Sees a submitted visit's scores among the visits it may read (a
    /// shopper sees theirs only once approved).
    pub fn sees_submitted_scores(self) -> bool {
        self.reads_all_visits() || self.is_location_manager()
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
