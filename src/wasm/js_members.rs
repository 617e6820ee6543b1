//! `read_members!`: reads a caller's object member by member into a struct, each member's JS name
//! written once, in the invocation, and made into a JS string once (wasm-bindgen's
//! `static_string`), not per call. Every member goes through `Reflect.get` with `catch`, so a
//! throwing getter or a revoked proxy is an `InvalidInput` naming the member, never a trap; then
//! through its reader, `fn(&JsValue, field: &str) -> Result<T, InvalidInput>`, which decides what
//! `undefined` means. The field in messages is `{prefix}.{name}` (`options.apiKey`).
//!
//! ```ignore
//! read_members! {
//!     /// The list call's query.
//!     pub fn list_query("query", "must be an object like { after, limit }") -> ListQuery {
//!         after: "after" => optional_string,
//!         limit: "limit" => optional_limit,
//!     }
//! }
//! ```

macro_rules! read_members {
    (
        $(#[$doc:meta])*
        $vis:vis fn $name:ident($prefix:literal $(, $expected:literal)?) -> $Struct:ident {
            $( $(#[cfg($cfg:meta)])* $field:ident : $js:tt => $reader:expr ),* $(,)?
        }
    ) => {
        $(#[$doc])*
        /// `undefined` and `null` read as an object without members.
        $vis fn $name(value: &wasm_bindgen::JsValue) -> Result<$Struct, crate::validate::InvalidInput> {
            #[allow(non_upper_case_globals)]
            mod member {
                use wasm_bindgen::prelude::*;
                #[wasm_bindgen]
                extern "C" {
                    $(
                        $(#[cfg($cfg)])*
                        #[wasm_bindgen(thread_local_v2, static_string)]
                        pub static $field: js_sys::JsString = $js;
                    )*
                }
            }
            let absent = value.is_null_or_undefined();
            if !absent && !crate::wasm::untrusted::is_object(value) {
                let expected = read_members!(@expected $($expected)?);
                return Err(crate::validate::InvalidInput::new($prefix, crate::validate::Problem::WrongType(expected)));
            }
            Ok($Struct {
                $(
                    $(#[cfg($cfg)])*
                    $field: {
                        const FIELD: &str = concat!($prefix, ".", $js);
                        let member = crate::wasm::js_members::member(value, absent, &member::$field, FIELD)?;
                        $reader(&member, FIELD)?
                    },
                )*
            })
        }
    };
    (@expected) => { "must be an object" };
    (@expected $expected:literal) => { $expected };
}

pub(crate) use read_members;

/// One member, read through `Reflect.get` (a throwing getter makes it unreadable); `undefined`
/// when the object itself is absent. Not inlined: one copy serves every member of every struct.
#[inline(never)]
pub fn member(
    value: &wasm_bindgen::JsValue,
    absent: bool,
    name: &'static super::names::Name,
    field: &'static str,
) -> Result<wasm_bindgen::JsValue, crate::validate::InvalidInput> {
    if absent {
        return Ok(wasm_bindgen::JsValue::UNDEFINED);
    }
    super::untrusted::get(value, name).map_err(|_| crate::validate::InvalidInput::new(field, crate::validate::Problem::Unreadable))
}
