//! Resolves the service's metadata: the protocols it speaks, the one the client uses, and
//! its names for signing and endpoints.

use super::Lowerer;
use crate::diag::did_you_mean;
use crate::ir::{ClientProtocol, JsonVersion, Protocol, WireProtocol};

impl Lowerer<'_> {
    /// The protocol: an unknown protocol or JSON version is an error; every known protocol
    /// has a client.
    pub(super) fn protocol(&mut self) -> Protocol {
        let meta = &self.model.metadata;
        let mut named = vec![("/metadata/protocol".to_owned(), meta.protocol.as_str())];
        for (i, p) in meta.protocols.iter().flatten().enumerate() {
            named.push((format!("/metadata/protocols/{i}"), p.as_str()));
        }
        for (location, protocol) in &named {
            if let WireProtocol::Other(protocol) = WireProtocol::parse(protocol) {
                let known = WireProtocol::KNOWN.iter().map(WireProtocol::as_str);
                let hint = did_you_mean(&protocol, known);
                let d = self.error(location.clone(), format!("unknown protocol `{protocol}`"));
                if let Some(hint) = hint {
                    d.notes.push(format!("did you mean `{hint}`?"));
                }
            }
        }
        // `protocols`, when present, lists every protocol; `protocol` is then its first.
        let protocols: Vec<WireProtocol> = named
            .iter()
            .map(|(_, p)| WireProtocol::parse(p))
            .skip(usize::from(meta.protocols.is_some()))
            .collect();
        let json_version = match meta.json_version.as_deref().map(JsonVersion::parse) {
            Some(Err(version)) => {
                self.error(
                    "/metadata/jsonVersion".to_owned(),
                    format!("unknown JSON version `{version}`"),
                )
                .notes
                .push("botocore knows `1.0` and `1.1`".into());
                None
            }
            Some(Ok(version)) => Some(version),
            None => None,
        };
        // Every protocol botocore names has a client; an unknown one is an error above.
        let clients = ClientProtocol::supported(&protocols, json_version);
        let endpoint_prefix = meta.endpoint_prefix.clone().unwrap_or_default();
        let service_id = meta
            .service_id
            .clone()
            .unwrap_or_else(|| meta.service_full_name.clone());
        Protocol {
            default_headers: super::customizations::default_headers(&service_id, &meta.api_version),
            client: clients.first().cloned(),
            clients,
            query_compatible: meta.aws_query_compatible.is_some(),
            protocols,
            json_version,
            target_prefix: meta.target_prefix.clone(),
            signing_name: meta
                .signing_name
                .clone()
                .unwrap_or_else(|| endpoint_prefix.clone()),
            service_id,
            endpoint_prefix,
        }
    }
}
