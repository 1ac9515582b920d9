//! The shopper's form sent whole: the answers saved, the photos that came
//! with it added, one removed, and the visit submitted when asked. Answers
//! and photos that are refused come back as problems beside their fields,
//! and everything else is kept: one bad number or one bad photo never
//! costs the shopper the rest.
use uuid::Uuid;

use super::Evidence;
use super::photos::{self, NewPhoto};
use crate::accounts::Actor;
use crate::checklists::cache::ScoringCache;
use crate::db::Db;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;
use crate::visits::draft::{self, DraftInput};
use crate::visits::submit;

/// What the shopper asked for with the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Save,
    /// The page's script saving as the shopper types: answers only, and
    /// never a submit, whatever else the request carries.
    Autosave,
    Submit,
    /// Save, and remove this photo of the visit.
    RemovePhoto(String),
}

impl Action {
    /// The form's `action` button value; anything else saves.
    pub fn parse(value: &str) -> Action {
        match value {
            "autosave" => Action::Autosave,
            "submit" => Action::Submit,
            _ => match value.strip_prefix("remove:") {
                Some(id) => Action::RemovePhoto(id.to_owned()),
                None => Action::Save,
            },
        }
    }
}

pub struct Sent {
    pub input: DraftInput,
    pub action: Action,
    /// Photos sent with the form, by criterion code (none: the visit's).
    pub photos: Vec<(Option<String>, Vec<u8>)>,
    /// Photos left out because those before them used up the upload's
    /// limit: the shopper adds them again.
    pub left_out: Vec<Option<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    Saved,
    PhotoRemoved,
    Submitted,
}

/// The field a problem with a criterion's photos is shown beside
/// (`photos.` alone: the visit's own photos).
pub fn photo_key(code: Option<&str>) -> String {
    format!("photos.{}", code.unwrap_or(""))
}

/// Saves the form. A validation error lists every problem, keyed by field;
/// what was valid is stored all the same (see
/// [`draft::save_draft_keeping_valid`]), unless the save itself was refused.
pub async fn save(
    db: &Db,
    evidence: &Evidence,
    cache: &ScoringCache,
    actor: &Actor,
    id: Uuid,
    sent: Sent,
) -> AppResult<Done> {
    let (_, mut problems) =
        draft::save_draft_keeping_valid(db, cache, actor, id, &sent.input).await?;
    if sent.action == Action::Autosave {
        return if problems.is_empty() {
            Ok(Done::Saved)
        } else {
            Err(AppError::Validation(problems))
        };
    }
    problems.extend(attach(db, evidence, actor, id, sent.photos).await?);
    for code in sent.left_out {
        let mb = (evidence.config.max_bytes / 1_000_000) as i64;
        problems.insert(
            photo_key(code.as_deref()),
            Msg::new("photo-left-out").with_int("megabytes", mb),
        );
    }
    if let Action::RemovePhoto(photo) = &sent.action {
        photos::delete(db, evidence, actor, photo).await?;
    }
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    Ok(match sent.action {
        Action::Submit => {
            submit::submit(db, cache, actor, id).await?;
            Done::Submitted
        }
        Action::RemovePhoto(_) => Done::PhotoRemoved,
        Action::Save | Action::Autosave => Done::Saved,
    })
}

/// Adds the photos; a refused one becomes a problem beside its criterion,
/// and the others are still kept.
async fn attach(
    db: &Db,
    evidence: &Evidence,
    actor: &Actor,
    id: Uuid,
    files: Vec<(Option<String>, Vec<u8>)>,
) -> AppResult<FieldErrors> {
    let mut errors = FieldErrors::new();
    for (criterion, bytes) in files {
        let key = photo_key(criterion.as_deref());
        let v = photos::editable_visit(db, actor, id).await?;
        let input = NewPhoto { bytes, criterion, caption: String::new(), client_id: None };
        let msg = match photos::add(db, evidence, actor, &v, input).await {
            Ok(_) => continue,
            Err(AppError::TooLarge) => Msg::new("error-too-large"),
            Err(AppError::UnsupportedMedia) => Msg::new("error-unsupported-media"),
            Err(AppError::Validation(e)) => {
                e.into_values().next().unwrap_or_else(|| Msg::new("photo-upload-failed"))
            }
            Err(e) => return Err(e),
        };
        errors.insert(key, msg);
    }
    Ok(errors)
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn the_forms_buttons_are_read_and_anything_else_saves() {
        assert_eq!(Action::parse("submit"), Action::Submit);
        assert_eq!(Action::parse("autosave"), Action::Autosave);
        assert_eq!(Action::parse("remove:abc"), Action::RemovePhoto("abc".into()));
        assert_eq!(Action::parse(""), Action::Save);
        assert_eq!(Action::parse("delete everything"), Action::Save);
    }
}
