//! Which JavaScript error class a failure becomes. The names are openai-node's, so code written
//! against the official SDK (`err instanceof RateLimitError`) reads the same here.

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
}

impl ErrorClass {
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

    /// The exported class name; `pkg-template/errors.js` defines a class for each.
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
