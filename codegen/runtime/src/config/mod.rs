//! What a client is configured with: credentials and where they come from, the retry policy, and `Config`.

pub mod choices;
pub mod credentials;
pub mod identity;
pub mod retry;
pub mod settings;
