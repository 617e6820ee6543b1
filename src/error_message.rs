//! Error messages a person can act on. An API error reads like openai-node's (`404 <message>`);
//! when the body is not OpenAI's error object (an HTML page from a proxy), the message says so and
//! quotes a short, tag-free summary instead of a wall of markup.

const SUMMARY_CHARS: usize = 200;

/// What an error answer's body held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorBody<'a> {
    /// OpenAI's `{"error": {"message": ...}}`.
    ApiMessage(&'a str),
    /// Anything else: the raw text and its content type.
    Other { content_type: Option<&'a str>, text: &'a str },
}

pub fn api_error(status: u16, body: ErrorBody<'_>) -> String {
    match body {
        ErrorBody::ApiMessage(message) => format!("{status} {message}"),
        ErrorBody::Other { text, .. } if text.trim_ascii().is_empty() => format!("{status} status code (no body)"),
        ErrorBody::Other { content_type, text } => {
            let kind =
                content_type.and_then(|c| c.split(';').next()).map(str::trim_ascii).filter(|c| !c.is_empty()).unwrap_or("unknown type");
            format!("{status} status code, and the body is not an OpenAI error ({kind}): {}", summarize(text))
        }
    }
}

/// For a success status whose body could not be used; `problem` says what was wrong.
pub fn malformed_response(status: u16, problem: &str) -> String {
    format!("{status} status code, but the answer is not the documented object: {problem}")
}

/// The `<title>` of an HTML page, or the text without tags, whitespace collapsed, at most 200 characters.
pub fn summarize(text: &str) -> String {
    let source = html_title(text).unwrap_or(text);
    let mut out = String::new();
    let mut in_tag = false;
    let mut pending_space = false;
    let mut count = 0;
    for c in source.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                pending_space = true;
            }
            _ if in_tag => {}
            c if c.is_whitespace() || c.is_control() => pending_space = true,
            c => {
                if count == SUMMARY_CHARS {
                    out.push('…');
                    break;
                }
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
                count += 1;
            }
        }
    }
    out
}

fn html_title(text: &str) -> Option<&str> {
    // Titles sit at the top; looking further would cost time on a large body for nothing.
    let mut head_end = text.len().min(4096);
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let lower = text.get(..head_end)?.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower.get(start..)?.find("</title>")?;
    text.get(start..end).filter(|title| !title.trim_ascii().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_messages_read_like_openai_node() {
        assert_eq!(api_error(404, ErrorBody::ApiMessage("No such checkpoint")), "404 No such checkpoint");
    }

    #[test]
    fn an_html_502_page_is_summarised_by_its_title() {
        let page = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
        assert_eq!(
            api_error(502, ErrorBody::Other { content_type: Some("text/html; charset=utf-8"), text: page }),
            "502 status code, and the body is not an OpenAI error (text/html): 502 Bad Gateway"
        );
    }

    #[test]
    fn other_bodies_are_stripped_collapsed_and_cut() {
        assert_eq!(summarize("<p>upstream\n\n  timed   out</p>"), "upstream timed out");
        let long = "x".repeat(1000);
        let summary = summarize(&long);
        assert_eq!(summary.chars().count(), SUMMARY_CHARS + 1);
        assert!(summary.ends_with('…'));
        assert_eq!(summarize(&"é".repeat(300)).chars().count(), SUMMARY_CHARS + 1, "cut on characters, not bytes");
        assert_eq!(api_error(503, ErrorBody::Other { content_type: None, text: "  " }), "503 status code (no body)");
        assert_eq!(
            api_error(500, ErrorBody::Other { content_type: None, text: "{\"detail\":\"boom\"}" }),
            "500 status code, and the body is not an OpenAI error (unknown type): {\"detail\":\"boom\"}"
        );
    }

    #[test]
    fn odd_markup_never_panics() {
        for text in ["<title>", "<title></title>x", "<TITLE>Ünïcödé</TITLE>", "<<<>>>", "é<title>é</title>", ""] {
            let _ = summarize(text);
        }
        assert_eq!(summarize("<TITLE>Ünïcödé</TITLE>"), "Ünïcödé");
    }
}
