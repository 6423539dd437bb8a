//! Deserializing a generated recursive type reads one level of the input per level of
//! recursion, so it ends on any finite input: deep values within `serde_json`'s nesting limit
//! deserialize, deeper ones are an error (not a stack overflow), and a type with no finite value
//! refuses every input.

use recursive_types_tests::property_cycle::A;
use recursive_types_tests::recursion::{Edge, Nested, Node};

/// `{"name":"n","parent":{…}}` nested `depth` times.
fn parent_chain(depth: usize) -> String {
    let mut text = String::new();
    for _ in 0..depth {
        text.push_str(r#"{"name":"n","parent":"#);
    }
    text.push_str(r#"{"name":"leaf"}"#);
    text.push_str(&"}".repeat(depth));
    text
}

fn parent_depth(node: &Node) -> usize {
    let mut depth = 0;
    let mut current = node;
    while let Some(parent) = &current.parent {
        depth += 1;
        current = parent;
    }
    depth
}

#[test]
fn deep_finite_values_deserialize() {
    let node: Node = serde_json::from_str(&parent_chain(100)).expect("100 levels");
    assert_eq!(parent_depth(&node), 100);

    let nested: Nested = serde_json::from_str(&format!("{}{}", "[".repeat(100), "]".repeat(100)))
        .expect("100 levels");
    let mut depth = 0;
    let mut current = &nested;
    while let Some(inner) = current.0.first() {
        depth += 1;
        current = inner;
    }
    assert_eq!(depth, 99);

    let edges = format!(
        "{}{}{}",
        r#"{"to":{"name":"a","first":"#.repeat(40),
        r#"{"to":{"name":"z"}}"#,
        "}}".repeat(40)
    );
    serde_json::from_str::<Edge>(&edges).expect("80 levels through Edge and Node");
}

#[test]
fn values_deeper_than_the_parser_allows_are_an_error_not_an_overflow() {
    let error = serde_json::from_str::<Node>(&parent_chain(100_000)).expect_err("too deep");
    assert!(error.to_string().contains("recursion limit"), "{error}");
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = serde_json::from_str::<Nested>(&text).expect_err("too deep");
    assert!(error.to_string().contains("recursion limit"), "{error}");
}

#[test]
fn a_type_without_finite_values_refuses_every_finite_input() {
    for depth in [0, 1, 10, 60] {
        let text = format!(
            "{}{{}}{}",
            r#"{"b":{"a":"#.repeat(depth),
            "}}".repeat(depth)
        );
        let error = serde_json::from_str::<A>(&text).expect_err("no finite A exists");
        assert!(
            error.to_string().contains("missing field"),
            "{depth}: {error}"
        );
    }
}
