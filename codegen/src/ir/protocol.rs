//! Protocol facts, typed: the protocols a service speaks, the one its client speaks, and how
//! values are written on the wire.

/// Protocol metadata.
#[derive(Clone, Debug)]
pub struct Protocol {
    /// Every protocol the service speaks, most preferred first.
    pub protocols: Vec<WireProtocol>,
    /// JSON version for JSON protocols.
    pub json_version: Option<JsonVersion>,
    /// `X-Amz-Target` prefix.
    pub target_prefix: Option<String>,
    /// SigV4 signing name.
    pub signing_name: String,
    /// Endpoint prefix.
    pub endpoint_prefix: String,
    /// Service id.
    pub service_id: String,
    /// The protocol the generated client speaks by default, or `None` when the generator
    /// supports none of the service's protocols (the crate then has types and validators
    /// only).
    pub client: Option<ClientProtocol>,
    /// Every protocol the generated client can speak, the default first: a user picks
    /// another at configuration time.
    pub clients: Vec<ClientProtocol>,
    /// Whether the service keeps the error codes of the query protocol it moved from
    /// (`awsQueryCompatible`).
    pub query_compatible: bool,
    /// Headers every request carries unless the operation sets them: the official SDKs'
    /// customizations of the service, by service id.
    pub default_headers: Vec<(String, String)>,
}

/// A protocol as the model's metadata names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireProtocol {
    /// `json`: awsJson 1.0 or 1.1.
    Json,
    /// `rest-json`.
    RestJson,
    /// `smithy-rpc-v2-cbor`.
    SmithyRpcV2Cbor,
    /// `query`.
    Query,
    /// `ec2`.
    Ec2,
    /// `rest-xml`.
    RestXml,
    /// A name botocore does not know (the checks report it).
    Other(String),
}

impl WireProtocol {
    /// Every protocol botocore knows, in the order suggestions prefer them.
    pub const KNOWN: &[WireProtocol] = &[
        WireProtocol::Json,
        WireProtocol::RestJson,
        WireProtocol::SmithyRpcV2Cbor,
        WireProtocol::Query,
        WireProtocol::Ec2,
        WireProtocol::RestXml,
    ];

    /// The protocol a metadata name stands for.
    pub fn parse(name: &str) -> WireProtocol {
        WireProtocol::KNOWN
            .iter()
            .find(|p| p.as_str() == name)
            .cloned()
            .unwrap_or_else(|| WireProtocol::Other(name.to_owned()))
    }

    /// The name as the metadata writes it.
    pub fn as_str(&self) -> &str {
        match self {
            WireProtocol::Json => "json",
            WireProtocol::RestJson => "rest-json",
            WireProtocol::SmithyRpcV2Cbor => "smithy-rpc-v2-cbor",
            WireProtocol::Query => "query",
            WireProtocol::Ec2 => "ec2",
            WireProtocol::RestXml => "rest-xml",
            WireProtocol::Other(name) => name,
        }
    }
}

/// The version of the awsJson protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonVersion {
    /// `1.0` (`application/x-amz-json-1.0`).
    V1_0,
    /// `1.1` (`application/x-amz-json-1.1`).
    V1_1,
}

impl JsonVersion {
    /// The version the metadata's `jsonVersion` names, or the text back when it is unknown.
    pub fn parse(text: &str) -> Result<JsonVersion, String> {
        match text {
            "1.0" => Ok(JsonVersion::V1_0),
            "1.1" => Ok(JsonVersion::V1_1),
            other => Err(other.to_owned()),
        }
    }

    /// The version as the metadata and the content type write it.
    pub fn as_str(self) -> &'static str {
        match self {
            JsonVersion::V1_0 => "1.0",
            JsonVersion::V1_1 => "1.1",
        }
    }
}

/// Protocols the generated client can speak.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientProtocol {
    /// awsJson 1.0 or 1.1 (the `json` protocol), with its JSON version.
    AwsJson(JsonVersion),
    /// rest-json: HTTP bindings and a JSON body.
    RestJson,
    /// smithy-rpc-v2-cbor: `POST /service/{name}/operation/{operation}`, a CBOR body.
    RpcV2Cbor,
    /// awsQuery: a form body, an XML response.
    AwsQuery,
    /// ec2Query: awsQuery with EC2's names and lists.
    Ec2Query,
    /// restXml: HTTP bindings and an XML body.
    RestXml,
}

impl ClientProtocol {
    /// The generator's choice among a service's protocols, the client's default: JSON first,
    /// as botocore does (without a `jsonVersion`, 1.0), then rest-json, then rpcv2Cbor.
    pub fn choose(
        protocols: &[WireProtocol],
        json_version: Option<JsonVersion>,
    ) -> Option<ClientProtocol> {
        if protocols.contains(&WireProtocol::Json) {
            Some(ClientProtocol::AwsJson(
                json_version.unwrap_or(JsonVersion::V1_0),
            ))
        } else if protocols.contains(&WireProtocol::RestJson) {
            Some(ClientProtocol::RestJson)
        } else if protocols.contains(&WireProtocol::SmithyRpcV2Cbor) {
            Some(ClientProtocol::RpcV2Cbor)
        } else if protocols.contains(&WireProtocol::Query) {
            Some(ClientProtocol::AwsQuery)
        } else if protocols.contains(&WireProtocol::Ec2) {
            Some(ClientProtocol::Ec2Query)
        } else if protocols.contains(&WireProtocol::RestXml) {
            Some(ClientProtocol::RestXml)
        } else {
            None
        }
    }

    /// Every protocol of the service the generator supports, in the generator's order of
    /// preference (the first is the client's default): awsJson, which botocore and moto
    /// speak, then rest-json, then rpcv2Cbor.
    pub fn supported(
        protocols: &[WireProtocol],
        json_version: Option<JsonVersion>,
    ) -> Vec<ClientProtocol> {
        let mut supported = Vec::new();
        if let Some(first) = ClientProtocol::choose(protocols, json_version) {
            supported.push(first);
        }
        if protocols.contains(&WireProtocol::SmithyRpcV2Cbor)
            && !supported.contains(&ClientProtocol::RpcV2Cbor)
        {
            supported.push(ClientProtocol::RpcV2Cbor);
        }
        supported
    }

    /// Whether bodies are XML and query forms, whose members carry XML and query names
    /// (and timestamps default to date-times).
    pub fn speaks_xml(&self) -> bool {
        matches!(
            self,
            ClientProtocol::AwsQuery | ClientProtocol::Ec2Query | ClientProtocol::RestXml
        )
    }

    /// Whether members are bound to HTTP parts (labels, the query string, headers, the
    /// status code, the whole body) rather than all travelling in the body.
    pub fn binds_http(&self) -> bool {
        matches!(self, ClientProtocol::RestJson | ClientProtocol::RestXml)
    }
}

/// How a timestamp is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Epoch seconds, a number (`unixTimestamp`).
    EpochSeconds,
    /// RFC 3339 / ISO 8601 (`iso8601`).
    DateTime,
    /// An HTTP date (`rfc822`).
    HttpDate,
}

impl TimestampFormat {
    /// The format a model's `timestampFormat` names, if botocore knows it.
    pub fn parse(text: &str) -> Option<TimestampFormat> {
        match text {
            "unixTimestamp" => Some(TimestampFormat::EpochSeconds),
            "iso8601" => Some(TimestampFormat::DateTime),
            "rfc822" => Some(TimestampFormat::HttpDate),
            _ => None,
        }
    }
}

/// How a member's value is written on the wire, where that differs from what plain serde of
/// its Rust type writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireFormat {
    /// Plain serde.
    Plain,
    /// Timestamps (the member's, or those its lists and maps hold) in this format; never
    /// epoch seconds, which is what plain serde writes.
    Timestamps(TimestampFormat),
    /// Floats (the member's, or those its lists and maps hold), whose non-finite values
    /// are strings.
    Floats,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_keep_their_metadata_names() {
        for name in [
            "json",
            "rest-json",
            "smithy-rpc-v2-cbor",
            "query",
            "ec2",
            "rest-xml",
        ] {
            let protocol = WireProtocol::parse(name);
            assert!(!matches!(protocol, WireProtocol::Other(_)), "{name}");
            assert_eq!(protocol.as_str(), name);
        }
        assert_eq!(
            WireProtocol::parse("jsn"),
            WireProtocol::Other("jsn".to_owned())
        );
        assert_eq!(WireProtocol::parse("jsn").as_str(), "jsn");
    }

    #[test]
    fn the_client_speaks_json_first_then_rest_json() {
        let cases = [
            (
                vec![WireProtocol::Json],
                Some(JsonVersion::V1_1),
                Some(JsonVersion::V1_1),
            ),
            (vec![WireProtocol::Json], None, Some(JsonVersion::V1_0)),
            (
                vec![WireProtocol::SmithyRpcV2Cbor, WireProtocol::Json],
                Some(JsonVersion::V1_0),
                Some(JsonVersion::V1_0),
            ),
        ];
        for (protocols, version, expected) in cases {
            assert_eq!(
                ClientProtocol::choose(&protocols, version),
                expected.map(ClientProtocol::AwsJson),
                "{protocols:?}"
            );
        }
        assert_eq!(
            ClientProtocol::choose(&[WireProtocol::RestJson], None),
            Some(ClientProtocol::RestJson)
        );
        assert_eq!(
            ClientProtocol::choose(&[WireProtocol::Query], Some(JsonVersion::V1_1)),
            Some(ClientProtocol::AwsQuery)
        );
        assert_eq!(
            ClientProtocol::choose(&[WireProtocol::Ec2], None),
            Some(ClientProtocol::Ec2Query)
        );
        assert_eq!(
            ClientProtocol::choose(&[WireProtocol::RestXml], None),
            Some(ClientProtocol::RestXml)
        );
        assert_eq!(
            ClientProtocol::choose(&[WireProtocol::Other("x".into())], None),
            None
        );
        assert_eq!(
            ClientProtocol::choose(&[WireProtocol::RestJson, WireProtocol::Json], None),
            Some(ClientProtocol::AwsJson(JsonVersion::V1_0))
        );
    }

    #[test]
    fn versions_and_timestamp_formats_parse_what_botocore_writes() {
        assert_eq!(JsonVersion::parse("1.0"), Ok(JsonVersion::V1_0));
        assert_eq!(
            JsonVersion::parse("1.1").map(JsonVersion::as_str),
            Ok("1.1")
        );
        assert_eq!(JsonVersion::parse("1.2"), Err("1.2".to_owned()));
        let formats = [
            ("unixTimestamp", Some(TimestampFormat::EpochSeconds)),
            ("iso8601", Some(TimestampFormat::DateTime)),
            ("rfc822", Some(TimestampFormat::HttpDate)),
            ("iso9000", None),
        ];
        for (text, format) in formats {
            assert_eq!(TimestampFormat::parse(text), format, "{text}");
        }
    }
}

/// How an operation maps onto HTTP: what a REST protocol sends, and what RPC protocols
/// (which always `POST` to `/`) ignore.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpBinding {
    /// The method, such as `POST`.
    pub method: String,
    /// The request URI template, such as `/directories/{DirectoryId}`, with labels that
    /// name input members bound to the URI.
    pub uri: String,
    /// The status of a successful response.
    pub status: u16,
}

impl Default for HttpBinding {
    /// What the RPC protocols use: `POST /`, 200.
    fn default() -> Self {
        HttpBinding {
            method: "POST".to_owned(),
            uri: "/".to_owned(),
            status: 200,
        }
    }
}

/// Where a member of an input or output travels in an HTTP message: the body (every member
/// of the RPC protocols), or, for REST protocols, a header, the query string, the URI or
/// the status code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Location {
    /// A member of the body document.
    #[default]
    Body,
    /// A header of this name.
    Header(String),
    /// Every header that starts with this prefix (a map member).
    Headers(String),
    /// A query-string parameter of this name.
    Query(String),
    /// A label of the URI template.
    Uri(String),
    /// The response's status code.
    StatusCode,
    /// Nowhere in the message: the endpoint rules put the value in the URL (S3's `Bucket`,
    /// in the host or the path as the rules decide).
    Endpoint,
    /// The whole body (the structure's `payload` member).
    Payload(Payload),
}

/// What a payload member is, which says how it is written as the whole body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payload {
    /// A structure, as JSON; `{}` when it is unset.
    Structure,
    /// A union or a document, as JSON; no body when it is unset.
    Json,
    /// A string or an enum, as text.
    Text,
    /// A blob, as its bytes.
    Blob,
    /// An event stream: the body is its messages.
    EventStream,
    /// A streaming blob: the body, chunk by chunk.
    Stream,
}

impl Location {
    /// The location a botocore member names (`location` and `locationName`).
    pub fn parse(location: Option<&str>, name: &str) -> Location {
        match location {
            Some("header") => Location::Header(name.to_owned()),
            Some("headers") => Location::Headers(name.to_owned()),
            Some("querystring") => Location::Query(name.to_owned()),
            Some("uri") => Location::Uri(name.to_owned()),
            Some("statusCode") => Location::StatusCode,
            _ => Location::Body,
        }
    }
}
