//! What lowering decides: the wire contract of operations, serde renames, made-up inputs.

use crate::ir::{
    BodyChecksum, DefaultValue, EventBinding, EventPayloadKind, EventShape, HttpBinding, Location,
    Payload, Service, Type,
};
use crate::model::{ModelFiles, SourceFile};

/// A model of one `service-2.json` text (also what the split's tests lower).
pub(in crate::ir) fn files(service: &str) -> ModelFiles {
    ModelFiles {
        service: SourceFile {
            path: "m/service-2.json".to_owned(),
            text: service.to_owned(),
        },
        paginators: None,
        waiters: None,
        endpoint_rules: None,
        partitions: None,
        service_shape: None,
    }
}

fn lower(service: &str) -> Service {
    crate::lower(&files(service))
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

/// A model that lowers, with its warnings as text.
fn lower_with_warnings(service: &str) -> (Service, String) {
    let (service, problems) = crate::lower(&files(service)).unwrap_or_else(|e| panic!("{e}"));
    (service, problems.to_string())
}

/// The diagnostics of a model that does not lower.
fn lower_error(service: &str) -> String {
    match crate::lower(&files(service)) {
        Ok(_) => panic!("the model lowers"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn operations_carry_their_http_binding_and_members_their_location() {
    let service = lower(
        r#"{"metadata":{"apiVersion":"1","protocol":"rest-json","serviceFullName":"S"},
        "operations":{
            "Get":{"name":"Get","http":{"method":"GET","requestUri":"/things/{Id}","responseCode":202},
                "input":{"shape":"GetIn"}},
            "Ping":{"name":"Ping"}},
        "shapes":{
            "GetIn":{"type":"structure","required":["Id"],"members":{
                "Id":{"shape":"S","location":"uri","locationName":"Id"},
                "Tag":{"shape":"S","location":"header","locationName":"x-tag"},
                "Max":{"shape":"S","location":"querystring","locationName":"max"},
                "Body":{"shape":"S"}}},
            "S":{"type":"string"}}}"#,
    );
    let get = &service.operations[0];
    assert_eq!(
        get.http,
        HttpBinding {
            method: "GET".to_owned(),
            uri: "/things/{Id}".to_owned(),
            status: 202
        }
    );
    let input = service.input_of(get);
    let locations: Vec<&Location> = input.members.iter().map(|m| &m.location).collect();
    assert_eq!(
        locations,
        [
            &Location::Uri("Id".to_owned()),
            &Location::Header("x-tag".to_owned()),
            &Location::Query("max".to_owned()),
            &Location::Body
        ]
    );
    // An operation without `http` (the RPC protocols) posts to `/`; one without an input
    // gets an empty made-up input, so it has a builder to send with.
    let ping = &service.operations[1];
    assert_eq!(ping.http, HttpBinding::default());
    let made_up = service.input_of(ping);
    assert_eq!(made_up.rust_name, "PingInput");
    assert!(made_up.members.is_empty() && made_up.validated);
}

#[test]
fn the_client_writes_inputs_and_reads_outputs_errors_and_union_contents() {
    let service = lower(
        r#"{"metadata":{"apiVersion":"1","protocol":"json","jsonVersion":"1.1","serviceFullName":"S"},
        "operations":{"Put":{"name":"Put","input":{"shape":"PutIn"},"output":{"shape":"PutOut"},
            "errors":[{"shape":"Oops"}]}},
        "shapes":{
            "PutIn":{"type":"structure","members":{"Item":{"shape":"Item"}}},
            "PutOut":{"type":"structure","members":{"Choice":{"shape":"Choice"}}},
            "Item":{"type":"structure","members":{"Name":{"shape":"S"}}},
            "Choice":{"type":"structure","union":true,"members":{"Boxed":{"shape":"Boxed"}}},
            "Boxed":{"type":"structure","members":{"Name":{"shape":"S"}}},
            "Oops":{"type":"structure","exception":true,"members":{"Message":{"shape":"S"}}},
            "Unused":{"type":"structure","members":{"Name":{"shape":"S"}}},
            "S":{"type":"string"}}}"#,
    );
    let directions: Vec<(&str, bool, bool)> = service
        .structures
        .iter()
        .map(|s| (s.rust_name.as_str(), s.written_to_wire, s.read_from_wire))
        .collect();
    assert_eq!(
        directions,
        [
            ("Boxed", true, true),
            ("Choice", true, true),
            ("Item", true, false),
            ("Oops", false, true),
            ("PutIn", true, false),
            ("PutOut", false, true),
            ("Unused", false, false),
        ]
    );
}

#[test]
fn an_operation_that_streams_events_is_in_the_client_with_its_stream_and_event_bindings() {
    let files = ModelFiles {
        service: SourceFile {
            path: "m/service-2.json".to_owned(),
            text: r#"{"metadata":{"apiVersion":"1","protocol":"json","jsonVersion":"1.1","serviceFullName":"S","targetPrefix":"S"},
        "operations":{
            "Subscribe":{"name":"Subscribe","input":{"shape":"SubIn"},"output":{"shape":"SubOut"}},
            "Get":{"name":"Get","input":{"shape":"SubIn"}}},
        "shapes":{
            "SubIn":{"type":"structure","members":{"Id":{"shape":"S"}}},
            "SubOut":{"type":"structure","members":{"Events":{"shape":"Stream"}}},
            "Stream":{"type":"structure","eventstream":true,"members":{
                "Record":{"shape":"Record"},"Boom":{"shape":"Boom"}}},
            "Record":{"type":"structure","event":true,"members":{"Data":{"shape":"B","eventpayload":true}}},
            "Boom":{"type":"structure","exception":true,"members":{"Message":{"shape":"S"}}},
            "B":{"type":"blob"},
            "S":{"type":"string"}}}"#
                .to_owned(),
        },
        paginators: None,
        waiters: None,
        endpoint_rules: None,
        partitions: None,
        service_shape: None,
    };
    let (service, warnings) = crate::lower(&files).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(warnings.warnings().count(), 0);
    let ops: Vec<&str> = service
        .operations
        .iter()
        .map(|o| o.wire_name.as_str())
        .collect();
    assert_eq!(ops, ["Get", "Subscribe"]);
    let subscribe = &service.operations[1];
    assert_eq!(
        (subscribe.input_events, subscribe.output_events),
        (None, Some(0))
    );
    let output = service.structure(subscribe.output.unwrap());
    let stream = &output.members[0];
    assert!(
        matches!(&stream.ty, Type::EventStream(union) if matches!(&**union, Type::Named { rust_name, .. } if rust_name == "Stream"))
    );
    assert_eq!(stream.location, Location::Payload(Payload::EventStream));
    let union = service
        .structures
        .iter()
        .find(|s| s.wire_name == "Stream")
        .unwrap();
    assert_eq!(union.kind, crate::ir::StructureKind::Union);
    assert_eq!(
        union.events,
        Some(vec![
            EventShape {
                name: "Record".into(),
                exception: false,
                members: vec![("Data".into(), EventBinding::Payload(EventPayloadKind::Blob))],
            },
            EventShape {
                name: "Boom".into(),
                exception: true,
                members: vec![]
            },
        ])
    );
}

#[test]
fn api_gateway_and_glacier_get_the_headers_the_sdks_add_to_every_request() {
    let model = |service_id: &str| {
        format!(
            r#"{{"metadata":{{"apiVersion":"2012-06-01","protocol":"rest-json","serviceFullName":"S",
            "serviceId":"{service_id}"}},"operations":{{}},"shapes":{{}}}}"#
        )
    };
    let headers = |service_id: &str| lower(&model(service_id)).protocol.default_headers;
    assert_eq!(
        headers("API Gateway"),
        [("Accept".to_owned(), "application/json".to_owned())]
    );
    assert_eq!(
        headers("Glacier"),
        [("X-Amz-Glacier-Version".to_owned(), "2012-06-01".to_owned())]
    );
    assert!(headers("Directory Service").is_empty());
}

#[test]
fn a_query_member_of_an_output_travels_in_the_body() {
    let service = lower(
        r#"{"metadata":{"apiVersion":"1","protocol":"rest-json","serviceFullName":"S"},
        "operations":{"Get":{"name":"Get","http":{"method":"GET","requestUri":"/"},
            "output":{"shape":"Out"}}},
        "shapes":{
            "Out":{"type":"structure","members":{
                "Baz":{"shape":"S","location":"querystring","locationName":"baz"}}},
            "S":{"type":"string"}}}"#,
    );
    let out = service
        .structures
        .iter()
        .find(|s| s.wire_name == "Out")
        .expect("Out");
    assert_eq!(out.members[0].location, Location::Body);
}

#[test]
fn glacier_fills_the_account_id_and_checksums_its_uploads() {
    let service = lower(
        r#"{"metadata":{"apiVersion":"2012-06-01","protocol":"rest-json","serviceFullName":"S",
            "serviceId":"Glacier"},
        "operations":{
            "Upload":{"name":"Upload","http":{"method":"POST","requestUri":"/{accountId}/v"},
                "input":{"shape":"UploadIn"}},
            "List":{"name":"List","http":{"method":"GET","requestUri":"/{accountId}/v"},
                "input":{"shape":"ListIn"}}},
        "shapes":{
            "UploadIn":{"type":"structure","required":["accountId"],"members":{
                "accountId":{"shape":"S","location":"uri","locationName":"accountId"},
                "checksum":{"shape":"S","location":"header","locationName":"x-amz-sha256-tree-hash"}}},
            "ListIn":{"type":"structure","required":["accountId"],"members":{
                "accountId":{"shape":"S","location":"uri","locationName":"accountId"}}},
            "S":{"type":"string"}}}"#,
    );
    let op = |name: &str| {
        service
            .operations
            .iter()
            .find(|o| o.wire_name == name)
            .unwrap()
    };
    assert_eq!(op("Upload").checksum, Some(BodyChecksum::GlacierTreeHash));
    assert_eq!(
        op("List").checksum,
        None,
        "no tree-hash header, no checksums"
    );
    let account = &service.input_of(op("List")).members[0];
    assert_eq!(account.label_fallback.as_deref(), Some("-"));
    assert_eq!(account.default, Some(DefaultValue::String("-".to_owned())));
    assert!(
        account.required,
        "a member with a default always holds a value"
    );
}

#[test]
fn machine_learning_predict_goes_to_the_endpoint_its_input_names() {
    let model = |service_id: &str| {
        format!(
            r#"{{"metadata":{{"apiVersion":"1","protocol":"json","serviceFullName":"S",
                "serviceId":"{service_id}","jsonVersion":"1.1","targetPrefix":"T"}},
            "operations":{{"Predict":{{"name":"Predict","input":{{"shape":"In"}}}}}},
            "shapes":{{
                "In":{{"type":"structure","members":{{
                    "Id":{{"shape":"S"}},"PredictEndpoint":{{"shape":"S"}}}}}},
                "S":{{"type":"string"}}}}}}"#
        )
    };
    let endpoint = |service_id: &str| lower(&model(service_id)).operations[0].endpoint_member;
    assert_eq!(endpoint("Machine Learning"), Some(1));
    assert_eq!(endpoint("Other"), None);
}

#[test]
fn a_default_is_typed_by_its_member_and_one_that_does_not_fit_is_an_error() {
    let model = |default: &str| {
        format!(
            r#"{{"metadata":{{"apiVersion":"1","protocol":"json","serviceFullName":"S",
                "jsonVersion":"1.0","targetPrefix":"T"}},
            "operations":{{}},
            "shapes":{{
                "Out":{{"type":"structure","members":{{
                    "N":{{"shape":"I","default":{default}}},"B":{{"shape":"Bl","default":"YWJj"}}}}}},
                "I":{{"type":"integer"}},"Bl":{{"type":"blob"}}}}}}"#
        )
    };
    let service = lower(&model("7"));
    let members = &service.structures[0].members;
    assert_eq!(members[0].default, Some(DefaultValue::Integer(7)));
    assert_eq!(
        members[1].default,
        Some(DefaultValue::Blob(b"abc".to_vec()))
    );
    let files = |text: String| ModelFiles {
        service: SourceFile {
            path: "m/service-2.json".to_owned(),
            text,
        },
        paginators: None,
        waiters: None,
        endpoint_rules: None,
        partitions: None,
        service_shape: None,
    };
    for (default, expected) in [
        (r#""seven""#, "expected a number"),
        ("4294967296", "expected an integer of 32 bits"),
    ] {
        let error = crate::lower(&files(model(default)))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(&format!(
                "default {default} does not fit the member: {expected}"
            )),
            "{error}"
        );
    }
}

#[test]
fn an_operation_may_carry_its_api_version_in_its_name_as_cloudfronts_do() {
    let model = |name: &str| {
        format!(
            r#"{{"metadata":{{"apiVersion":"2020-05-31","protocol":"rest-json","serviceFullName":"S"}},
            "operations":{{"AssociateAlias":{{"name":"{name}","http":{{"method":"PUT","requestUri":"/"}}}}}},
            "shapes":{{}}}}"#
        )
    };
    let service = lower(&model("AssociateAlias2020_05_31"));
    assert_eq!(service.operations[0].wire_name, "AssociateAlias");
    assert_eq!(service.operations[0].fn_name, "associate_alias");
    let error = lower_error(&model("AssociateAlias2019_03_26"));
    assert!(
        error.contains("operation `AssociateAlias` says its name is `AssociateAlias2019_03_26`"),
        "{error}"
    );
}

#[test]
fn a_member_marked_streaming_streams_like_a_streaming_shape() {
    // S3's `GetObjectOutput.Body` targets a plain blob and marks the member itself.
    let (service, warnings) = lower_with_warnings(
        r#"{"metadata":{"apiVersion":"1","protocol":"rest-json","serviceFullName":"S"},
        "operations":{"Get":{"name":"Get","http":{"method":"GET","requestUri":"/"},
            "output":{"shape":"Out"}}},
        "shapes":{
            "Out":{"type":"structure","payload":"Body","members":{
                "Body":{"shape":"B","streaming":true}}},
            "B":{"type":"blob"}}}"#,
    );
    let op = &service.operations[0];
    let output = service.structure(op.output.expect("an output"));
    assert_eq!(output.members[0].ty, Type::StreamingBlob);
    assert_eq!(op.output_body, Some(0), "the body streams");
    assert!(!warnings.contains("streams its body"), "{warnings}");
}

#[test]
fn members_sharing_a_wire_name_are_generated_with_a_warning() {
    let (service, warnings) = lower_with_warnings(
        r#"{"metadata":{"apiVersion":"1","protocol":"json","serviceFullName":"S",
            "jsonVersion":"1.0","targetPrefix":"T"},
        "operations":{},
        "shapes":{
            "Config":{"type":"structure","members":{
                "Event":{"shape":"S"},
                "Events":{"shape":"L","locationName":"Event"}}},
            "L":{"type":"list","member":{"shape":"S"},"flattened":true},
            "S":{"type":"string"}}}"#,
    );
    assert_eq!(service.structures[0].members.len(), 2);
    assert!(
        warnings.contains(
            "members `Event` and `Events` of `Config` are both `Event` on the wire: reading a response fills `Event` only"
        ),
        "{warnings}"
    );
}
