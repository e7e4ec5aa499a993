//! The one integration test binary.

mod import;
