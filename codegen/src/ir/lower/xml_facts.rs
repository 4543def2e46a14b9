//! The XML facts of members, for the XML and query protocols: XML and query names, lists'
//! and maps' element names, flattening, attributes and namespaces, in the form the
//! runtime's `wire::facts` reads; and the root element of restXml request bodies.

use super::Lowerer;
use crate::ir::ClientProtocol;
use crate::model::{self, ShapeType};

/// Lists and maps nest no deeper than this in a key; the type walk reports deeper ones.
const MAX_DEPTH: usize = 32;

impl Lowerer<'_> {
    /// The root element of a restXml request body whose members are those of input
    /// structure `name`: the structure's own `xmlName`, else the operation's (botocore's
    /// input `locationName`), else its name; with the structure's namespace, else the
    /// operation's (or the service's, from a Smithy model). `None` for other protocols.
    pub(super) fn xml_root(&self, name: &str, shape: &model::Shape) -> Option<String> {
        self.client.as_ref().filter(|c| c.speaks_xml())?;
        let input = self
            .model
            .operations
            .values()
            .filter_map(|op| op.input.as_ref())
            .find(|r| r.shape == name);
        let mut root = shape
            .location_name
            .clone()
            .or_else(|| input.and_then(|r| r.location_name.clone()))
            .unwrap_or_else(|| name.to_owned());
        let namespace = shape
            .xml_namespace
            .as_ref()
            .or_else(|| input.and_then(|r| r.xml_namespace.as_ref()));
        if let Some(ns) = namespace {
            push_namespace(&mut root, ns);
        }
        Some(root)
    }

    /// The XML facts of a structure member whose wire name is `wire_name`, for the XML
    /// protocols: its XML name, then its facts. A restXml payload's are its document's
    /// root element: the member's `xmlName`, else its target's, else the target's name.
    pub(super) fn xml_facts(
        &self,
        container: &model::Shape,
        member_name: &str,
        member: &model::Member,
        wire_name: &str,
    ) -> Option<String> {
        let client = self.client.as_ref().filter(|c| c.speaks_xml())?;
        if container.payload.as_deref() == Some(member_name) {
            let target = self.model.shapes.get(&member.shape);
            // botocore's suites give payload members their own name as `locationName`,
            // which says nothing.
            let renamed = member.location_name.clone().filter(|n| n != member_name);
            let mut root = renamed
                .or_else(|| target.and_then(|t| t.location_name.clone()))
                .unwrap_or_else(|| member.shape.clone());
            let namespace = member
                .xml_namespace
                .as_ref()
                .or_else(|| target.and_then(|t| t.xml_namespace.as_ref()));
            if let Some(ns) = namespace {
                push_namespace(&mut root, ns);
            }
            return Some(root);
        }
        let mut key = wire_name.to_owned();
        if *client == ClientProtocol::Ec2Query {
            // EC2's query names: `ec2QueryName`, else the XML name capitalized.
            let query = member.query_name.clone().unwrap_or_else(|| {
                capitalize(member.location_name.as_deref().unwrap_or(member_name))
            });
            if query != wire_name {
                key.push_str(" q=");
                key.push_str(&query);
            }
        }
        self.push_facts(&mut key, member, wire_name, 0);
        Some(key)
    }

    /// Appends a member's own facts, then its items' or values' after a `>`.
    fn push_facts(&self, key: &mut String, member: &model::Member, own_name: &str, depth: usize) {
        let target = self.model.shapes.get(&member.shape);
        if member.xml_attribute {
            key.push_str(" attr");
        }
        let Some(target) = target.filter(|_| depth < MAX_DEPTH) else {
            return;
        };
        // A structure's own namespace is its document root's only (Smithy ignores it on
        // nested elements, which inherit the root's).
        if let Some(ns) = &member.xml_namespace {
            push_namespace(key, ns);
        }
        let flattened = member.flattened || target.flattened;
        match target.shape_type {
            ShapeType::List | ShapeType::Map if flattened => key.push_str(" flat"),
            _ => {}
        }
        let inner = match target.shape_type {
            ShapeType::List => target.member.as_ref().map(|item| {
                let default = if flattened { own_name } else { "member" };
                (item, default)
            }),
            ShapeType::Map => {
                if let Some(k) = &target.key {
                    if let Some(name) = &k.location_name {
                        key.push_str(" key=");
                        key.push_str(name);
                    }
                    if let Some(ns) = &k.xml_namespace {
                        // The key's namespace, as a member's but marked as the key's.
                        let mut facts = String::new();
                        push_namespace(&mut facts, ns);
                        key.push_str(&facts.replacen(" ns", " keyns", 1));
                    }
                }
                target.value.as_ref().map(|value| (value, "value"))
            }
            _ => None,
        };
        if let Some((item, default)) = inner {
            let name = item.location_name.as_deref().unwrap_or(default);
            let mut facts = String::new();
            self.push_facts(&mut facts, item, name, depth + 1);
            if item.location_name.is_some() || !facts.is_empty() {
                key.push_str(" > ");
                key.push_str(name);
                key.push_str(&facts);
            }
        }
    }
}

fn push_namespace(key: &mut String, ns: &model::XmlNamespace) {
    match &ns.prefix {
        Some(prefix) => key.push_str(&format!(" ns:{prefix}={}", ns.uri)),
        None => key.push_str(&format!(" ns={}", ns.uri)),
    }
}

/// `name` with its first letter upper case, as EC2's query names are.
fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
