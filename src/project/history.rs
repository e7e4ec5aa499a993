//! [`History`]: bounded undo and redo stacks of [`Edit`]s.

use super::{Edit, EditError, Project};

/// One undo step: the edit that reverts a change, with a label for the menu.
#[derive(Clone, Debug)]
struct Step {
    inverse: Edit,
    label: String,
    /// Consecutive steps with the same key (e.g. typing into one claim's note) merge.
    coalesce: Option<String>,
    /// Serial number of the state this step leads to.
    state: u64,
}

/// Undo and redo stacks. Not serialisable: history belongs to a session, not to the file.
#[derive(Clone, Debug)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    limit: usize,
    next_state: u64,
    /// The serial of the state the project is in now (0 = as loaded).
    current: u64,
}

impl Default for History {
    fn default() -> Self {
        Self::new(1000)
    }
}

impl History {
    /// An empty history keeping at most `limit` undo steps.
    #[must_use]
    pub fn new(limit: usize) -> Self {
        Self { undo: Vec::new(), redo: Vec::new(), limit: limit.max(1), next_state: 1, current: 0 }
    }

    /// Apply `edit` to `project` and record it. With `coalesce = Some(key)`, an edit following
    /// one with the same key joins its undo step (so typing a note is one undo, not one per
    /// key).
    ///
    /// # Errors
    /// If the edit does not apply; nothing is recorded then.
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
        coalesce: Option<String>,
    ) -> Result<(), EditError> {
        let inverse = edit.apply(project)?;
        if inverse.is_noop() {
            return Ok(());
        }
        self.redo.clear();
        let state = self.bump();
        if let Some(key) = &coalesce
            && let Some(top) = self.undo.last_mut()
            && top.coalesce.as_ref() == Some(key)
        {
            // Undoing the merged step must undo the newer change first, then the older one.
            let older = std::mem::replace(&mut top.inverse, Edit::Batch(Vec::new()));
            top.inverse = inverse.then(older);
            top.state = state;
            return Ok(());
        }
        self.undo.push(Step { inverse, label: label.into(), coalesce, state });
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        Ok(())
    }

    fn bump(&mut self) -> u64 {
        let s = self.next_state;
        self.next_state += 1;
        self.current = s;
        s
    }

    /// Stop coalescing: the next edit starts a new undo step even with the same key.
    pub fn seal(&mut self) {
        if let Some(top) = self.undo.last_mut() {
            top.coalesce = None;
        }
    }

    /// Undo the last step. Returns its label, or `None` if there is nothing to undo.
    ///
    /// # Errors
    /// If the stored inverse no longer applies (a bug); the step is dropped.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(step) = self.undo.pop() else { return Ok(None) };
        let redo = step.inverse.apply(project)?;
        self.current = self.undo.last().map_or(0, |s| s.state);
        let label = step.label.clone();
        self.redo.push(Step { inverse: redo, label: step.label, coalesce: None, state: step.state });
        Ok(Some(label))
    }

    /// Redo the last undone step. Returns its label, or `None` if there is nothing to redo.
    ///
    /// # Errors
    /// If the stored edit no longer applies (a bug); the step is dropped.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(step) = self.redo.pop() else { return Ok(None) };
        let undo = step.inverse.apply(project)?;
        self.current = step.state;
        let label = step.label.clone();
        self.undo.push(Step { inverse: undo, label: step.label, coalesce: None, state: step.state });
        Ok(Some(label))
    }

    /// What [`History::undo`] would change in `project`.
    #[must_use]
    pub fn undo_touches(&self, project: &Project) -> super::Touches {
        self.undo.last().map_or_else(super::Touches::default, |s| s.inverse.touches(project))
    }

    /// What [`History::redo`] would change in `project`.
    #[must_use]
    pub fn redo_touches(&self, project: &Project) -> super::Touches {
        self.redo.last().map_or_else(super::Touches::default, |s| s.inverse.touches(project))
    }

    /// Label of the step [`History::undo`] would undo.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the step [`History::redo`] would redo.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// An id of the project's current state: equal ids mean equal projects (as far as edits
    /// go). Compare with the id saved last to know if there are unsaved changes.
    #[must_use]
    pub fn state_id(&self) -> u64 {
        self.current
    }

    /// Forget everything (after opening another project).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.current = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, ByteSpan, Document};
    use crate::project::{Claim, ClaimId, SourceInfo};

    static_assertions::assert_not_impl_any!(History: serde::Serialize);

    #[test]
    fn coalesced_typing_is_one_undo_and_state_ids_track_saves() {
        let doc = Document::from_blocks([(BlockKind::Paragraph, "Text of the article.")]);
        let mut p = Project::new(doc, SourceInfo::default());
        let mut h = History::default();
        let c = Claim::new(ClaimId(1), p.text(), ByteSpan::new(0, 4), jiff::Timestamp::UNIX_EPOCH);
        h.apply(&mut p, Edit::AddClaim(Box::new(c.clone())), "Tag claim", None).unwrap();
        let saved = h.state_id();
        let after_add = p.clone();
        for s in ["a", "ab", "abc"] {
            let mut c2 = p.claims[0].clone();
            c2.note = s.into();
            h.apply(&mut p, Edit::UpdateClaim(Box::new(c2)), "Edit note", Some("note C1".into())).unwrap();
        }
        assert_ne!(h.state_id(), saved);
        assert_eq!(h.undo(&mut p).unwrap().as_deref(), Some("Edit note"));
        assert_eq!(p, after_add);
        assert_eq!(h.state_id(), saved);
        h.redo(&mut p).unwrap();
        assert_eq!(p.claims[0].note, "abc");
        h.undo(&mut p).unwrap();
        h.undo(&mut p).unwrap();
        assert!(p.claims.is_empty());
        assert_eq!(h.state_id(), 0);
        assert_eq!(h.undo(&mut p).unwrap(), None);
    }
}
