//! Converts botocore's HTML documentation to Markdown that rustdoc renders without warnings.

/// Converts model HTML to rustdoc-safe Markdown; empty input gives an empty string.
pub fn html_to_markdown(html: &str) -> String {
    let html = html.trim();
    if html.is_empty() {
        return String::new();
    }
    // botocore uses `<note>` and `<important>`, which no converter knows: make them paragraphs
    // with a bold lead so the emphasis survives.
    let html = html
        .replace("<note>", "<p><b>Note:</b></p>")
        .replace("</note>", "")
        .replace("<important>", "<p><b>Important:</b></p>")
        .replace("</important>", "");
    let markdown = htmd::convert(&html).unwrap_or_else(|_| strip_tags(&html));
    make_rustdoc_safe(&markdown)
}

/// Fallback when the converter fails: the text without tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Rewrites what rustdoc would misread: bare URLs, brackets that are not links, text that
/// looks like HTML tags, relative links (taken as intra-doc links), and code fences
/// (taken as doctests).
fn make_rustdoc_safe(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut in_fence = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if in_fence {
                out.push_str("```");
            } else {
                out.push_str("```text");
            }
            in_fence = !in_fence;
            out.push('\n');
            continue;
        }
        if in_fence {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        // Four spaces of indent make an indented code block (which rustdoc runs as a doctest)
        // wherever the line above is not a list item, so indented lines are flattened; nested
        // lists become flat lists.
        let line = if line.starts_with("    ") {
            // An indented line that continues the line above (not a nested list item)
            // joins it: left flat on its own line, it would be a lazy continuation.
            let continues = !out.ends_with("\n\n") && !out.is_empty() && !is_list_item(trimmed);
            if continues && !trimmed.is_empty() {
                out.pop();
                out.push(' ');
                out.push_str(&escape_inline(trimmed));
                out.push('\n');
                continue;
            }
            trimmed
        } else {
            line
        };
        out.push_str(&escape_inline(line));
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    // Collapse runs of blank lines and trim the ends.
    let mut collapsed = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !collapsed.is_empty() {
            collapsed.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        collapsed.push_str(line);
    }
    collapsed
}

/// Whether a line starts a Markdown list item (`* `, `- `, `+ ` or `1. `).
fn is_list_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    ["* ", "- ", "+ "].iter().any(|m| line.starts_with(m))
        || (digits > 0 && line[digits..].starts_with(". "))
}

/// Escapes one line outside code spans.
fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                // Copy a code span through unchanged.
                let ticks = chars[i..].iter().take_while(|&&c| c == '`').count();
                let close = find_ticks(&chars, i + ticks, ticks);
                match close {
                    Some(end) => {
                        out.extend(&chars[i..end + ticks]);
                        i = end + ticks;
                    }
                    None => {
                        for _ in 0..ticks {
                            out.push_str("\\`");
                        }
                        i += ticks;
                    }
                }
            }
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(c);
                out.push(chars[i + 1]);
                i += 2;
            }
            '[' => match parse_link(&chars, i) {
                Some((text_end, url_start, url_end)) => {
                    let text: String = chars[i + 1..text_end].iter().collect();
                    let url: String = chars[url_start..url_end].iter().collect();
                    let url = url.trim();
                    if url.starts_with("http://") || url.starts_with("https://") {
                        out.push('[');
                        out.push_str(&escape_inline(&text));
                        out.push_str("](");
                        out.push_str(url);
                        out.push(')');
                    } else {
                        // A relative or fragment link has no target in rustdoc.
                        out.push_str(&escape_inline(&text));
                    }
                    i = url_end + 1;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                let rest: String = chars[i..].iter().collect();
                if let Some(end) = autolink_end(&rest) {
                    out.push_str(&rest[..end]);
                    i += rest[..end].chars().count();
                } else {
                    out.push_str("&lt;");
                    i += 1;
                }
            }
            '>' => {
                out.push_str("&gt;");
                i += 1;
            }
            'h' if starts_with_url(&chars[i..]) && (i == 0 || !chars[i - 1].is_alphanumeric()) => {
                let end = chars[i..]
                    .iter()
                    .position(|c| c.is_whitespace() || *c == '<' || *c == '>' || *c == '"')
                    .map_or(chars.len(), |p| i + p);
                // Trailing punctuation ends a sentence, not the URL.
                let mut end = end;
                while end > i && matches!(chars[end - 1], '.' | ',' | ';' | ':' | ')' | '\'') {
                    end -= 1;
                }
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn find_ticks(chars: &[char], from: usize, ticks: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let run = chars[j..].iter().take_while(|&&c| c == '`').count();
            if run == ticks {
                return Some(j);
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

/// For `[text](url)` starting at `start`: the index of `]`, and the url's start and end (`)`).
fn parse_link(chars: &[char], start: usize) -> Option<(usize, usize, usize)> {
    let mut depth = 0;
    let mut j = start;
    let text_end = loop {
        match chars.get(j)? {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            _ => {}
        }
        j += 1;
    };
    if chars.get(text_end + 1) != Some(&'(') {
        return None;
    }
    let url_start = text_end + 2;
    let url_end = url_start + chars[url_start..].iter().position(|&c| c == ')')?;
    Some((text_end, url_start, url_end))
}

fn starts_with_url(chars: &[char]) -> bool {
    let head: String = chars.iter().take(8).collect();
    head.starts_with("http://") || head.starts_with("https://")
}

fn autolink_end(rest: &str) -> Option<usize> {
    if !(rest.starts_with("<http://") || rest.starts_with("<https://")) {
        return None;
    }
    let close = rest.find('>')?;
    let inner = &rest[1..close];
    (!inner.contains(char::is_whitespace)).then_some(close + 1)
}

/// The first sentence of a Markdown text, for one-line summaries.
pub fn first_sentence(markdown: &str) -> String {
    let paragraph = markdown
        .split("\n\n")
        .next()
        .unwrap_or("")
        .replace('\n', " ");
    match paragraph.find(". ") {
        Some(end) => paragraph[..=end].to_owned(),
        None => paragraph,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_the_html_botocore_uses() {
        let md = html_to_markdown(
            "<p>Obtains information about the directories that belong to this account.</p> \
             <p>You can retrieve information about specific directories by passing the directory \
             identifiers in the <code>DirectoryIds</code> parameter.</p><ul><li><p>One</p></li>\
             <li><p>Two</p></li></ul>",
        );
        assert!(
            md.starts_with("Obtains information about the directories"),
            "{md}"
        );
        assert!(md.contains("`DirectoryIds`"), "{md}");
        assert!(md.contains("*   One"), "{md}");
    }

    #[test]
    fn keeps_absolute_links_and_drops_relative_ones() {
        let md = html_to_markdown(
            "<p>See <a href=\"https://docs.aws.amazon.com/x.html\">the guide</a> and \
             <a>DescribeTrusts</a> and <a href=\"#foo\">here</a>.</p>",
        );
        assert!(
            md.contains("[the guide](https://docs.aws.amazon.com/x.html)"),
            "{md}"
        );
        assert!(md.contains("DescribeTrusts"), "{md}");
        assert!(!md.contains("(#foo)"), "{md}");
    }

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        let md = html_to_markdown("<p>Use [0-9] or &lt;Name&gt; at https://example.com/a.</p>");
        assert!(md.contains("\\[0-9\\]"), "{md}");
        assert!(!md.contains("<Name>") && md.contains("Name"), "{md}");
        assert!(md.contains("<https://example.com/a>."), "{md}");
    }

    #[test]
    fn fences_are_text_not_doctests() {
        let md = html_to_markdown("<pre><code>aws ds describe-directories</code></pre>");
        assert!(md.contains("```text"), "{md}");
    }

    #[test]
    fn an_indented_continuation_joins_its_list_item() {
        let md = html_to_markdown(
            "<ul><li><p>Rate - <code>rate(<i>value</i>\n<i>unit</i>)</code></p></li></ul>",
        );
        assert!(
            !md.lines()
                .any(|l| l.starts_with('*') && !l.starts_with("*   ")),
            "{md}"
        );
        assert_eq!(md.lines().count(), 1, "{md}");
    }

    #[test]
    fn nested_lists_never_become_code_blocks() {
        let md = html_to_markdown(
            "<p>Intro</p><ul><li><p>Outer</p><ul><li><p><code>Inner</code></p></li></ul></li></ul>",
        );
        assert!(md.lines().all(|l| !l.starts_with("    ")), "{md}");
        assert!(md.contains("`Inner`"), "{md}");
    }

    #[test]
    fn notes_keep_their_emphasis() {
        let md = html_to_markdown("<note><p>Careful.</p></note>");
        assert!(md.contains("**Note:**"), "{md}");
        assert!(md.contains("Careful."), "{md}");
    }
}
