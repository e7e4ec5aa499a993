//! The one integration test binary.
mod ner;
