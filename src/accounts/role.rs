use std::fmt;

/// A user has exactly one role. Admin can do everything a manager can.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Manager,
    Trainer,
    Shopper,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Manager, Role::Trainer, Role::Shopper];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Trainer => "trainer",
            Role::Shopper => "shopper",
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
        !matches!(self, Role::Shopper)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
