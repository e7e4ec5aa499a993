//! Working with a [`Codebook`]: its tree of paths, lookup by path and shortcut, validation,
//! shortcut proposals from tag use, and merging an imported codebook.
//!
//! A code's path names its place in the hierarchy, levels separated by `/`
//! (`topic/defence/spending`, shown as "topic ▸ defence ▸ spending"). Parents need not be
//! codes themselves: the tree has a node for every prefix.
//!
//! **Tags and codes.** A claim is coded by putting the code's path, exactly as stored (levels
//! joined with `/`, never the display form with " ▸ "), in [`super::Claim::tags`]. A tag is the
//! code with the same path; a tag under a code (`topic/defence/spending` under `topic/defence`)
//! counts for that code in filters ([`is_under`]) and takes its colour when it has none of its
//! own ([`Codebook::color_for_tag`]). Tags that are no code are allowed (free tagging);
//! [`uncoded_tags`] lists them so the UI can offer to add them to the codebook.
//!
//! **Changing the codebook.** The `with_*`/`without`/`renamed` methods return a new, valid
//! codebook (or the [`CodebookProblem`] that forbids the change) to be applied with
//! [`super::Edit::SetCodebook`]; [`rename_code`] builds the one undo step that also re-tags the
//! claims. Removing a code never removes tags from claims (as [`super::Edit::RemoveTag`]).
//!
//! # Example
//! ```
//! use claimlens::project::{Code, Codebook};
//! let mut book = Codebook {
//!     name: "Desk".into(),
//!     codes: vec![
//!         Code { path: "topic/defence/spending".into(), shortcut: Some(1), ..Code::default() },
//!         Code { path: "topic/economy".into(), ..Code::default() },
//!     ],
//! };
//! book.validate().unwrap();
//! let tree = book.tree();
//! assert_eq!(tree.len(), 1);                  // "topic"
//! assert_eq!(tree[0].children.len(), 2);      // "defence", "economy"
//! assert_eq!(book.by_shortcut(1).unwrap().path, "topic/defence/spending");
//! let imported = Codebook { name: String::new(), codes: vec![
//!     Code { path: "topic/economy".into(), shortcut: Some(1), ..Code::default() },
//! ]};
//! let summary = book.merge(&imported);
//! assert_eq!(summary.updated, 1);
//! assert_eq!(book.by_shortcut(1).unwrap().path, "topic/economy"); // the imported file wins
//! ```

use std::collections::{BTreeMap, BTreeSet};

use super::{Code, Codebook, Edit, Project};

/// The separator between levels of a code path.
pub const SEPARATOR: char = '/';

/// One node of the codebook tree: a path prefix, the code with exactly that path (if any),
/// and its children sorted by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeNode {
    /// The last level's name ("spending").
    pub name: String,
    /// The full path of this node ("topic/defence/spending").
    pub path: String,
    /// Index into [`Codebook::codes`] of the code with this path, if there is one.
    pub code: Option<usize>,
    /// Child nodes, sorted by name.
    pub children: Vec<CodeNode>,
}

/// Why a codebook is not valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodebookProblem {
    /// A path with an empty level, a leading or trailing `/`, or white space around a level.
    #[error("code path {0:?} is not valid (levels separated by '/', none empty or padded)")]
    BadPath(String),
    /// Two codes with one path.
    #[error("code path {0:?} is used twice")]
    DuplicatePath(String),
    /// A shortcut other than 1–9.
    #[error("code {path:?} has shortcut {shortcut}; shortcuts are 1–9")]
    ShortcutOutOfRange {
        /// The code.
        path: String,
        /// Its shortcut.
        shortcut: u8,
    },
    /// No code has this path.
    #[error("there is no code {0:?}")]
    UnknownCode(String),
    /// Two codes with one shortcut.
    #[error("shortcut {shortcut} is given to both {first:?} and {second:?}")]
    DuplicateShortcut {
        /// The shortcut.
        shortcut: u8,
        /// One code.
        first: String,
        /// The other.
        second: String,
    },
}

/// What [`Codebook::merge`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Codes new to this codebook.
    pub added: usize,
    /// Codes present in both, updated from the imported file.
    pub updated: usize,
    /// Codes here that lost their shortcut to an imported code.
    pub shortcuts_taken: usize,
    /// Codes dropped because the import replaced the codebook ([`ImportMode::Replace`]).
    pub removed: usize,
}

/// How an imported codebook meets the project's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImportMode {
    /// [`Codebook::merge`]: keep our codes, add the new ones, update the ones in both from
    /// the file (its colours, shortcuts and non-empty descriptions win).
    #[default]
    Merge,
    /// The codebook becomes exactly the file's, its name included. Claims keep their tags,
    /// so tags of dropped codes become uncoded tags ([`uncoded_tags`]).
    Replace,
}

/// True when `path` is a valid code path.
#[must_use]
pub fn is_valid_path(path: &str) -> bool {
    !path.is_empty() && path.split(SEPARATOR).all(|level| !level.is_empty() && level.trim() == level)
}

/// A path for display: levels joined with " ▸ ".
#[must_use]
pub fn display_path(path: &str) -> String {
    path.split(SEPARATOR).collect::<Vec<_>>().join(" ▸ ")
}

/// The path of `levels` (`["topic", "defence"]` → `"topic/defence"`); levels are trimmed.
/// The result may still be invalid (an empty level, or a level containing `/`): check it with
/// [`is_valid_path`].
#[must_use]
pub fn join_levels<S: AsRef<str>>(levels: &[S]) -> String {
    let trimmed: Vec<&str> = levels.iter().map(|l| l.as_ref().trim()).collect();
    trimmed.join("/")
}

/// The levels of `path` (`"topic/defence"` → `["topic", "defence"]`).
pub fn levels(path: &str) -> impl Iterator<Item = &str> {
    path.split(SEPARATOR)
}

/// True if `tag` is `path` or lies below it (`topic/defence/spending` is under `topic/defence`,
/// `topic/defenceless` is not).
#[must_use]
pub fn is_under(tag: &str, path: &str) -> bool {
    tag.strip_prefix(path).is_some_and(|rest| rest.is_empty() || rest.starts_with(SEPARATOR))
}

/// One row of the codebook tree flattened for display (depth first, children by name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRow {
    /// Nesting depth (0 for a first level).
    pub depth: usize,
    /// The last level's name.
    pub name: String,
    /// The full path.
    pub path: String,
    /// Index into [`Codebook::codes`] of the code with this path, if there is one (a row
    /// without a code is a bare prefix of deeper codes).
    pub code: Option<usize>,
    /// True if rows under this one follow.
    pub has_children: bool,
}

fn flatten(nodes: &[CodeNode], depth: usize, out: &mut Vec<CodeRow>) {
    for n in nodes {
        out.push(CodeRow {
            depth,
            name: n.name.clone(),
            path: n.path.clone(),
            code: n.code,
            has_children: !n.children.is_empty(),
        });
        flatten(&n.children, depth + 1, out);
    }
}

/// Codes of `project`'s codebook by how many claims carry exactly their tag, most used first
/// (ties by path), at most `n`; codes nobody used are left out.
#[must_use]
pub fn most_used(project: &Project, n: usize) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &project.claims {
        for t in &c.tags {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut used: Vec<(String, usize)> = project
        .codebook
        .codes
        .iter()
        .filter_map(|c| counts.get(c.path.as_str()).map(|k| (c.path.clone(), *k)))
        .collect();
    used.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    used.truncate(n);
    used
}

/// Tags used by claims or in the vocabulary that are no code of the codebook, sorted.
#[must_use]
pub fn uncoded_tags(project: &Project) -> Vec<String> {
    project.tag_counts().into_iter().map(|(t, _)| t).filter(|t| project.codebook.code(t).is_none()).collect()
}

/// The one undo step that renames code `from` (and every code below it) to `to` and re-tags
/// the claims and the tag vocabulary accordingly (tags below `from` move along). Claims whose
/// tags change get `modified = now`.
///
/// # Errors
/// As [`Codebook::renamed`]; nothing is built then.
///
/// # Example
/// ```
/// use claimlens::document::{BlockKind, ByteSpan, Document};
/// use claimlens::project::{Claim, ClaimId, Code, Codebook, Project, SourceInfo, codebook::rename_code};
/// let doc = Document::from_blocks([(BlockKind::Paragraph, "Spending rose 5%.")]);
/// let mut p = Project::new(doc, SourceInfo::default());
/// p.codebook.codes.push(Code { path: "topic/defence".into(), ..Code::default() });
/// let mut c = Claim::new(ClaimId(1), p.text(), ByteSpan::new(0, 17), jiff::Timestamp::UNIX_EPOCH);
/// c.tags = vec!["topic/defence/spending".into()];
/// p.claims.push(c);
/// let undo = rename_code(&p, "topic/defence", "topic/security", jiff::Timestamp::UNIX_EPOCH)
///     .unwrap()
///     .apply(&mut p)
///     .unwrap();
/// assert_eq!(p.claims[0].tags, ["topic/security/spending"]);
/// assert!(p.codebook.code("topic/security").is_some());
/// undo.apply(&mut p).unwrap();
/// assert_eq!(p.claims[0].tags, ["topic/defence/spending"]);
/// ```
pub fn rename_code(project: &Project, from: &str, to: &str, now: jiff::Timestamp) -> Result<Edit, CodebookProblem> {
    let book = project.codebook.renamed(from, to)?;
    let mut edits = vec![Edit::SetCodebook(Box::new(book))];
    for claim in &project.claims {
        if claim.tags.iter().any(|t| is_under(t, from)) {
            let mut c = claim.clone();
            let mut tags: Vec<String> = c.tags.iter().map(|t| moved(t, from, to)).collect();
            tags.sort();
            tags.dedup();
            c.tags = tags;
            c.modified = now;
            edits.push(Edit::UpdateClaim(Box::new(c)));
        }
    }
    for t in project.tags.iter().filter(|t| is_under(t, from)) {
        edits.push(Edit::RemoveTag(t.clone()));
        edits.push(Edit::AddTag(moved(t, from, to)));
    }
    Ok(Edit::Batch(edits))
}

/// `tag` with its prefix `from` replaced by `to` (unchanged if not under `from`).
fn moved(tag: &str, from: &str, to: &str) -> String {
    if is_under(tag, from) { format!("{to}{}", &tag[from.len()..]) } else { tag.to_owned() }
}

impl Codebook {
    /// The code with `path`.
    #[must_use]
    pub fn code(&self, path: &str) -> Option<&Code> {
        self.codes.iter().find(|c| c.path == path)
    }

    /// The code with keyboard shortcut `digit` (1–9).
    #[must_use]
    pub fn by_shortcut(&self, digit: u8) -> Option<&Code> {
        self.codes.iter().find(|c| c.shortcut == Some(digit))
    }

    /// The code a claim tag stands for: the code with exactly this path ([`Codebook::code`]).
    #[must_use]
    pub fn code_for_tag(&self, tag: &str) -> Option<&Code> {
        self.code(tag)
    }

    /// The colour to show `tag` in: its code's colour, else that of the nearest code above
    /// it that has one (`topic/defence/spending` takes `topic`'s colour).
    #[must_use]
    pub fn color_for_tag(&self, tag: &str) -> Option<(u8, u8, u8)> {
        self.codes
            .iter()
            .filter(|c| c.color.is_some() && is_under(tag, &c.path))
            .max_by_key(|c| c.path.len())
            .and_then(|c| c.color)
    }

    /// The tree flattened for a list view: depth-first rows, children sorted by name.
    #[must_use]
    pub fn rows(&self) -> Vec<CodeRow> {
        let mut out = Vec::new();
        flatten(&self.tree(), 0, &mut out);
        out
    }

    /// This codebook with `code` added.
    ///
    /// # Errors
    /// A bad or already used path, or a shortcut outside 1–9 or already given to another code
    /// (take it first with [`Codebook::with_shortcut`]).
    pub fn with_code(&self, code: Code) -> Result<Self, CodebookProblem> {
        let mut book = self.clone();
        book.codes.push(code);
        book.validate()?;
        book.sort();
        Ok(book)
    }

    /// This codebook without the code `path`; with `descendants`, also without every code
    /// below it. Claims keep their tags.
    ///
    /// # Errors
    /// [`CodebookProblem::UnknownCode`] if no code has this path (and, with `descendants`,
    /// none is below it).
    pub fn without(&self, path: &str, descendants: bool) -> Result<Self, CodebookProblem> {
        let mut book = self.clone();
        book.codes.retain(|c| if descendants { !is_under(&c.path, path) } else { c.path != path });
        if book.codes.len() == self.codes.len() {
            return Err(CodebookProblem::UnknownCode(path.to_owned()));
        }
        Ok(book)
    }

    /// This codebook with the code `from` and every code below it moved to `to`
    /// (`topic/defence` → `topic/security` also moves `topic/defence/spending`). Renaming a
    /// bare prefix (a tree row without a code) moves the codes below it.
    ///
    /// # Errors
    /// An invalid `to`, nothing at or below `from`, or a clash with an existing code.
    pub fn renamed(&self, from: &str, to: &str) -> Result<Self, CodebookProblem> {
        if !is_valid_path(to) {
            return Err(CodebookProblem::BadPath(to.to_owned()));
        }
        if !self.codes.iter().any(|c| is_under(&c.path, from)) {
            return Err(CodebookProblem::UnknownCode(from.to_owned()));
        }
        let mut book = self.clone();
        for c in &mut book.codes {
            c.path = moved(&c.path, from, to);
        }
        book.validate()?;
        book.sort();
        Ok(book)
    }

    /// This codebook with the colour of code `path` set (`None`: no colour of its own).
    ///
    /// # Errors
    /// [`CodebookProblem::UnknownCode`].
    pub fn with_color(&self, path: &str, color: Option<(u8, u8, u8)>) -> Result<Self, CodebookProblem> {
        self.with_changed(path, |c| c.color = color)
    }

    /// This codebook with the description of code `path` set.
    ///
    /// # Errors
    /// [`CodebookProblem::UnknownCode`].
    pub fn with_description(&self, path: &str, description: &str) -> Result<Self, CodebookProblem> {
        self.with_changed(path, |c| description.clone_into(&mut c.description))
    }

    /// This codebook with shortcut `digit` on code `path` (taken from the code that had it)
    /// or, with `None`, with no shortcut on it.
    ///
    /// # Errors
    /// [`CodebookProblem::UnknownCode`], or a digit outside 1–9.
    pub fn with_shortcut(&self, path: &str, digit: Option<u8>) -> Result<Self, CodebookProblem> {
        let mut book = self.with_changed(path, |c| c.shortcut = digit)?;
        if digit.is_some() {
            for c in book.codes.iter_mut().filter(|c| c.path != path && c.shortcut == digit) {
                c.shortcut = None;
            }
        }
        book.validate()?;
        Ok(book)
    }

    /// This codebook with the free shortcuts given to the most used codes
    /// ([`Codebook::shortcuts_by_use`]); codes that have a shortcut keep it.
    #[must_use]
    pub fn with_shortcuts_by_use(&self, tag_counts: &[(String, usize)]) -> Self {
        let mut book = self.clone();
        for (digit, path) in self.shortcuts_by_use(tag_counts) {
            if let Some(c) = book.codes.iter_mut().find(|c| c.path == path) {
                c.shortcut = Some(digit);
            }
        }
        book
    }

    fn with_changed(&self, path: &str, change: impl FnOnce(&mut Code)) -> Result<Self, CodebookProblem> {
        let mut book = self.clone();
        let code = book
            .codes
            .iter_mut()
            .find(|c| c.path == path)
            .ok_or_else(|| CodebookProblem::UnknownCode(path.to_owned()))?;
        change(code);
        Ok(book)
    }

    /// Sort the codes by path (the stored order).
    pub fn sort(&mut self) {
        self.codes.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// Check paths and shortcuts: valid, unique paths; shortcuts 1–9, each on one code.
    ///
    /// # Errors
    /// The first problem, in code order.
    pub fn validate(&self) -> Result<(), CodebookProblem> {
        let mut paths = BTreeSet::new();
        let mut shortcuts: BTreeMap<u8, &str> = BTreeMap::new();
        for c in &self.codes {
            if !is_valid_path(&c.path) {
                return Err(CodebookProblem::BadPath(c.path.clone()));
            }
            if !paths.insert(c.path.as_str()) {
                return Err(CodebookProblem::DuplicatePath(c.path.clone()));
            }
            if let Some(s) = c.shortcut {
                if !(1..=9).contains(&s) {
                    return Err(CodebookProblem::ShortcutOutOfRange { path: c.path.clone(), shortcut: s });
                }
                if let Some(first) = shortcuts.insert(s, &c.path) {
                    return Err(CodebookProblem::DuplicateShortcut {
                        shortcut: s,
                        first: first.to_owned(),
                        second: c.path.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The hierarchy of paths: one root node per first level, children sorted by name.
    #[must_use]
    pub fn tree(&self) -> Vec<CodeNode> {
        let mut roots: Vec<CodeNode> = Vec::new();
        for (i, c) in self.codes.iter().enumerate() {
            let mut level = &mut roots;
            let mut path = String::new();
            let parts: Vec<&str> = c.path.split(SEPARATOR).collect();
            for (depth, part) in parts.iter().enumerate() {
                if !path.is_empty() {
                    path.push(SEPARATOR);
                }
                path.push_str(part);
                let at = match level.binary_search_by(|n| n.name.as_str().cmp(part)) {
                    Ok(at) => at,
                    Err(at) => {
                        level.insert(
                            at,
                            CodeNode { name: (*part).to_owned(), path: path.clone(), code: None, children: Vec::new() },
                        );
                        at
                    }
                };
                if depth + 1 == parts.len() && level[at].code.is_none() {
                    level[at].code = Some(i);
                }
                level = &mut level[at].children;
            }
        }
        roots
    }

    /// Shortcut proposals from use: codes that have a shortcut keep it; the free digits 1–9
    /// go to the most used codes without one (`tag_counts` as from
    /// [`super::Project::tag_counts`]; ties by path). Returns `(digit, path)` sorted by digit.
    #[must_use]
    pub fn shortcuts_by_use(&self, tag_counts: &[(String, usize)]) -> Vec<(u8, String)> {
        let counts: BTreeMap<&str, usize> = tag_counts.iter().map(|(t, n)| (t.as_str(), *n)).collect();
        let mut out: Vec<(u8, String)> = self
            .codes
            .iter()
            .filter_map(|c| c.shortcut.filter(|s| (1..=9).contains(s)).map(|s| (s, c.path.clone())))
            .collect();
        let mut free: Vec<u8> = (1..=9).filter(|d| !out.iter().any(|(s, _)| s == d)).collect();
        let mut candidates: Vec<(usize, &str)> = self
            .codes
            .iter()
            .filter(|c| c.shortcut.is_none_or(|s| !(1..=9).contains(&s)))
            .map(|c| (counts.get(c.path.as_str()).copied().unwrap_or(0), c.path.as_str()))
            .filter(|(n, _)| *n > 0)
            .collect();
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        free.reverse();
        for (_, path) in candidates {
            let Some(d) = free.pop() else { break };
            out.push((d, path.to_owned()));
        }
        out.sort();
        out
    }

    /// This codebook after importing `incoming` in `mode`, and what changed; feed the result
    /// to [`Edit::SetCodebook`].
    #[must_use]
    pub fn imported(&self, incoming: &Self, mode: ImportMode) -> (Self, MergeSummary) {
        match mode {
            ImportMode::Merge => {
                let mut book = self.clone();
                let summary = book.merge(incoming);
                (book, summary)
            }
            ImportMode::Replace => {
                let in_both = incoming.codes.iter().filter(|c| self.code(&c.path).is_some()).count();
                let summary = MergeSummary {
                    added: incoming.codes.len() - in_both,
                    updated: in_both,
                    shortcuts_taken: 0,
                    removed: self.codes.len() - in_both,
                };
                let mut book = incoming.clone();
                book.sort();
                (book, summary)
            }
        }
    }

    /// Merge `imported` into this codebook: codes are matched by path; new codes are added;
    /// for codes in both, the imported colour and shortcut win (when the imported code has
    /// one) and a non-empty imported description replaces ours. A shortcut the imported file
    /// gives to a code is removed from any other code here. The name is kept unless ours is
    /// empty. Codes end sorted by path.
    pub fn merge(&mut self, imported: &Codebook) -> MergeSummary {
        let mut summary = MergeSummary::default();
        if self.name.is_empty() {
            self.name.clone_from(&imported.name);
        }
        for inc in &imported.codes {
            if let Some(s) = inc.shortcut {
                for c in self.codes.iter_mut().filter(|c| c.path != inc.path && c.shortcut == Some(s)) {
                    c.shortcut = None;
                    summary.shortcuts_taken += 1;
                }
            }
            if let Some(c) = self.codes.iter_mut().find(|c| c.path == inc.path) {
                if inc.color.is_some() {
                    c.color = inc.color;
                }
                if inc.shortcut.is_some() {
                    c.shortcut = inc.shortcut;
                }
                if !inc.description.is_empty() {
                    c.description.clone_from(&inc.description);
                }
                summary.updated += 1;
            } else {
                self.codes.push(inc.clone());
                summary.added += 1;
            }
        }
        self.sort();
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(path: &str, shortcut: Option<u8>) -> Code {
        Code { path: path.into(), shortcut, ..Code::default() }
    }

    #[test]
    fn validation_table() {
        let cases: Vec<(Vec<Code>, Option<&str>)> = vec![
            (vec![code("a", Some(1)), code("a/b", Some(2))], None),
            (vec![code("a//b", None)], Some("not valid")),
            (vec![code("/a", None)], Some("not valid")),
            (vec![code("a ", None)], Some("not valid")),
            (vec![code("", None)], Some("not valid")),
            (vec![code("a", None), code("a", None)], Some("used twice")),
            (vec![code("a", Some(0))], Some("shortcuts are 1–9")),
            (vec![code("a", Some(10))], Some("shortcuts are 1–9")),
            (vec![code("a", Some(3)), code("b", Some(3))], Some("shortcut 3")),
        ];
        for (codes, want) in cases {
            let book = Codebook { name: String::new(), codes };
            match (book.validate(), want) {
                (Ok(()), None) => {}
                (Err(e), Some(w)) => assert!(e.to_string().contains(w), "{e}"),
                (got, want) => panic!("{book:?}: {got:?}, wanted {want:?}"),
            }
        }
    }

    #[test]
    fn tree_has_a_node_per_prefix() {
        let book = Codebook {
            name: String::new(),
            codes: vec![code("topic/defence/spending", None), code("topic", None), code("actor/nato", None)],
        };
        let tree = book.tree();
        let names: Vec<&str> = tree.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["actor", "topic"]);
        assert_eq!(tree[1].code, Some(1));
        let defence = &tree[1].children[0];
        assert_eq!((defence.path.as_str(), defence.code), ("topic/defence", None));
        assert_eq!(defence.children[0].code, Some(0));
        assert_eq!(display_path("topic/defence/spending"), "topic ▸ defence ▸ spending");
    }

    #[test]
    fn shortcuts_go_to_the_most_used() {
        let book = Codebook {
            name: String::new(),
            codes: vec![code("a", Some(1)), code("b", None), code("c", None), code("d", None)],
        };
        let counts = vec![("a".into(), 1), ("b".into(), 5), ("c".into(), 9), ("d".into(), 0)];
        assert_eq!(book.shortcuts_by_use(&counts), vec![(1, "a".into()), (2, "c".into()), (3, "b".into())]);
        let many = Codebook { name: String::new(), codes: (0..12).map(|i| code(&format!("t{i:02}"), None)).collect() };
        let counts: Vec<(String, usize)> = (0..12).map(|i| (format!("t{i:02}"), 100 - i)).collect();
        let got = many.shortcuts_by_use(&counts);
        assert_eq!(got.len(), 9);
        assert_eq!(got[8], (9, "t08".into()));
    }

    #[test]
    fn merge_semantics() {
        let mut ours = Codebook {
            name: "ours".into(),
            codes: vec![
                Code { path: "a".into(), color: Some((1, 2, 3)), shortcut: Some(1), description: "mine".into() },
                code("b", Some(2)),
            ],
        };
        let theirs = Codebook {
            name: "theirs".into(),
            codes: vec![
                Code { path: "a".into(), color: None, shortcut: None, description: String::new() },
                Code { path: "b".into(), color: Some((9, 9, 9)), shortcut: None, description: "theirs".into() },
                code("c", Some(1)),
            ],
        };
        let s = ours.merge(&theirs);
        assert_eq!(s, MergeSummary { added: 1, updated: 2, shortcuts_taken: 1, removed: 0 });
        assert_eq!(ours.name, "ours");
        let a = ours.code("a").unwrap();
        assert_eq!((a.color, a.shortcut, a.description.as_str()), (Some((1, 2, 3)), None, "mine"));
        let b = ours.code("b").unwrap();
        assert_eq!((b.color, b.shortcut, b.description.as_str()), (Some((9, 9, 9)), Some(2), "theirs"));
        assert_eq!(ours.by_shortcut(1).unwrap().path, "c");
        assert!(ours.validate().is_ok());
        let paths: Vec<&str> = ours.codes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["a", "b", "c"]);
    }

    #[test]
    fn replace_semantics() {
        let ours = Codebook { name: "ours".into(), codes: vec![code("a", Some(1)), code("b", None)] };
        let theirs = Codebook { name: "theirs".into(), codes: vec![code("c", None), code("b", Some(2))] };
        let (book, s) = ours.imported(&theirs, ImportMode::Replace);
        assert_eq!(s, MergeSummary { added: 1, updated: 1, shortcuts_taken: 0, removed: 1 });
        assert_eq!(book.name, "theirs");
        assert_eq!(book.codes, [code("b", Some(2)), code("c", None)]);
        let (merged, s) = ours.imported(&theirs, ImportMode::Merge);
        assert_eq!((s.added, s.updated, s.removed), (1, 1, 0));
        assert_eq!(merged.codes.len(), 3);
    }

    fn coded_project() -> Project {
        use crate::document::{BlockKind, ByteSpan, Document};
        use crate::project::{Claim, ClaimId, SourceInfo};
        let text = "One. Two. Three.";
        let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, text)]), SourceInfo::default());
        p.codebook = Codebook {
            name: "Desk".into(),
            codes: vec![
                Code { path: "topic".into(), color: Some((1, 1, 1)), ..Code::default() },
                code("topic/defence", Some(1)),
                code("topic/defence/spending", None),
                code("topic/economy", None),
                code("actor", None),
            ],
        };
        let t0 = jiff::Timestamp::UNIX_EPOCH;
        let tagged = |id: u128, start: usize, end: usize, tags: &[&str]| {
            let mut c = Claim::new(ClaimId(id), text, ByteSpan::new(start, end), t0);
            c.tags = tags.iter().map(|t| (*t).to_owned()).collect();
            c
        };
        p.claims = vec![
            tagged(1, 0, 4, &["topic/defence/spending", "free"]),
            tagged(2, 5, 9, &["topic/defence/spending"]),
            tagged(3, 10, 16, &["topic/economy", "topic/defence"]),
        ];
        p.tags = vec!["topic/defence/spending".into(), "zzz".into()];
        p
    }

    #[test]
    fn levels_and_under() {
        assert_eq!(join_levels(&["topic", " defence ", "spending"]), "topic/defence/spending");
        assert_eq!(levels("a/b").collect::<Vec<_>>(), ["a", "b"]);
        assert!(is_under("a/b/c", "a/b") && is_under("a/b", "a/b"));
        assert!(!is_under("a/bc", "a/b") && !is_under("a", "a/b"));
    }

    #[test]
    fn rows_are_depth_first() {
        let p = coded_project();
        let rows = p.codebook.rows();
        let shown: Vec<String> = rows.iter().map(|r| format!("{}{}", " ".repeat(r.depth), r.name)).collect();
        assert_eq!(shown, ["actor", "topic", " defence", "  spending", " economy"]);
        assert_eq!((rows[1].path.as_str(), rows[1].code.is_some(), rows[1].has_children), ("topic", true, true));
        assert!(!rows[3].has_children);
        let bare = Codebook { name: String::new(), codes: vec![code("x/y", None)] };
        let r = bare.rows();
        assert_eq!((r[0].code, r[0].has_children, r[1].depth), (None, true, 1));
    }

    #[test]
    fn colours_inherit_from_the_nearest_coloured_code() {
        let p = coded_project();
        let book = p.codebook.with_color("topic/defence", Some((2, 2, 2))).unwrap();
        assert_eq!(book.color_for_tag("topic/defence/spending"), Some((2, 2, 2)));
        assert_eq!(book.color_for_tag("topic/economy"), Some((1, 1, 1)));
        assert_eq!(book.color_for_tag("topical"), None);
        assert_eq!(book.color_for_tag("free"), None);
        assert_eq!(p.codebook.with_color("nope", None), Err(CodebookProblem::UnknownCode("nope".into())));
    }

    #[test]
    fn add_remove_shortcut_describe() {
        let p = coded_project();
        let book = p.codebook.with_code(code("actor/nato", Some(2))).unwrap();
        assert_eq!(book.codes.iter().map(|c| c.path.as_str()).collect::<Vec<_>>()[..2], ["actor", "actor/nato"]);
        assert!(matches!(book.with_code(code("actor", None)), Err(CodebookProblem::DuplicatePath(_))));
        assert!(matches!(book.with_code(code("x", Some(2))), Err(CodebookProblem::DuplicateShortcut { .. })));
        assert!(matches!(book.with_code(code("x/", None)), Err(CodebookProblem::BadPath(_))));
        let moved = book.with_shortcut("topic/economy", Some(2)).unwrap();
        assert_eq!(moved.by_shortcut(2).unwrap().path, "topic/economy");
        assert_eq!(moved.code("actor/nato").unwrap().shortcut, None);
        assert!(book.with_shortcut("actor", Some(0)).is_err());
        assert_eq!(book.with_shortcut("topic/defence", None).unwrap().by_shortcut(1), None);
        let described = book.with_description("actor", "who").unwrap();
        assert_eq!(described.code("actor").unwrap().description, "who");
        let fewer = book.without("topic/defence", false).unwrap();
        assert!(fewer.code("topic/defence").is_none() && fewer.code("topic/defence/spending").is_some());
        let pruned = book.without("topic", true).unwrap();
        assert_eq!(pruned.codes.len(), 2);
        assert!(book.without("nope", true).is_err());
    }

    #[test]
    fn most_used_and_uncoded() {
        let p = coded_project();
        assert_eq!(
            most_used(&p, 9),
            [
                ("topic/defence/spending".to_owned(), 2),
                ("topic/defence".to_owned(), 1),
                ("topic/economy".to_owned(), 1)
            ]
        );
        assert_eq!(most_used(&p, 1).len(), 1);
        assert_eq!(uncoded_tags(&p), ["free", "zzz"]);
        let book = p.codebook.with_shortcuts_by_use(&p.tag_counts());
        assert_eq!(book.by_shortcut(1).unwrap().path, "topic/defence");
        assert_eq!(book.by_shortcut(2).unwrap().path, "topic/defence/spending");
        assert_eq!(book.by_shortcut(3).unwrap().path, "topic/economy");
        assert!(book.validate().is_ok());
    }

    #[test]
    fn rename_moves_the_subtree_and_the_tags_in_one_undo_step() {
        let mut p = coded_project();
        let before = p.clone();
        let now = jiff::Timestamp::from_second(1_000).unwrap();
        let undo = rename_code(&p, "topic/defence", "security", now).unwrap().apply(&mut p).unwrap();
        let paths: Vec<&str> = p.codebook.codes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["actor", "security", "security/spending", "topic", "topic/economy"]);
        assert_eq!(p.codebook.by_shortcut(1).unwrap().path, "security");
        assert_eq!(p.claims[0].tags, ["free", "security/spending"]);
        assert_eq!(p.claims[0].modified, now);
        assert_eq!(p.claims[2].tags, ["security", "topic/economy"]);
        assert_eq!(p.tags, ["security/spending", "zzz"]);
        undo.apply(&mut p).unwrap();
        assert_eq!(p, before);
        assert!(matches!(
            rename_code(&p, "topic/defence", "topic/economy", now),
            Err(CodebookProblem::DuplicatePath(_))
        ));
        assert!(matches!(rename_code(&p, "nope", "x", now), Err(CodebookProblem::UnknownCode(_))));
        assert!(matches!(rename_code(&p, "actor", "a//b", now), Err(CodebookProblem::BadPath(_))));
    }
}
