//! Property tests of the sans-IO core: for arbitrary input, nothing panics (a panic would trap the
//! wasm module for every later call) and the invariants hold. A bounded campaign runs in the test
//! command; a long one: `PROPTEST_CASES=200000 cargo test --release --test properties`.

use checkpoint_permissions::ids::IdKind;
use checkpoint_permissions::model::{self, CheckpointPermission, ListObject, PermissionObject, PermissionPage, ShapeError};
use checkpoint_permissions::pagination::{NextPage, Pagination};
use checkpoint_permissions::query::{Order, Paging, Query, QueryString};
use checkpoint_permissions::resources::checkpoint_permissions::ListQuery;
use checkpoint_permissions::{path, plan, redact, retry, retry_after, validate};
use proptest::prelude::*;

fn decode_percent(encoded: &str) -> Option<Vec<u8>> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = encoded.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

fn permission_strategy() -> impl Strategy<Value = CheckpointPermission> {
    ("\\PC{0,12}", -(1i64 << 53) + 1..(1i64 << 53), "\\PC{0,12}").prop_map(|(id, created_at, project_id)| CheckpointPermission {
        object: PermissionObject::CheckpointPermission,
        id,
        created_at,
        project_id,
    })
}

fn parse<T: for<'de> serde::Deserialize<'de>>(text: &str) -> Result<T, ShapeError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| ShapeError { path: String::new(), problem: error.to_string() })?;
    model::read(|| value.clone(), |error| error.to_string())
}

proptest! {
    #[test]
    fn a_path_segment_never_holds_a_delimiter_and_decodes_back(segment in "\\PC*|.*") {
        let encoded = path::encode_segment(&segment);
        prop_assert!(!encoded.contains(['/', '?', '#', ' ', '\\']), "{}", encoded);
        prop_assert_eq!(decode_percent(&encoded), Some(segment.as_bytes().to_vec()));
    }

    #[test]
    fn an_accepted_id_is_one_clean_segment_of_its_kind(text in "(ft:|ft-|proj_|cp_)?\\PC{0,12}|.{0,12}", kind in 0usize..3) {
        let kind = [IdKind::Checkpoint, IdKind::Project, IdKind::Permission][kind];
        if kind.problem(&text).is_none() {
            prop_assert!(!text.chars().any(|c| c.is_control() || c.is_whitespace() || "/\\%?#".contains(c)), "{:?}", text);
            let prefix = match kind { IdKind::Checkpoint => &["ft:", "ft-"][..], IdKind::Project => &["proj_"][..], IdKind::Permission => &["cp_"][..] };
            prop_assert!(prefix.iter().any(|p| text.starts_with(p) && text.len() > p.len()), "{:?}", text);
            prop_assert_eq!(path::encode_segment(&text).contains('/'), false);
        }
        for dot in [".", ".."] {
            prop_assert!(kind.problem(dot).is_some());
        }
        if validate::header_value("f", &text).is_ok() {
            prop_assert!(!text.contains(['\r', '\n', '\0']));
        }
    }

    #[test]
    fn a_page_missing_a_member_or_holding_a_wrong_type_is_refused_at_that_member(
        data in prop::collection::vec(permission_strategy(), 1..4),
        item in 0usize..4,
        member in 0usize..4,
        drop_it in any::<bool>(),
    ) {
        let page = PermissionPage { object: ListObject::List, first_id: None, last_id: None, data, has_more: false };
        let mut json = serde_json::to_value(&page).unwrap();
        let item = item % page.data.len();
        let name = ["object", "id", "created_at", "project_id"][member];
        let target = &mut json["data"][item];
        if drop_it {
            target.as_object_mut().unwrap().remove(name);
        } else {
            // A type no member of a permission has.
            target[name] = serde_json::json!([true]);
        }
        let error = parse::<PermissionPage>(&json.to_string()).unwrap_err();
        let expected_path = if drop_it { format!("data[{item}]") } else { format!("data[{item}].{name}") };
        prop_assert_eq!(&error.path, &expected_path, "{}", error);
        prop_assert!(error.problem.contains(if drop_it { "missing field" } else { "invalid type" }), "{}", error);
    }

    #[test]
    fn pages_round_trip(data in prop::collection::vec(permission_strategy(), 0..8), has_more in any::<bool>()) {
        let page = PermissionPage { object: ListObject::List, first_id: data.first().map(|p| p.id.clone()), last_id: data.last().map(|p| p.id.clone()), data, has_more };
        prop_assert_eq!(parse::<PermissionPage>(&serde_json::to_string(&page).unwrap()), Ok(page));
    }

    #[test]
    fn server_delays_are_within_a_minute_or_ignored(ms in ".*", seconds in ".*", now in any::<f64>()) {
        // Whatever the runtime's date parser answers.
        let parsers: [retry_after::HttpDateParser; 4] =
            [|_| None, |_| Some(f64::NAN), |text| Some(text.len() as f64 * 7_919.0), |_| Some(f64::INFINITY)];
        for parser in parsers {
            if let Some(delay) = retry_after::server_delay_ms(Some(&ms), Some(&seconds), now, parser) {
                prop_assert!(delay <= 60_000);
            }
        }
    }

    #[test]
    fn backoff_stays_within_its_bounds(retries_done in any::<u32>(), jitter in any::<f64>()) {
        let delay = retry::backoff_ms(retries_done, jitter);
        let base = (500.0 * 2f64.powi(retries_done.min(16) as i32)).min(8000.0);
        prop_assert!(f64::from(delay) <= base && f64::from(delay) >= (base * 0.75).floor(), "{} for {}", delay, base);
    }

    #[test]
    fn a_query_value_cannot_add_parameters(after in ".*", project in ".*", limit in 1u32..) {
        let query = ListQuery { paging: Paging { after: Some(after), limit: Some(limit) }, order: Some(Order::Descending), project_id: Some(project) };
        let mut url = QueryString::new(String::new());
        query.write(&mut url);
        let url = url.finish();
        prop_assert_eq!(url.matches('&').count(), 3);
        prop_assert!(!url.contains(['#', ' ', '+']));
    }

    #[test]
    fn redaction_leaves_no_key_behind(prefix in ".*", suffix in ".*", key in "sk-[A-Za-z0-9_-]{8,40}") {
        let text = format!("{prefix}{key}{suffix}{key}");
        prop_assert!(!redact::redact(&text, &[&key]).contains(&key));
    }

    #[test]
    fn sync_plans_reach_exactly_the_desired_set(
        current in prop::collection::vec(("[a-e]", "cp_[0-9]{3}"), 0..8),
        desired in prop::collection::vec("[a-g]", 0..8),
    ) {
        let current: Vec<CheckpointPermission> = current.into_iter().map(|(project_id, id)| CheckpointPermission { object: PermissionObject::CheckpointPermission, id, created_at: 0, project_id }).collect();
        let sync = plan::sync(&current, &desired);
        prop_assert_eq!(sync.revoke.len() + sync.keep.len(), current.len());
        for permission in &sync.keep {
            prop_assert!(desired.contains(&permission.project_id));
        }
        for permission in &sync.revoke {
            prop_assert!(!desired.contains(&permission.project_id));
        }
        let mut after: Vec<&String> = sync.keep.iter().map(|p| &p.project_id).chain(sync.grant.iter()).collect();
        after.sort();
        after.dedup();
        let mut wanted: Vec<&String> = desired.iter().collect();
        wanted.sort();
        wanted.dedup();
        prop_assert_eq!(after, wanted);
        let again = plan::grant(&current, &desired);
        prop_assert_eq!(again.create, sync.grant);
    }

    #[test]
    fn pagination_ends_and_never_repeats_a_cursor(pages in prop::collection::vec((prop::collection::vec("cp_[0-3]", 0..3), any::<bool>()), 1..12)) {
        let mut walk = Pagination::new(None);
        let mut cursors = Vec::new();
        for (ids, has_more) in &pages {
            let NextPage::Fetch(cursor) = walk.next().clone() else { break };
            if let Some(cursor) = cursor {
                prop_assert!(!cursors.contains(&cursor));
                cursors.push(cursor);
            }
            let data: Vec<CheckpointPermission> = ids.iter().map(|id| CheckpointPermission { object: PermissionObject::CheckpointPermission, id: id.clone(), created_at: 0, project_id: "p".into() }).collect();
            walk.advance(&PermissionPage { object: ListObject::List, last_id: data.last().map(|p| p.id.clone()), first_id: None, data, has_more: *has_more });
        }
        prop_assert!(cursors.len() <= 4, "only four distinct cursors exist");
    }
}
