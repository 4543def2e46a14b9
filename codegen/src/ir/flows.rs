//! Paginators and waiters, lowered: tokens, page limits, schedules and acceptors.

use super::{OperationId, Type};
use crate::lang::jmespath;

/// A paginated operation.
#[derive(Clone, Debug)]
pub struct Paginator {
    /// The operation.
    pub operation: OperationId,
    /// Rust type name, such as `DescribeDirectoriesPaginator`.
    pub type_name: String,
    /// The function that reads the next token of a page, such as
    /// `describe_directories_next_token`.
    pub next_token_fn: String,
    /// The function that takes the items out of a page, such as `describe_directories_items`.
    pub items_fn: String,
    /// Rust fields of the input that carry the tokens.
    pub input_tokens: Vec<String>,
    /// Where the next tokens are in the output, and their Rust types.
    pub output_tokens: Vec<(jmespath::Expr, Type)>,
    /// A local variable per token, for code that reads or sets several tokens at once.
    pub token_locals: Vec<String>,
    /// The input member that sets the page size.
    pub limit: Option<PageLimit>,
    /// Where the items are in the output, and the Rust type of one item.
    pub result_keys: Vec<(jmespath::Expr, Type)>,
    /// Where the output says whether more pages follow.
    pub more_results: Option<jmespath::Expr>,
}

/// The input member of a paginated operation that sets the page size.
#[derive(Clone, Debug)]
pub struct PageLimit {
    /// The input builder's setter, such as `limit`.
    pub setter_name: String,
    /// The member as messages show it (see [`Member::label`](super::Member::label)).
    pub label: String,
    /// Its Rust type.
    pub ty: Type,
}

/// A waiter.
#[derive(Clone, Debug)]
pub struct Waiter {
    /// Name in the model, such as `HybridADUpdated`.
    pub name: String,
    /// Rust type name of the waiter, such as `HybridAdUpdatedWaiter`.
    pub type_name: String,
    /// Client method, such as `wait_until_hybrid_ad_updated`.
    pub fn_name: String,
    /// The function that runs the acceptors on a result, such as `classify_hybrid_ad_updated`.
    pub classify_fn: String,
    /// Operation polled.
    pub operation: OperationId,
    /// When to poll again.
    pub schedule: WaitSchedule,
    /// What it waits for.
    pub description: Option<String>,
    /// Acceptors in model order.
    pub acceptors: Vec<Acceptor>,
}

/// When a waiter polls again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitSchedule {
    /// botocore: a fixed delay, and the polls botocore makes before giving up (delay x
    /// attempts is the documented maximum wait).
    Fixed {
        /// Seconds between polls.
        delay: u32,
        /// Polls before botocore gives up.
        max_attempts: u32,
    },
    /// Smithy: jittered delays doubling from `min_delay` to `max_delay` seconds.
    Backoff {
        /// The least delay.
        min_delay: u32,
        /// The greatest delay.
        max_delay: u32,
    },
}

/// What an acceptor decides when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// Stop: success.
    Success,
    /// Stop: failure.
    Failure,
    /// Poll again.
    Retry,
}

/// When an acceptor matches.
#[derive(Clone, Debug)]
pub enum Matcher {
    /// The expression equals the value.
    Path(jmespath::Expr, serde_json::Value),
    /// The expression is a non-empty list whose every element equals the value.
    PathAll(jmespath::Expr, serde_json::Value),
    /// The expression is a list with an element equal to the value.
    PathAny(jmespath::Expr, serde_json::Value),
    /// The HTTP status equals this.
    Status(u16),
    /// The error code equals this.
    ErrorCode(String),
    /// Any error (`true`) or no error (`false`).
    AnyError(bool),
}

/// One acceptor.
#[derive(Clone, Debug)]
pub struct Acceptor {
    /// Its decision.
    pub state: AcceptorState,
    /// Its condition.
    pub matcher: Matcher,
    /// Whether a path matcher reads `{input, output}` (Smithy's `inputOutput`) rather than
    /// the output.
    pub reads_input: bool,
    /// As written in the model, for error messages.
    pub description: String,
}
