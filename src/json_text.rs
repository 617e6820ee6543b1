//! The only JSON this crate writes is a list of ids; a few lines of escaping cost far fewer wasm
//! bytes than a JSON library, and the runtime's own `JSON.parse` reads the answers.

pub fn push_string(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let byte = c as u8;
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0F)]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `{"project_ids":[...]}`, the create request's body.
pub fn project_ids_body(ids: &[String]) -> String {
    let mut out = String::with_capacity(18 + ids.iter().map(|id| id.len() + 3).sum::<usize>());
    out.push_str("{\"project_ids\":[");
    for (index, id) in ids.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_string(&mut out, id);
    }
    out.push_str("]}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_matches_the_api_example() {
        let ids = vec!["proj_abGMw1llN8IrBb6SvvY5A1iH".to_owned()];
        assert_eq!(project_ids_body(&ids), r#"{"project_ids":["proj_abGMw1llN8IrBb6SvvY5A1iH"]}"#);
    }

    #[test]
    fn any_string_survives_a_json_round_trip() {
        let ids: Vec<String> = ["plain", "quote\"back\\slash", "new\nline\ttab\r", "\u{0}\u{1f}\u{7f}", "é模🙂", "</script>"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let body = project_ids_body(&ids);
        let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(parsed, serde_json::json!({ "project_ids": ids }));
    }
}
