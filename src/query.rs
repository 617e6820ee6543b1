//! The list call's query: `after`, `limit`, `order`, `project_id`, validated and encoded.
//! Values are percent-encoded, so no id can add a parameter (`&`), end the query (`#`) or be
//! read as a space (`+`).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::validate::{self, InvalidInput, Problem};

/// What a value may keep: RFC 3986 unreserved characters, plus `:` and `@`, which mean nothing
/// inside a query and keep `ft:...` checkpoint ids readable. Every sub-delimiter is encoded,
/// because servers split and decode queries form-style (`&`, `=`, `+`).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b':').remove(b'@');

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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub after: Option<String>,
    pub limit: Option<u32>,
    pub order: Option<Order>,
    pub project_id: Option<String>,
}

impl ListQuery {
    pub fn validate(&self) -> Result<(), InvalidInput> {
        if let Some(after) = &self.after {
            validate::text_id("query.after", after)?;
        }
        if let Some(project_id) = &self.project_id {
            validate::text_id("query.project_id", project_id)?;
        }
        Ok(())
    }

    /// `?after=…&limit=…&order=…&project_id=…` with only the parameters given; empty when none are.
    pub fn push_to(&self, url: &mut String) {
        let mut separator = '?';
        let mut push = |url: &mut String, name: &str, value: &str| {
            url.push(separator);
            separator = '&';
            url.push_str(name);
            url.push('=');
            push_query_value(url, value);
        };
        if let Some(after) = &self.after {
            push(url, "after", after);
        }
        if let Some(limit) = self.limit {
            push(url, "limit", &limit.to_string());
        }
        if let Some(order) = self.order {
            push(url, "order", order.as_str());
        }
        if let Some(project_id) = &self.project_id {
            push(url, "project_id", project_id);
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

fn push_query_value(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, QUERY_VALUE));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(query: &ListQuery) -> String {
        let mut url = String::new();
        query.push_to(&mut url);
        url
    }

    #[test]
    fn no_parameters_means_no_query() {
        assert_eq!(encoded(&ListQuery::default()), "");
    }

    #[test]
    fn parameters_come_in_a_fixed_order() {
        let query =
            ListQuery { after: Some("cp_1".into()), limit: Some(3), order: Some(Order::Ascending), project_id: Some("proj_a".into()) };
        assert_eq!(encoded(&query), "?after=cp_1&limit=3&order=ascending&project_id=proj_a");
        let query = ListQuery { order: Some(Order::Descending), ..ListQuery::default() };
        assert_eq!(encoded(&query), "?order=descending");
    }

    #[test]
    fn values_cannot_add_parameters_or_end_the_query() {
        let query = ListQuery { project_id: Some("a&limit=1000#x y+z/é".into()), ..ListQuery::default() };
        assert_eq!(encoded(&query), "?project_id=a%26limit%3D1000%23x%20y%2Bz%2F%C3%A9");
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

    #[test]
    fn cursor_and_project_must_be_ids() {
        assert_eq!(ListQuery { after: Some(String::new()), ..ListQuery::default() }.validate().unwrap_err().field, "query.after");
        assert_eq!(ListQuery { project_id: Some("a\nb".into()), ..ListQuery::default() }.validate().unwrap_err().field, "query.project_id");
    }
}
