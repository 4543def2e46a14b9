//! The small compilers the generator uses, leaves below every phase: Java regular expressions to Rust regexes, JMESPath to typed expressions, HTML documentation to Markdown.

pub mod docs;
pub mod jmespath;
pub mod pattern;
