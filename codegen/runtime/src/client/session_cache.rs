//! The S3 Express sessions a client holds: credentials by bucket and the access key that made them, each until shortly before it expires.

use crate::config::credentials::Credentials;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// How long before its expiry a session is replaced (botocore refreshes a minute ahead).
const REFRESH_AHEAD: Duration = Duration::from_secs(60);

/// The most sessions a client keeps (botocore's cache holds 100 buckets).
const MAX_SESSIONS: usize = 100;

/// Session credentials by bucket and the access key that made them.
#[derive(Default)]
pub struct SessionCache(Mutex<HashMap<(String, String), (Credentials, SystemTime)>>);

impl fmt::Debug for SessionCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionCache")
    }
}

impl SessionCache {
    pub(crate) fn get(&self, key: &(String, String), now: SystemTime) -> Option<Credentials> {
        let sessions = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let (credentials, expiry) = sessions.get(key)?;
        (now + REFRESH_AHEAD < *expiry).then(|| credentials.clone())
    }

    pub(crate) fn put(&self, key: (String, String), credentials: Credentials, expiry: SystemTime) {
        let mut sessions = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if sessions.len() >= MAX_SESSIONS && !sessions.contains_key(&key) {
            // Make room: drop the session closest to its expiry.
            let soonest = sessions
                .iter()
                .min_by_key(|(_, (_, expiry))| *expiry)
                .map(|(key, _)| key.clone());
            if let Some(soonest) = soonest {
                sessions.remove(&soonest);
            }
        }
        sessions.insert(key, (credentials, expiry));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_replaced_a_minute_before_it_expires_and_the_cache_is_bounded() {
        let cache = SessionCache::default();
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let key = |n: usize| (format!("bucket-{n}"), "AKID".to_owned());
        let session = Credentials::new("ASIA", "SECRET", Some("TOKEN".to_owned()));
        cache.put(key(0), session.clone(), start + Duration::from_secs(300));
        assert!(cache.get(&key(0), start).is_some());
        assert!(cache
            .get(&key(0), start + Duration::from_secs(239))
            .is_some());
        assert!(cache
            .get(&key(0), start + Duration::from_secs(240))
            .is_none());
        for n in 1..=MAX_SESSIONS {
            cache.put(
                key(n),
                session.clone(),
                start + Duration::from_secs(1000 + n as u64),
            );
        }
        // Bucket 0's session, the soonest to expire, made room for the last one.
        assert!(cache.get(&key(0), start).is_none());
        assert!(cache.get(&key(MAX_SESSIONS), start).is_some());
        assert_eq!(cache.0.lock().unwrap().len(), MAX_SESSIONS);
    }
}
