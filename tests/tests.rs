//! The one integration test binary.

#[cfg(feature = "gui")]
mod ui;
