//! One test binary for the whole suite.
