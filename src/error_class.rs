//! Which JavaScript error class a failure becomes: the one table of the package's error classes.
//! The names are openai-node's, so code written against the official SDK (`err instanceof
//! RateLimitError`) reads the same here. `pkg-template/errors.js` defines each class (Rust cannot
//! subclass `Error`) and `index.d.ts` types it; a test below fails when either disagrees with this.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// Bad input found before the network: nothing was sent.
    InvalidInput,
    BadRequest,
    Authentication,
    PermissionDenied,
    NotFound,
    Conflict,
    UnprocessableEntity,
    RateLimit,
    InternalServer,
    /// Any other non-success status.
    Api,
    /// A success status whose body is not the documented object.
    MalformedResponse,
    Connection,
    ConnectionTimeout,
    UserAbort,
    /// Some writes of a grant, revoke or sync failed; the error lists each one.
    PartialFailure,
    /// A saved plan's checkpoint changed since the plan was made: nothing was written.
    StalePlan,
    /// The organization's audit log is off, so there is no history to read.
    AuditLoggingDisabled,
}

impl ErrorClass {
    pub const ALL: [ErrorClass; 17] = [
        Self::InvalidInput,
        Self::BadRequest,
        Self::Authentication,
        Self::PermissionDenied,
        Self::NotFound,
        Self::Conflict,
        Self::UnprocessableEntity,
        Self::RateLimit,
        Self::InternalServer,
        Self::Api,
        Self::MalformedResponse,
        Self::Connection,
        Self::ConnectionTimeout,
        Self::UserAbort,
        Self::PartialFailure,
        Self::StalePlan,
        Self::AuditLoggingDisabled,
    ];

    pub fn for_status(status: u16) -> Self {
        match status {
            400 => Self::BadRequest,
            401 => Self::Authentication,
            403 => Self::PermissionDenied,
            404 => Self::NotFound,
            409 => Self::Conflict,
            422 => Self::UnprocessableEntity,
            429 => Self::RateLimit,
            500.. => Self::InternalServer,
            _ => Self::Api,
        }
    }

    /// The exported class name.
    pub fn name(self) -> &'static str {
        match self {
            Self::InvalidInput => "InvalidInputError",
            Self::BadRequest => "BadRequestError",
            Self::Authentication => "AuthenticationError",
            Self::PermissionDenied => "PermissionDeniedError",
            Self::NotFound => "NotFoundError",
            Self::Conflict => "ConflictError",
            Self::UnprocessableEntity => "UnprocessableEntityError",
            Self::RateLimit => "RateLimitError",
            Self::InternalServer => "InternalServerError",
            Self::Api => "APIError",
            Self::MalformedResponse => "MalformedResponseError",
            Self::Connection => "APIConnectionError",
            Self::ConnectionTimeout => "APIConnectionTimeoutError",
            Self::UserAbort => "APIUserAbortError",
            Self::PartialFailure => "PartialFailureError",
            Self::StalePlan => "StalePlanError",
            Self::AuditLoggingDisabled => "AuditLoggingDisabledError",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The error classes a JS or TypeScript file declares (`export class XError …`).
    fn exported_classes(source: &str) -> BTreeSet<String> {
        source
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("export class "))
            .filter_map(|rest| rest.split(|c: char| !c.is_ascii_alphanumeric()).next())
            .filter(|name| name.ends_with("Error"))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn errors_js_and_the_types_declare_exactly_these_classes() {
        // OpenAIError is the base class, never thrown as such.
        let table: BTreeSet<String> = ErrorClass::ALL.iter().map(|class| class.name().to_owned()).chain(["OpenAIError".to_owned()]).collect();
        let root = env!("CARGO_MANIFEST_DIR");
        for file in ["pkg-template/errors.js", "pkg-template/index.d.ts"] {
            let source = std::fs::read_to_string(format!("{root}/{file}")).unwrap();
            assert_eq!(exported_classes(&source), table, "{file} and ErrorClass disagree");
        }
        let names: BTreeSet<&str> = ErrorClass::ALL.iter().map(|class| class.name()).collect();
        assert_eq!(names.len(), ErrorClass::ALL.len(), "each class once");
    }

    #[test]
    fn statuses_map_to_openai_node_classes() {
        let table = [
            (400, "BadRequestError"),
            (401, "AuthenticationError"),
            (403, "PermissionDeniedError"),
            (404, "NotFoundError"),
            (409, "ConflictError"),
            (422, "UnprocessableEntityError"),
            (429, "RateLimitError"),
            (500, "InternalServerError"),
            (502, "InternalServerError"),
            (503, "InternalServerError"),
            (599, "InternalServerError"),
            (402, "APIError"),
            (418, "APIError"),
            (302, "APIError"),
        ];
        for (status, name) in table {
            assert_eq!(ErrorClass::for_status(status).name(), name, "{status}");
        }
    }
}
