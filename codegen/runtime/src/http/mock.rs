//! `MockTransport`: records requests and replays canned responses, for tests of code that
//! uses the client (enabled by the `test-util` feature).

use crate::http::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind, TransportFuture,
};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

/// A transport that answers from a queue and remembers what was sent. Clones share state.
#[derive(Clone, Debug, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    responses: VecDeque<Result<HttpResponse, TransportError>>,
    requests: Vec<HttpRequest>,
}

impl MockTransport {
    /// An empty mock.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a response.
    pub fn push(&self, response: HttpResponse) -> &Self {
        self.state().responses.push_back(Ok(response));
        self
    }

    /// Queues a response with status, headers and body.
    pub fn respond(
        &self,
        status: u16,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) -> &Self {
        self.push(HttpResponse::new(status, headers, body))
    }

    /// Queues a transport failure.
    pub fn fail(&self, kind: TransportErrorKind, message: &str) -> &Self {
        self.state()
            .responses
            .push_back(Err(TransportError::new(kind, message)));
        self
    }

    /// Every request sent so far.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.state().requests.clone()
    }

    /// The last request sent.
    pub fn last_request(&self) -> Option<HttpRequest> {
        self.state().requests.last().cloned()
    }
}

impl Transport for MockTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        let mut state = self.state();
        state.requests.push(request);
        let response = state.responses.pop_front().unwrap_or_else(|| {
            Err(TransportError::new(
                TransportErrorKind::Other,
                "the mock transport has no response queued",
            ))
        });
        Box::pin(async move { response })
    }
}
