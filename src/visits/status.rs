use std::fmt;

/// `draft -> submitted -> approved`, or `submitted -> returned ->
/// submitted ...`; a manager may reject (it never counts) or reopen an
/// approved visit (back to returned).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Draft,
    Submitted,
    Returned,
    Approved,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 5] =
        [Status::Draft, Status::Submitted, Status::Returned, Status::Approved, Status::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The shopper may still change the answers.
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Status::Draft => "visit-status-draft",
            Status::Submitted => "visit-status-submitted",
            Status::Returned => "visit-status-returned",
            Status::Approved => "visit-status-approved",
            Status::Rejected => "visit-status-rejected",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
