use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Item {
    price: String,
    quantity: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Checkout {
    customer: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    description: Option<String>,
    metadata: BTreeMap<String, String>,
    items: Vec<Item>,
    expand: Vec<String>,
    paid: bool,
    amount: i64,
}

const STRIPE: &[FieldStyle] = &[
    FieldStyle {
        name: "metadata",
        style: Style::DeepObject,
        explode: true,
        json: false,
    },
    FieldStyle {
        name: "items",
        style: Style::DeepObject,
        explode: true,
        json: false,
    },
    FieldStyle {
        name: "expand",
        style: Style::DeepObject,
        explode: true,
        json: false,
    },
];

fn checkout() -> Checkout {
    Checkout {
        customer: "cus_1 & co".to_owned(),
        description: None,
        metadata: BTreeMap::from([
            ("order[id]".to_owned(), "6735".to_owned()),
            ("note".to_owned(), "a+b=c".to_owned()),
        ]),
        items: vec![
            Item {
                price: "price_1".to_owned(),
                quantity: Some(2),
            },
            Item {
                price: "price_2".to_owned(),
                quantity: None,
            },
        ],
        expand: vec!["customer".to_owned(), "invoice.lines".to_owned()],
        paid: true,
        amount: -5,
    }
}

#[test]
fn stripe_nested_bodies_are_written_in_brackets() {
    let text = encode(&checkout(), STRIPE).unwrap();
    assert_eq!(
        text,
        "customer=cus_1+%26+co&metadata[note]=a%2Bb%3Dc&metadata[order%5Bid%5D]=6735\
         &items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2&items[1][quantity]=\
         &expand[]=customer&expand[]=invoice.lines&paid=true&amount=-5"
    );
}

#[test]
fn stripe_nested_bodies_round_trip() {
    let text = encode(&checkout(), STRIPE).unwrap();
    let node = decode(text.as_bytes(), STRIPE).unwrap();
    assert_eq!(from_node::<Checkout>(node).unwrap(), checkout());
}

#[test]
fn brackets_sent_escaped_are_read_too() {
    let node = decode(
        b"items%5B0%5D%5Bprice%5D=p&customer=c&paid=false&amount=1",
        STRIPE,
    )
    .unwrap();
    let Node::Map(fields) = node else {
        panic!("a map")
    };
    assert_eq!(fields[0].0, "items");
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Styled {
    form: Vec<i32>,
    csv: Vec<i32>,
    spaced: Vec<String>,
    piped: Vec<String>,
    point: BTreeMap<String, i32>,
    json: Vec<Item>,
}

const STYLED: &[FieldStyle] = &[
    FieldStyle {
        name: "csv",
        style: Style::Form,
        explode: false,
        json: false,
    },
    FieldStyle {
        name: "spaced",
        style: Style::SpaceDelimited,
        explode: false,
        json: false,
    },
    FieldStyle {
        name: "piped",
        style: Style::PipeDelimited,
        explode: false,
        json: false,
    },
    FieldStyle {
        name: "point",
        style: Style::Form,
        explode: false,
        json: false,
    },
    FieldStyle {
        name: "json",
        style: Style::Form,
        explode: true,
        json: true,
    },
];

#[test]
fn every_style_is_written_and_read_back() {
    let value = Styled {
        form: vec![1, 2],
        csv: vec![3, 4],
        spaced: vec!["a".into(), "b".into()],
        piped: vec!["c".into(), "d".into()],
        point: BTreeMap::from([("x".to_owned(), 1), ("y".to_owned(), 2)]),
        json: vec![Item {
            price: "p".into(),
            quantity: Some(1),
        }],
    };
    let text = encode(&value, STYLED).unwrap();
    assert_eq!(
        text,
        "form=1&form=2&csv=3%2C4&spaced=a+b&piped=c%7Cd&point=x%2C1%2Cy%2C2\
         &json=%5B%7B%22price%22%3A%22p%22%2C%22quantity%22%3A1%7D%5D"
    );
    let read: Styled = from_node(decode(text.as_bytes(), STYLED).unwrap()).unwrap();
    assert_eq!(read, value);
}

#[test]
fn free_form_arrays_of_objects_round_trip() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Free {
        rows: Vec<serde_json::Value>,
    }
    let value = Free {
        rows: vec![
            serde_json::json!({"a": "1", "b": {"c": "2"}}),
            serde_json::json!({"a": "3"}),
        ],
    };
    let text = encode(&value, &[]).unwrap();
    assert_eq!(text, "rows[0][a]=1&rows[0][b][c]=2&rows[1][a]=3");
    let read: Free = from_node(decode(text.as_bytes(), &[]).unwrap()).unwrap();
    assert_eq!(read, value);
}

#[test]
fn bad_values_and_keys_are_errors() {
    #[derive(Debug, Deserialize)]
    struct Count {
        #[allow(dead_code)]
        n: i64,
    }
    assert!(from_node::<Count>(decode(b"n=abc", &[]).unwrap()).is_err());
    assert!(decode(b"a[b=1", &[]).is_err());
    assert!(decode(b"a[b]c=1", &[]).is_err());
    let deep = format!("a{}=1", "[x]".repeat(40));
    assert!(decode(deep.as_bytes(), &[]).is_err());
    assert!(encode(&5, &[]).is_err());
}
