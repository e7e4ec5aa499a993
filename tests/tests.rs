//! The one integration test binary (`autotests = false`): every area is a module here.

mod cli;
mod project;
#[cfg(feature = "gui")]
mod ui;
