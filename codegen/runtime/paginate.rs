//! Paginators: a `Stream` of pages that follows the output token, stops when it is absent or
//! empty, and ends with an error instead of looping when a token comes back.

use super::sdk_error::{SdkError, SdkErrorKind};
use futures_core::Stream;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// One page being fetched.
pub type PageFuture<O, E> = Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send>>;
/// Fetches the page for a token (`None` for the first page).
pub type Fetch<O, E, T> = Box<dyn FnMut(Option<T>) -> PageFuture<O, E> + Send>;

/// The pages of an operation, as a [`Stream`]; drop it to stop early.
pub struct Pages<O, E, T> {
    operation: &'static str,
    // `None` when the input failed to build: that error is the only item.
    fetch: Option<Fetch<O, E, T>>,
    next_token: fn(&O) -> Option<T>,
    token: Option<T>,
    seen: Vec<T>,
    in_flight: Option<PageFuture<O, E>>,
    pending_error: Option<SdkError<E>>,
    done: bool,
}

impl<O, E, T: Clone + PartialEq + std::fmt::Debug> Pages<O, E, T> {
    /// Pages of `operation`: `fetch` sends the input with a token, `next_token` reads the
    /// token of the next page from a page (`None` when there is none). A build error of the
    /// input is the first and only item.
    pub fn new(
        operation: &'static str,
        fetch: Result<Fetch<O, E, T>, SdkError<E>>,
        next_token: fn(&O) -> Option<T>,
    ) -> Self {
        let (fetch, pending_error) = match fetch {
            Ok(fetch) => (Some(fetch), None),
            Err(e) => (None, Some(e)),
        };
        Pages { operation, fetch, next_token, token: None, seen: Vec::new(), in_flight: None, pending_error, done: false }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<O, SdkError<E>>>
    where
        E: Unpin,
        T: Unpin,
    {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every page, or the first error.
    pub async fn collect(mut self) -> Result<Vec<O>, SdkError<E>>
    where
        E: Unpin,
        T: Unpin,
    {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }
}

impl<O, E: Unpin, T: Clone + PartialEq + std::fmt::Debug + Unpin> Stream for Pages<O, E, T> {
    type Item = Result<O, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is Unpin (futures are boxed), so the struct can be used directly.
        let this = Pin::into_inner(self);
        if let Some(error) = this.pending_error.take() {
            this.done = true;
            return Poll::Ready(Some(Err(error)));
        }
        let (false, Some(fetch)) = (this.done, this.fetch.as_mut()) else {
            return Poll::Ready(None);
        };
        let future = this.in_flight.get_or_insert_with(|| fetch(this.token.clone()));
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        match &result {
            Err(_) => this.done = true,
            Ok(page) => match (this.next_token)(page) {
                None => this.done = true,
                Some(token) if this.seen.contains(&token) => {
                    let message = format!(
                        "the service returned the page token {token:?} a second time; stopping instead of looping ({} pages so far)",
                        this.seen.len() + 1
                    );
                    this.pending_error = Some(SdkError::new(this.operation, SdkErrorKind::Pagination(message)));
                }
                Some(token) => {
                    this.seen.push(token.clone());
                    this.token = Some(token);
                }
            },
        }
        Poll::Ready(Some(result))
    }
}

/// The items of every page, as a [`Stream`].
pub struct Items<O, E, T, I> {
    pages: Pages<O, E, T>,
    items: fn(O) -> Vec<I>,
    buffer: VecDeque<I>,
}

impl<O, E, T: Clone + PartialEq + std::fmt::Debug, I> Items<O, E, T, I> {
    /// The items `items` takes from each page.
    pub fn new(pages: Pages<O, E, T>, items: fn(O) -> Vec<I>) -> Self {
        Items { pages, items, buffer: VecDeque::new() }
    }

    /// The next item, or `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<I, SdkError<E>>>
    where
        E: Unpin,
        T: Unpin,
        I: Unpin,
    {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item, or the first error.
    pub async fn collect(mut self) -> Result<Vec<I>, SdkError<E>>
    where
        E: Unpin,
        T: Unpin,
        I: Unpin,
    {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<O, E: Unpin, T: Clone + PartialEq + std::fmt::Debug + Unpin, I: Unpin> Stream for Items<O, E, T, I> {
    type Item = Result<I, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = Pin::into_inner(self);
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffer.extend((this.items)(page)),
            }
        }
    }
}
