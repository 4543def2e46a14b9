//! What the XML and query protocols need to know about a member, read from the name the
//! structure macros give serde.
//!
//! A structure of a crate that speaks awsQuery, ec2Query or restXml names itself to serde
//! as its Rust name followed by a line per member, `key<TAB>facts`: facts such as
//! `"tagSet q=TagSet > item"`, the member's XML name, then facts separated by spaces (no
//! XML name or query key holds one). The key is the member's name, which JSON shows; a
//! member without a line is its key, as XML name. After a `>` come the facts of a list's
//! items or a map's values, in the
//! same form, their name first: the item's element (default `member`; a flattened list's
//! items are the member's own element) or the value's (default `value`).
//!
//! | fact | meaning |
//! |---|---|
//! | `q=KEY` | the query key, where it is not the XML name (ec2Query's names) |
//! | `attr` | an XML attribute of the structure's element |
//! | `ns=URI`, `ns:PREFIX=URI` | the element's namespace (`xmlNamespace`) |
//! | `flat` | a flattened list or map: its items repeat the member's element |
//! | `key=NAME` | a map entry's key element (default `key`) |
//! | `keyns=URI`, `keyns:PREFIX=URI` | the key element's namespace |

/// The facts of one member, or of a list's items or a map's values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts<'a> {
    /// The XML element or attribute name.
    pub name: &'a str,
    /// The query key, where it differs from `name`.
    pub query: Option<&'a str>,
    /// Whether the member is an XML attribute.
    pub attribute: bool,
    /// The element's namespace: its prefix (if any) and URI.
    pub namespace: Option<(Option<&'a str>, &'a str)>,
    /// Whether a list or map is flattened.
    pub flattened: bool,
    /// A map entry's key element name.
    pub key: Option<&'a str>,
    /// The namespace of a map entry's key element.
    pub key_namespace: Option<(Option<&'a str>, &'a str)>,
    /// What follows the `>`, unparsed: the items' or values' facts.
    inner: &'a str,
}

impl<'a> Facts<'a> {
    /// Reads a key: the name, then its facts.
    pub fn parse(key: &'a str) -> Facts<'a> {
        let (own, inner) = key.split_once(" > ").unwrap_or((key, ""));
        let mut words = own.split(' ');
        let mut facts = Facts {
            name: words.next().unwrap_or_default(),
            inner,
            ..Facts::default()
        };
        for word in words {
            match word.split_once('=') {
                Some(("q", key)) => facts.query = Some(key),
                Some(("key", name)) => facts.key = Some(name),
                Some(("ns", uri)) => facts.namespace = Some((None, uri)),
                Some((ns, uri)) if ns.starts_with("ns:") => {
                    facts.namespace = Some((Some(&ns[3..]), uri));
                }
                Some(("keyns", uri)) => facts.key_namespace = Some((None, uri)),
                Some((ns, uri)) if ns.starts_with("keyns:") => {
                    facts.key_namespace = Some((Some(&ns[6..]), uri));
                }
                _ if word == "attr" => facts.attribute = true,
                _ if word == "flat" => facts.flattened = true,
                // A fact this runtime does not know is one a newer generator wrote: the
                // member still travels under its name.
                _ => {}
            }
        }
        facts
    }

    /// The facts of member `key` of the structure serde knows as `structure` (see the
    /// module's docs): its line's, else `key` as its XML name.
    pub fn of_member(structure: &'static str, key: &'static str) -> Facts<'static> {
        let line = structure
            .split('\n')
            .skip(1)
            .filter_map(|line| line.split_once('\t'))
            .find(|(k, _)| *k == key);
        match line {
            Some((_, facts)) => Facts::parse(facts),
            None => Facts::parse(key),
        }
    }

    /// The query key: `q=`, else the XML name.
    pub fn query_key(&self) -> &'a str {
        self.query.unwrap_or(self.name)
    }

    /// The facts of a list's items: their element is `member` unless named; a flattened
    /// list's items repeat the member's own element, whatever the items' name.
    pub fn items(&self) -> Facts<'a> {
        let items = match self.inner {
            "" => Facts {
                name: "member",
                ..Facts::default()
            },
            inner => Facts::parse(inner),
        };
        if self.flattened {
            Facts {
                name: self.name,
                ..items
            }
        } else {
            items
        }
    }

    /// The facts of a map's values: their element is `value` unless named.
    pub fn values(&self) -> Facts<'a> {
        match self.inner {
            "" => Facts {
                name: "value",
                ..Facts::default()
            },
            inner => Facts::parse(inner),
        }
    }

    /// A map entry's key element.
    pub fn key_name(&self) -> &'a str {
        self.key.unwrap_or("key")
    }

    /// The facts of a map entry's key element.
    pub fn keys(&self) -> Facts<'a> {
        Facts {
            name: self.key_name(),
            namespace: self.key_namespace,
            ..Facts::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Facts;

    #[test]
    fn keys_read_as_names_and_facts() {
        let plain = Facts::parse("Name");
        assert_eq!(plain.name, "Name");
        assert_eq!(plain.query_key(), "Name");
        assert_eq!(plain.items().name, "member");
        assert_eq!(plain.values().name, "value");
        assert_eq!(plain.key_name(), "key");
        let facts = Facts::parse("tags q=Tag flat ns:xsi=http://x/y key=k > item ns=urn:a");
        assert_eq!(facts.name, "tags");
        assert_eq!(facts.query_key(), "Tag");
        assert!(facts.flattened && !facts.attribute);
        assert_eq!(facts.namespace, Some((Some("xsi"), "http://x/y")));
        assert_eq!(facts.key_name(), "k");
        // A flattened list's items repeat its element, with their own facts.
        let items = facts.items();
        assert_eq!(items.name, "tags");
        assert_eq!(items.namespace, Some((None, "urn:a")));
        assert_eq!(Facts::parse("tags > item ns=urn:a").items().name, "item");
        assert!(Facts::parse("id attr").attribute);
        // A flattened list without a named item repeats the member's element.
        assert_eq!(Facts::parse("values flat").items().name, "values");
        // Nested lists: each level's facts after its own `>`.
        let nested = Facts::parse("lists > member > item");
        assert_eq!(nested.items().name, "member");
        assert_eq!(nested.items().items().name, "item");
        // A newer generator's fact is ignored, not an error.
        assert_eq!(Facts::parse("a future=1").name, "a");
        // A structure's members: a line each for those with facts.
        let structure = "Listing\nTags\ttagSet q=TagSet > item\nId\tid attr";
        assert_eq!(Facts::of_member(structure, "Tags").query_key(), "TagSet");
        assert!(Facts::of_member(structure, "Id").attribute);
        assert_eq!(Facts::of_member(structure, "Other").name, "Other");
    }
}
