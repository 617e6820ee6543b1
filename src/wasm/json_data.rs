//! Reading a caller's structured object (a saved plan) as a serde model, safely.

use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use super::js_input::serde_message;
use super::untrusted::{is_array, is_object, json_parse};
use crate::model;
use crate::validate::{InvalidInput, Problem};

/// A caller's object read as the model `T`, through its `JSON.stringify` text parsed back: the
/// caller's getters and proxies run in JS, never under serde, and serde reads plain data. Refusals
/// say where (`options.plan: checkpoints[0].revoke[1].id: invalid type …`).
pub fn json_data<T: DeserializeOwned>(value: &JsValue, field: &str, shape: Shape, max_units: u32) -> Result<T, InvalidInput> {
    let fits = match shape {
        Shape::Object => is_object(value) && !is_array(value),
        Shape::List => is_array(value),
    };
    if !fits {
        let problem = if value.is_undefined() { Problem::Missing } else { Problem::WrongType(shape.expected()) };
        return Err(InvalidInput::new(field, problem));
    }
    let text = js_sys::JSON::stringify(value).map_err(|_| InvalidInput::new(field, Problem::Unreadable))?;
    if text.length() > max_units {
        return Err(InvalidInput::new(field, Problem::OutOfRange("is too large")));
    }
    let plain = json_parse(&text.into()).map_err(|_| InvalidInput::new(field, Problem::Unreadable))?;
    model::read(|| serde_wasm_bindgen::Deserializer::from(plain.clone()), serde_message)
        .map_err(|shape| InvalidInput::new(field, Problem::Detail(shape.message())))
}

/// What the caller's value must be at the top.
#[derive(Clone, Copy)]
pub enum Shape {
    Object,
    List,
}

impl Shape {
    fn expected(self) -> &'static str {
        match self {
            Shape::Object => "must be an object",
            Shape::List => "must be an array",
        }
    }
}
