//! The keys the structure macros give serde: a member's wire name, and for the XML and
//! query protocols the facts their readers and writers need (XML and query names, lists'
//! and maps' element names, flattening, attributes, namespaces), in the form the runtime's
//! `wire::facts` reads.

use super::Lowerer;
use crate::ir::ClientProtocol;
use crate::model::{self, ShapeType};

/// Lists and maps nest no deeper than this in a key; the type walk reports deeper ones.
const MAX_DEPTH: usize = 32;

impl Lowerer<'_> {
    /// The key of a structure member whose wire name is `wire_name`.
    pub(super) fn wire_key(
        &self,
        member_name: &str,
        member: &model::Member,
        wire_name: &str,
    ) -> String {
        let Some(client) = self.client.as_ref().filter(|c| c.speaks_xml()) else {
            return wire_name.to_owned();
        };
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
        key
    }

    /// Appends a member's own facts, then its items' or values' after a `>`.
    fn push_facts(&self, key: &mut String, member: &model::Member, own_name: &str, depth: usize) {
        let target = self.model.shapes.get(&member.shape);
        if member.xml_attribute {
            key.push_str(" attr");
        }
        if let Some(ns) = &member.xml_namespace {
            push_namespace(key, ns);
        }
        let Some(target) = target.filter(|_| depth < MAX_DEPTH) else {
            return;
        };
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
                if let Some(name) = target.key.as_ref().and_then(|k| k.location_name.as_deref()) {
                    key.push_str(" key=");
                    key.push_str(name);
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
