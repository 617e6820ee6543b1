//! A list call's query string, for every resource: parameters in a fixed order, values
//! percent-encoded so no value can add a parameter (`&`), end the query (`#`) or be read as a
//! space (`+`). What every cursor-paged list shares (`after`, `limit`) is `Paging`.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::validate::{InvalidInput, Problem};

/// What a value may keep: RFC 3986 unreserved characters, plus `:` and `@`, which mean nothing
/// inside a query and keep `ft:...` checkpoint ids readable. Every sub-delimiter is encoded,
/// because servers split and decode queries form-style (`&`, `=`, `+`).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b':').remove(b'@');

/// The largest page the API's lists give; walking every page asks for it.
pub const MAX_PAGE_SIZE: u32 = 100;

/// A resource's list query: how it is written into a URL.
pub trait Query {
    fn write(&self, url: &mut QueryString);
}

/// A resource's list query, walked page by page: the part every cursor-paged list shares.
pub trait PagedQuery: Query + Clone {
    fn paging(&mut self) -> &mut Paging;
}

/// `after` and `limit`, the cursor of every paged list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paging {
    pub after: Option<String>,
    pub limit: Option<u32>,
}

impl Query for Paging {
    fn write(&self, url: &mut QueryString) {
        url.push("after", self.after.as_deref());
        url.push("limit", self.limit.map(|limit| limit.to_string()).as_deref());
    }
}

/// A URL gaining its query: `?` before the first parameter, `&` before the others.
pub struct QueryString {
    url: String,
    separator: char,
}

impl QueryString {
    pub fn new(url: String) -> Self {
        Self { url, separator: '?' }
    }

    /// `name=value`; nothing when `value` is `None`. The name is encoded too: `event_types[]`
    /// goes out as `event_types%5B%5D`, as openai-node's query writer sends it.
    pub fn push(&mut self, name: &str, value: Option<&str>) {
        let Some(value) = value else { return };
        self.url.push(self.separator);
        self.separator = '&';
        self.url.extend(utf8_percent_encode(name, QUERY_VALUE));
        self.url.push('=');
        self.url.extend(utf8_percent_encode(value, QUERY_VALUE));
    }

    /// `name=a&name=b`, one pair per value, in order.
    pub fn push_each(&mut self, name: &str, values: &[String]) {
        for value in values {
            self.push(name, Some(value));
        }
    }

    pub fn finish(self) -> String {
        self.url
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Ascending,
    Descending,
}

impl Order {
    pub fn parse(field: &str, text: &str) -> Result<Self, InvalidInput> {
        match text {
            "ascending" => Ok(Order::Ascending),
            "descending" => Ok(Order::Descending),
            _ => Err(InvalidInput::new(field, Problem::WrongType("must be \"ascending\" or \"descending\""))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Order::Ascending => "ascending",
            Order::Descending => "descending",
        }
    }
}

/// A whole number from 1 up; the API's own maximum is its to enforce.
pub fn limit(field: &str, value: f64) -> Result<u32, InvalidInput> {
    const RANGE: &str = "must be a whole number from 1 to 4294967295";
    if !(value.fract() == 0.0 && value >= 1.0 && value <= f64::from(u32::MAX)) {
        return Err(InvalidInput::new(field, Problem::OutOfRange(RANGE)));
    }
    Ok(value as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(query: &impl Query) -> String {
        let mut url = QueryString::new(String::new());
        query.write(&mut url);
        url.finish()
    }

    #[test]
    fn no_parameters_means_no_query() {
        assert_eq!(written(&Paging::default()), "");
    }

    #[test]
    fn paging_comes_first_and_values_cannot_add_parameters() {
        assert_eq!(written(&Paging { after: Some("cp_1".into()), limit: Some(3) }), "?after=cp_1&limit=3");
        assert_eq!(written(&Paging { after: Some("a&limit=1000#x y+z/é".into()), limit: None }), "?after=a%26limit%3D1000%23x%20y%2Bz%2F%C3%A9");
    }

    #[test]
    fn a_list_repeats_its_name_and_brackets_are_encoded() {
        let mut url = QueryString::new(String::new());
        url.push_each("event_types[]", &["a.b".into(), "c".into()]);
        url.push("effective_at[gt]", Some("5"));
        assert_eq!(url.finish(), "?event_types%5B%5D=a.b&event_types%5B%5D=c&effective_at%5Bgt%5D=5");
    }

    #[test]
    fn order_and_limit_are_checked() {
        assert_eq!(Order::parse("o", "ascending").unwrap(), Order::Ascending);
        assert!(Order::parse("o", "asc").is_err());
        assert!(Order::parse("o", "").is_err());
        assert_eq!(limit("l", 10.0).unwrap(), 10);
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 5e9] {
            assert!(limit("l", bad).is_err(), "{bad}");
        }
    }
}
