//! Each operation's auth schemes, in order of preference, from botocore's `authtype`/`auth` or Smithy's auth traits.

use crate::ir::AuthScheme;
use crate::model::{self, Metadata, Operation};

/// The schemes an operation takes: its own `auth` list, else the service's (`auth`, or its
/// `signatureVersion`: `bearer` is a bearer token, anything else SigV4); botocore's
/// `authtype: none` sends it unsigned. Schemes this client cannot use (`sigv4a`) are left
/// out; an operation left with none of the schemes it named is signed with SigV4, as before
/// those schemes were modeled.
pub(super) fn operation_auth(op: &Operation, service: &Metadata) -> Vec<AuthScheme> {
    if op.auth_type.as_deref() == Some("none") {
        return vec![AuthScheme::Anonymous];
    }
    let listed = match (&op.auth, &service.auth) {
        (Some(own), _) => own.clone(),
        (None, Some(service)) => service.clone(),
        (None, None) if service.signature_version.as_deref() == Some("bearer") => {
            vec![model::AUTH_BEARER.to_owned()]
        }
        (None, None) => vec![model::AUTH_SIGV4.to_owned()],
    };
    // `@auth([])` on an operation, or a Smithy service with no auth trait: unsigned.
    if listed.is_empty() {
        return vec![AuthScheme::Anonymous];
    }
    let schemes: Vec<AuthScheme> = listed.iter().filter_map(|id| scheme(id, service)).collect();
    if schemes.is_empty() {
        vec![AuthScheme::SigV4]
    } else {
        schemes
    }
}

fn scheme(id: &str, service: &Metadata) -> Option<AuthScheme> {
    Some(match id {
        model::AUTH_SIGV4 => AuthScheme::SigV4,
        model::AUTH_BEARER => AuthScheme::HttpBearer,
        model::AUTH_BASIC => AuthScheme::HttpBasic,
        model::NO_AUTH => AuthScheme::Anonymous,
        model::AUTH_API_KEY => {
            let key = service.api_key_auth.as_ref()?;
            AuthScheme::HttpApiKey {
                name: key.name.clone(),
                in_query: key.location == "query",
                scheme: key.scheme.clone(),
            }
        }
        _ => return None,
    })
}
