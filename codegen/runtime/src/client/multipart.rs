//! Sending a body in parts, some at once: the body is read chunk by chunk into parts of a size, and each part is handed to an upload as soon as fewer than the bound are in flight (S3's multipart uploads); memory holds at most the bound's parts and the one being filled.

use crate::value::streaming_body::StreamingBody;
use std::future::Future;
use tokio::task::JoinSet;

/// Why an upload in parts failed: the step and what went wrong.
#[derive(Debug)]
pub struct PartsError {
    /// The step that failed, such as `UploadPart 3` or `CompleteMultipartUpload`.
    pub step: String,
    /// What went wrong.
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl std::fmt::Display for PartsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} failed: {}", self.step, self.source)
    }
}

impl std::error::Error for PartsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl PartsError {
    /// The error of `step`.
    pub fn new(
        step: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        PartsError {
            step: step.into(),
            source: source.into(),
        }
    }
}

/// Reads `body` into parts of `part_size` bytes (the last may be shorter; an empty body is
/// one empty part) and runs `upload(number, bytes)` for each, numbered from 1, at most
/// `concurrency` at once. Returns each part's result in part order, or the first failure,
/// the uploads still running then cancelled.
pub async fn upload_parts<T, F, Fut>(
    body: StreamingBody,
    part_size: usize,
    concurrency: usize,
    mut upload: F,
) -> Result<Vec<T>, PartsError>
where
    T: Send + 'static,
    F: FnMut(i32, Vec<u8>) -> Fut,
    Fut: Future<Output = Result<T, PartsError>> + Send + 'static,
{
    if part_size == 0 || concurrency == 0 {
        return Err(PartsError::new(
            "splitting the body",
            "the part size and the number of parts at once must be at least 1",
        ));
    }
    let mut running: JoinSet<(usize, Result<T, PartsError>)> = JoinSet::new();
    let mut done: Vec<Option<T>> = Vec::new();
    let mut part: Vec<u8> = Vec::with_capacity(part_size);
    let mut ended = false;
    let mut started = 0;
    while !ended || !part.is_empty() || !running.is_empty() {
        // Fill the next part while there is room for another upload.
        while !ended && running.len() < concurrency && part.len() < part_size {
            match body.next_chunk().await {
                Some(Ok(chunk)) => part.extend_from_slice(&chunk),
                Some(Err(e)) => return Err(PartsError::new("reading the body", e.to_string())),
                None => ended = true,
            }
        }
        let full = part.len() >= part_size || (ended && (!part.is_empty() || started == 0));
        if full && running.len() < concurrency {
            let rest = part.split_off(part.len().min(part_size));
            let bytes = std::mem::replace(&mut part, rest);
            let number = i32::try_from(started + 1)
                .map_err(|_| PartsError::new("splitting the body", "too many parts"))?;
            let task = upload(number, bytes);
            let index = started;
            running.spawn(async move { (index, task.await) });
            done.push(None);
            started += 1;
            continue;
        }
        // Wait for an upload to finish before reading or starting more.
        match running.join_next().await {
            Some(Ok((index, Ok(value)))) => done[index] = Some(value),
            Some(Ok((_, Err(e)))) => return Err(e),
            Some(Err(e)) => return Err(PartsError::new("an upload task", e.to_string())),
            None => {
                if ended && part.is_empty() {
                    break;
                }
            }
        }
    }
    Ok(done.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    #[tokio::test]
    async fn parts_are_numbered_sized_bounded_and_in_order() {
        let body: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
        let in_flight = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let results = upload_parts(
            StreamingBody::from_bytes(body.clone()),
            300,
            2,
            |n, bytes| {
                let (in_flight, most, seen) = (in_flight.clone(), most.clone(), seen.clone());
                async move {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    // Later parts finish first, so the order is the function's doing.
                    tokio::time::sleep(std::time::Duration::from_millis(40 - 10 * n as u64)).await;
                    seen.lock().unwrap().push((n, bytes.len()));
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    Ok((n, bytes))
                }
            },
        )
        .await
        .unwrap();
        let numbers: Vec<i32> = results.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        let joined: Vec<u8> = results.into_iter().flat_map(|(_, b)| b).collect();
        assert_eq!(joined, body);
        assert!(most.load(Ordering::SeqCst) <= 2);
        let mut sizes: Vec<(i32, usize)> = seen.lock().unwrap().clone();
        sizes.sort_unstable();
        assert_eq!(sizes, [(1, 300), (2, 300), (3, 300), (4, 100)]);
    }

    #[tokio::test]
    async fn the_first_failure_is_the_result() {
        let failed = upload_parts(
            StreamingBody::from_bytes(vec![0; 50]),
            10,
            3,
            |n, _| async move {
                if n == 2 {
                    Err(PartsError::new(format!("UploadPart {n}"), "refused"))
                } else {
                    Ok(n)
                }
            },
        )
        .await
        .unwrap_err();
        assert_eq!(failed.to_string(), "UploadPart 2 failed: refused");
        let empty = upload_parts(
            StreamingBody::from_bytes(Vec::new()),
            10,
            3,
            |n, bytes| async move { Ok((n, bytes.len())) },
        )
        .await
        .unwrap();
        assert_eq!(empty, [(1, 0)]);
        assert!(upload_parts(
            StreamingBody::from_bytes(vec![1]),
            0,
            1,
            |n, _| async move { Ok(n) }
        )
        .await
        .is_err());
    }
}
