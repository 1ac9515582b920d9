//! Editing a draft one piece at a time, as changes to its document: the
//! editor pages load the draft, apply one change, and store the whole
//! document again. Positions are indexes in the document.
use super::document::{ChecklistDoc, CriterionDoc, SectionDoc};
use crate::error::{AppError, AppResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

impl Move {
    pub fn parse(s: &str) -> Option<Move> {
        match s {
            "up" => Some(Move::Up),
            "down" => Some(Move::Down),
            _ => None,
        }
    }
}

/// Moves item `i` one place; at either end it stays where it is.
fn shift<T>(items: &mut [T], i: usize, m: Move) -> AppResult<()> {
    if i >= items.len() {
        return Err(AppError::NotFound);
    }
    match m {
        Move::Up if i > 0 => items.swap(i, i - 1),
        Move::Down if i + 1 < items.len() => items.swap(i, i + 1),
        _ => {}
    }
    Ok(())
}

pub fn section_mut(doc: &mut ChecklistDoc, s: usize) -> AppResult<&mut SectionDoc> {
    doc.sections.get_mut(s).ok_or(AppError::NotFound)
}

pub fn criterion(doc: &ChecklistDoc, s: usize, c: usize) -> AppResult<&CriterionDoc> {
    doc.sections.get(s).and_then(|x| x.criteria.get(c)).ok_or(AppError::NotFound)
}

pub fn add_section(doc: &mut ChecklistDoc, section: SectionDoc) {
    doc.sections.push(section);
}

/// Changes a section's heading, keeping its criteria.
pub fn update_section(
    doc: &mut ChecklistDoc,
    s: usize,
    category: String,
    title: String,
    weight: f64,
) -> AppResult<()> {
    let section = section_mut(doc, s)?;
    section.category = category;
    section.title = title;
    section.weight = weight;
    Ok(())
}

pub fn move_section(doc: &mut ChecklistDoc, s: usize, m: Move) -> AppResult<()> {
    shift(&mut doc.sections, s, m)
}

pub fn delete_section(doc: &mut ChecklistDoc, s: usize) -> AppResult<()> {
    if s >= doc.sections.len() {
        return Err(AppError::NotFound);
    }
    doc.sections.remove(s);
    Ok(())
}

/// Replaces criterion `c` of section `s`, or appends it when `c` is `None`.
pub fn put_criterion(
    doc: &mut ChecklistDoc,
    s: usize,
    c: Option<usize>,
    criterion: CriterionDoc,
) -> AppResult<()> {
    let section = section_mut(doc, s)?;
    match c {
        None => section.criteria.push(criterion),
        Some(c) => *section.criteria.get_mut(c).ok_or(AppError::NotFound)? = criterion,
    }
    Ok(())
}

pub fn move_criterion(doc: &mut ChecklistDoc, s: usize, c: usize, m: Move) -> AppResult<()> {
    shift(&mut section_mut(doc, s)?.criteria, c, m)
}

pub fn delete_criterion(doc: &mut ChecklistDoc, s: usize, c: usize) -> AppResult<()> {
    let criteria = &mut section_mut(doc, s)?.criteria;
    if c >= criteria.len() {
        return Err(AppError::NotFound);
    }
    criteria.remove(c);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklists::document::KindName;

    fn doc() -> ChecklistDoc {
        let section = |cat: &str, codes: &[&str]| SectionDoc {
            id: None,
            category: cat.into(),
            title: cat.into(),
            weight: 1.0,
            criteria: codes.iter().map(|c| CriterionDoc::new(*c, "?", KindName::YesNo)).collect(),
        };
        ChecklistDoc {
            id: None,
            name: "D".into(),
            description: String::new(),
            sections: vec![section("staff", &["A", "B", "C"]), section("stock", &["D"])],
        }
    }

    fn codes(d: &ChecklistDoc, s: usize) -> Vec<&str> {
        d.sections[s].criteria.iter().map(|c| c.code.as_str()).collect()
    }

    #[test]
    fn criteria_move_one_place_and_stop_at_the_ends() {
        let mut d = doc();
        move_criterion(&mut d, 0, 2, Move::Up).unwrap();
        assert_eq!(codes(&d, 0), ["A", "C", "B"]);
        move_criterion(&mut d, 0, 0, Move::Up).unwrap();
        assert_eq!(codes(&d, 0), ["A", "C", "B"]);
        move_criterion(&mut d, 0, 2, Move::Down).unwrap();
        assert_eq!(codes(&d, 0), ["A", "C", "B"]);
        assert!(matches!(move_criterion(&mut d, 0, 9, Move::Up), Err(AppError::NotFound)));
    }

    #[test]
    fn sections_move_and_delete_with_their_criteria() {
        let mut d = doc();
        move_section(&mut d, 1, Move::Up).unwrap();
        assert_eq!(d.sections[0].category, "stock");
        delete_section(&mut d, 0).unwrap();
        assert_eq!(codes(&d, 0), ["A", "B", "C"]);
    }

    #[test]
    fn a_criterion_is_replaced_in_place_or_appended() {
        let mut d = doc();
        put_criterion(&mut d, 1, Some(0), CriterionDoc::new("E", "?", KindName::Text)).unwrap();
        put_criterion(&mut d, 1, None, CriterionDoc::new("F", "?", KindName::Text)).unwrap();
        assert_eq!(codes(&d, 1), ["E", "F"]);
        delete_criterion(&mut d, 1, 0).unwrap();
        assert_eq!(codes(&d, 1), ["F"]);
    }
}
