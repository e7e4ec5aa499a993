//! Working with a [`Codebook`]: its tree of paths, lookup by path and shortcut, validation,
//! shortcut proposals from tag use, and merging an imported codebook.
//!
//! A code's path names its place in the hierarchy, levels separated by `/`
//! (`topic/defence/spending`, shown as "topic ▸ defence ▸ spending"). Parents need not be
//! codes themselves: the tree has a node for every prefix.
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

use super::{Code, Codebook};

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
        assert_eq!(s, MergeSummary { added: 1, updated: 2, shortcuts_taken: 1 });
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
}
