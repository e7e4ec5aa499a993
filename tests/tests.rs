//! The one integration test binary (`autotests = false`): every area is a module here.

mod anchor;
mod claims;
mod cli;
mod export;
mod factcheck;
mod faults;
mod formats;
mod fuzz_regressions;
mod import;
mod ner;
mod project;
mod properties;
mod shared;
#[cfg(feature = "gui")]
mod ui;
