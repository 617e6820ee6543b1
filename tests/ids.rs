//! The shared id fixture (`tests/fixtures/ids.json`), read by the core: every surface of the
//! package reads the same file, so a rule or a word that drifts fails here or in the JS tests.

use checkpoint_permissions::ids::IdKind;
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    checkpoint: Cases,
    project: Cases,
    permission: Cases,
}

#[derive(Deserialize)]
struct Cases {
    valid: Vec<String>,
    invalid: Vec<Refused>,
}

#[derive(Deserialize)]
struct Refused {
    id: String,
    problem: String,
}

fn fixture() -> Fixture {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ids.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_kind_accepts_its_valid_ids_and_words_each_refusal_as_the_fixture_does() {
    let fixture = fixture();
    for (kind, cases) in [(IdKind::Checkpoint, &fixture.checkpoint), (IdKind::Project, &fixture.project), (IdKind::Permission, &fixture.permission)] {
        assert!(!cases.valid.is_empty() && !cases.invalid.is_empty());
        for id in &cases.valid {
            assert_eq!(kind.check("id", id), Ok(()), "{kind:?} {id:?}");
        }
        for case in &cases.invalid {
            let error = kind.check("field", &case.id).expect_err(&case.id);
            assert_eq!(error.message(), format!("field {}", case.problem), "{kind:?} {:?}", case.id);
        }
    }
}

#[test]
fn the_openapi_documents_own_examples_are_valid() {
    assert_eq!(IdKind::Checkpoint.check("checkpoint", "ft-AF1WoRqd3aJAHsqc9NY7iL8F"), Ok(()));
    assert_eq!(IdKind::Project.check("project", "proj_abGMw1llN8IrBb6SvvY5A1iH"), Ok(()));
    assert_eq!(IdKind::Permission.check("permission", "cp_zc4Q7MP6XxulcVzj4MZdwsAB"), Ok(()));
}
