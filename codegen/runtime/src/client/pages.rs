//! Paginators: a `Stream` of pages that follows the output token, stops when it is absent or
//! empty, and ends with an error instead of looping when a token comes back.

use crate::client::call::Call;
use crate::client::operation::{construction, Operation};
use crate::error::{SdkError, SdkErrorKind};
use crate::value::build_error::BuildError;
use futures_core::Stream;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// An operation that pages: where its page token goes in the input and comes from in the
/// output, and which input member sets the page size.
pub trait Paginated: Operation {
    /// The page token (a tuple when the operation has several).
    type Token: Clone + PartialEq + std::fmt::Debug + Send + Unpin + 'static;
    /// The type of the page-size member.
    type PageSize;

    /// Sets the token of the page to fetch (`None` for the first page).
    fn set_token(&mut self, token: Option<Self::Token>);
    /// The token of the next page, `None` when this page is the last.
    fn next_token(page: &Self::Output) -> Option<Self::Token>;
    /// Sets the page size, for paginators whose model names a limit member.
    fn set_page_size(&mut self, size: Self::PageSize);
}

/// A paginated operation whose pages hold one list of items.
pub trait PagedItems: Paginated {
    /// One item.
    type Item: Send + Unpin + 'static;

    /// The items of a page.
    fn items(page: Self::Output) -> Vec<Self::Item>;
}

/// The pages of an operation, from its input builder's `into_paginator()`: a [`Stream`] of
/// pages ([`send`](Self::send)) or of items ([`items`](Self::items)).
pub struct Paginator<O: Operation> {
    call: Call<O>,
    input: Result<O, BuildError>,
}

impl<O: Operation> Clone for Paginator<O> {
    fn clone(&self) -> Self {
        Paginator {
            call: self.call.clone(),
            input: self.input.clone(),
        }
    }
}

impl<O: Operation + std::fmt::Debug> std::fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("call", &self.call)
            .field("input", &self.input)
            .finish()
    }
}

impl<O: Paginated> Paginator<O>
where
    O::Error: Unpin,
{
    /// Pages of the input `input` (or the error that stopped it from building), sent by `call`.
    pub fn new(call: Call<O>, input: Result<O, BuildError>) -> Self {
        Paginator { call, input }
    }

    /// Asks for at most `size` items per page.
    pub fn page_size(mut self, size: O::PageSize) -> Self {
        if let Ok(input) = &mut self.input {
            input.set_page_size(size);
        }
        self
    }

    /// The pages, as a stream.
    pub fn send(self) -> Pages<O::Output, O::Error, O::Token> {
        let call = self.call;
        let fetch = self.input.map_err(construction::<O>).map(
            |input| -> Fetch<O::Output, O::Error, O::Token> {
                Box::new(move |token| {
                    let mut input = input.clone();
                    input.set_token(token);
                    let call = call.clone();
                    Box::pin(async move { call.send(&input).await })
                })
            },
        );
        Pages::new(O::NAME, fetch, O::next_token)
    }

    /// Every item of every page, as a stream.
    pub fn items(self) -> Items<O::Output, O::Error, O::Token, O::Item>
    where
        O: PagedItems,
    {
        Items::new(self.send(), O::items)
    }
}

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
        Pages {
            operation,
            fetch,
            next_token,
            token: None,
            seen: Vec::new(),
            in_flight: None,
            pending_error,
            done: false,
        }
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
        let future = this
            .in_flight
            .get_or_insert_with(|| fetch(this.token.clone()));
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
                    this.pending_error = Some(SdkError::new(
                        this.operation,
                        SdkErrorKind::Pagination(message),
                    ));
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
        Items {
            pages,
            items,
            buffer: VecDeque::new(),
        }
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

impl<O, E: Unpin, T: Clone + PartialEq + std::fmt::Debug + Unpin, I: Unpin> Stream
    for Items<O, E, T, I>
{
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
