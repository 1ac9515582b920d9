use crate::entities::user;
use crate::error::{AppError, AppResult};

use super::Role;

/// The signed-in user acting on a request, by session or by API token.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user: user::Model,
    pub role: Role,
    /// Set when the request carried `Authorization: Bearer`; such requests
    /// need no CSRF token because a browser never adds the header by itself.
    pub token_id: Option<i32>,
}

impl Actor {
    /// Only active users with a known role become actors.
    pub fn from_user(user: user::Model, token_id: Option<i32>) -> Option<Actor> {
        let role = Role::parse(&user.role)?;
        user.active.then_some(Actor { user, role, token_id })
    }

    pub fn id(&self) -> i32 {
        self.user.id
    }

    pub fn require(&self, allowed: impl Fn(Role) -> bool) -> AppResult<()> {
        if allowed(self.role) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    pub fn require_admin(&self) -> AppResult<()> {
        self.require(Role::is_admin)
    }
}
