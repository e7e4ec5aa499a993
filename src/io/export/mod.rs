//! Exports for other tools. Every offset written here is a Unicode code point offset, end
//! exclusive; byte offsets never leave the program.

pub mod json;
