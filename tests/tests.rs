//! The one integration test binary (`autotests = false`): every area is a module here.

mod anchor;
mod architecture;
mod claims;
mod cli;
mod corpus;
mod export;
mod factcheck;
mod faults;
mod formats;
mod formats_in;
mod fuzz_regressions;
mod import;
mod ner;
mod project;
mod properties;
mod shared;
mod team;
#[cfg(feature = "gui")]
mod ui;
mod web;
