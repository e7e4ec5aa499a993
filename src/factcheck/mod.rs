//! "Has this been checked before?": a local library of published fact-checks (schema.org
//! `ClaimReview`) and the desk's own verdicts, and claim matching against it, offline.
//!
//! - [`model`]: [`FactCheck`] and its [`Rating`] (textual and on one 0–1 scale);
//! - [`feed`]: streaming readers for every common `ClaimReview` shape (array, object, JSON
//!   Lines, `DataFeed`, the Fact Check Tools API response, JSON-LD in a saved web page);
//! - [`analyze`]: the terms claims are indexed and matched by (links dropped, hashtags and
//!   handles split, numbers unified, English stemming);
//! - [`library`]: the persistent [`Library`] (a folder holding one tantivy index that is
//!   also the item store), import, and the "checked here" items of projects;
//! - [`matcher`]: [`Library::match_claim`] and batch matching;
//! - [`eval`]: MAP@k against TREC qrels, for the development data.
//!
//! No egui; long work ([`Library::import`], [`Library::match_claims`]) takes a progress
//! callback and a cancel flag, and runs on whatever thread calls it.
//!
//! # Example
//! ```
//! use claimlens::factcheck::{ClaimQuery, FactCheck, Library, Rating};
//! let mut library = Library::in_memory().unwrap();
//! library.upsert(&[FactCheck {
//!     url: "https://check.example/koalas".into(),
//!     claim: "A million koalas died in the Australian bushfires.".into(),
//!     rating: Rating::from_parts("False", None, None, None),
//!     publisher: "Check Desk".into(),
//!     ..FactCheck::default()
//! }]).unwrap();
//! let found = library.match_claim(&ClaimQuery::new("1 million #koalas dead in #AustralianBushfires?"), 5).unwrap();
//! assert_eq!(found[0].url, "https://check.example/koalas");
//! assert_eq!((found[0].rating.text.as_str(), found[0].publisher.as_str()), ("False", "Check Desk"));
//! ```

pub mod analyze;
pub mod eval;
pub mod feed;
pub mod library;
pub mod matcher;
pub mod model;
pub mod project;

pub use library::{ImportProgress, ImportReport, Library, LibraryError, LibraryErrorKind};
pub use matcher::{ClaimQuery, Match, MatchConfig};
pub use model::{CheckedHere, FactCheck, Rating};
