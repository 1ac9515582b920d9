//! argon2id hashing (password-auth) off the async threads, and the strength
//! rule for new passwords.
use crate::i18n::Msg;

pub const MIN_LENGTH: usize = 10;

pub async fn hash(password: &str) -> anyhow::Result<String> {
    let password = password.to_owned();
    Ok(tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await?)
}

pub async fn verify(password: &str, hash: &str) -> anyhow::Result<bool> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    Ok(tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await?)
}

/// A hash of a password nobody has, verified against when the email is
/// unknown so that a wrong email takes as long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| password_auth::generate_hash("yardstick-no-such-user"))
}

/// Long enough, and not guessable by zxcvbn's dictionaries and patterns
/// (which also catch the user's own email and name).
pub fn check_strength(password: &str, user_inputs: &[&str]) -> Result<(), Msg> {
    if password.is_empty() {
        return Err(Msg::new("field-required"));
    }
    if password.chars().count() < MIN_LENGTH {
        return Err(Msg::new("password-too-short").with_int("min", MIN_LENGTH as i64));
    }
    let weak = zxcvbn::zxcvbn(password, user_inputs).score() < zxcvbn::Score::Three;
    if weak {
        return Err(Msg::new("password-too-weak"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_short_and_common_passwords_are_refused() {
        assert_eq!(check_strength("", &[]).unwrap_err().key, "field-required");
        assert_eq!(check_strength("abc", &[]).unwrap_err().key, "password-too-short");
        assert_eq!(check_strength("password123", &[]).unwrap_err().key, "password-too-weak");
        assert_eq!(check_strength("aaaaaaaaaaaa", &[]).unwrap_err().key, "password-too-weak");
    }

    #[test]
    fn a_password_made_of_the_users_email_is_weak() {
        let email = "maryam.karimi@example.com";
        assert!(check_strength(email, &[email]).is_err());
    }

    #[test]
    fn a_long_passphrase_is_accepted() {
        assert!(check_strength("tangerine orbit cello 42", &[]).is_ok());
    }

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let h = hash("tangerine orbit cello 42").await.unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("tangerine orbit cello 42", &h).await.unwrap());
        assert!(!verify("tangerine orbit cello 43", &h).await.unwrap());
    }
}
