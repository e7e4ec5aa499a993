//! ClaimLens: a reader and annotator for news articles.
//!
//! The engine is free of any GUI and is shared by the window, the command line and the tests:
//!
//! - [`document`]: the canonical text of an article and its blocks; [`document::ByteSpan`]
//!   is the one span type.
//! - [`nlp`]: entity recognition behind [`nlp::EntityRecognizer`].
//! - [`project`]: claims, entity corrections, tags, view state; [`project::Edit`] values with
//!   inverses give undo and redo.
//! - [`team`]: coders working on the same articles: agreement (`α_u`, κ, α), comparison and
//!   adjudication, three-way merge of project files by annotation id.
//! - [`corpus`]: many articles in one workspace: manifest, search, entities and claims across
//!   documents.
//! - [`factcheck`]: the local fact-check library (`ClaimReview` feeds, a tantivy index) and
//!   claim matching: "has this been checked before?"
//! - [`io`]: importing articles (text, Markdown, HTML, XML in any common encoding) and
//!   loading/saving project files atomically.
//! - `ui` (feature `gui`): the egui window. The only module that names egui.
//!
//! # Example
//! ```
//! use claimlens::{io, nlp::Pipeline, project::Project};
//! let imported = io::import_bytes("note.txt".as_ref(), "Budget talks\n\nNATO asked for 5% on Feb. 11, 2025.".as_bytes()).unwrap();
//! let mut project = Project::new(imported.document, imported.source);
//! project.set_analysis(Pipeline::default().analyze(&project.document));
//! assert!(project.entities.effective(project.text()).iter().any(|e| &project.text()[e.span] == "5%"));
//! ```

pub mod cli;
pub mod corpus;
pub mod document;
pub mod factcheck;
#[doc(hidden)]
pub mod fuzzing;
pub mod io;
pub mod nlp;
pub mod project;
pub mod team;
#[cfg(feature = "gui")]
pub mod ui;
