//! The generated server of `fixtures/strict.yaml` over loopback TCP: each kind of body
//! violation is 400 with the JSON pointer of the offending value, readOnly and writeOnly
//! properties follow their direction, undeclared media types are 415, unacceptable `Accept`
//! is 406, the body limit is 413 and configurable, and slow clients are cut off.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use wire_tests::server::{self, ApiError, Caller, DenyAll, RequestLimits, ServeOptions};
use wire_tests::types;

/// Stores nothing: echoes the pet it is given with an id, and answers a fixed pet.
struct Pets;

impl server::Api for Pets {
    async fn pets_list(
        &self,
        _: &Caller,
        _: types::PetsListQuery,
    ) -> Result<types::PetsListResponse, ApiError> {
        Ok(types::PetsListResponse::Ok(Vec::new()))
    }

    async fn pets_create(
        &self,
        _: &Caller,
        body: types::Pet,
    ) -> Result<types::PetsCreateResponse, ApiError> {
        if body.id.is_some() {
            return Err(ApiError::internal(
                "a read-only id reached the implementation",
            ));
        }
        Ok(types::PetsCreateResponse::Created(types::Pet {
            id: Some(7),
            secret: None,
            ..body
        }))
    }

    async fn pets_retrieve(
        &self,
        _: &Caller,
        id: i64,
    ) -> Result<types::PetsRetrieveResponse, ApiError> {
        Ok(types::PetsRetrieveResponse::Ok(types::Pet {
            id: Some(id),
            name: "Rex".to_owned(),
            kind: types::Kind::Dog,
            tag: None,
            weight: None,
            age: None,
            tags: None,
            email: None,
            born: None,
            nickname: apigen_runtime::Tristate::Absent,
            owner: None,
            extra: None,
            secret: None,
        }))
    }

    async fn notes_update(
        &self,
        _: &Caller,
        _: Option<Vec<String>>,
    ) -> Result<types::NotesUpdateResponse, ApiError> {
        Ok(types::NotesUpdateResponse::NoContent)
    }

    async fn health(&self, _: &Caller) -> Result<types::HealthResponse, ApiError> {
        Ok(types::HealthResponse::Default {
            status: 503,
            body: types::HealthDefaultBody {
                status: "draining".to_owned(),
            },
        })
    }
}

/// The server on a free loopback port, with short timeouts and a 1 KiB body limit; dropping
/// it stops the server.
struct Running {
    address: SocketAddr,
    _stop: oneshot::Sender<()>,
}

const TIMEOUT: Duration = Duration::from_millis(400);

async fn spawn(options: ServeOptions) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("the bound address");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(server::serve(
        listener,
        server::router(Pets, DenyAll),
        options,
        async move {
            let _ = stopped.await;
        },
    ));
    Running {
        address,
        _stop: stop,
    }
}

async fn spawn_strict() -> Running {
    spawn(ServeOptions {
        header_timeout: TIMEOUT,
        limits: RequestLimits::default()
            .with_body_limit(1024)
            .with_body_timeout(TIMEOUT),
    })
    .await
}

/// Sends `body` as `content_type` with `method` to `path`; the status and the JSON answer.
async fn send(
    server: &Running,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    accept: Option<&str>,
    body: Vec<u8>,
) -> (u16, Value) {
    let client = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
    let mut request = client
        .request(method, format!("http://{}{path}", server.address))
        .body(body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn post_pet(server: &Running, pet: Value) -> (u16, Value) {
    send(
        server,
        "POST",
        "/pets/",
        Some("application/json"),
        None,
        pet.to_string().into_bytes(),
    )
    .await
}

fn valid_pet() -> Value {
    json!({"name": "Rex", "kind": "dog", "secret": "s3cret"})
}

/// `valid_pet` with `key` set to `value`.
fn pet_with(key: &str, value: Value) -> Value {
    let mut pet = valid_pet();
    pet[key] = value;
    pet
}

#[tokio::test]
async fn a_correct_post_omitting_the_required_read_only_id_succeeds() {
    let server = spawn_strict().await;
    let (status, body) = post_pet(&server, valid_pet()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["id"], 7);
    assert!(
        body.get("secret").is_none(),
        "writeOnly never answered: {body}"
    );
}

#[tokio::test]
async fn a_response_without_the_required_write_only_property_is_typed() {
    let server = spawn_strict().await;
    let (status, body) = send(&server, "GET", "/pets/3/", None, None, Vec::new()).await;
    assert_eq!(status, 200);
    let pet: types::Pet = serde_json::from_value(body).expect("a Pet without its secret");
    assert_eq!((pet.id, pet.secret), (Some(3), None));
}

#[tokio::test]
async fn every_kind_of_violation_is_400_with_the_pointer_of_the_offending_value() {
    let server = spawn_strict().await;
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("array for an object", json!([1]), "", "invalid"),
        (
            "read-only sent",
            pet_with("id", json!(1)),
            "/id",
            "read_only",
        ),
        (
            "required missing",
            json!({"kind": "cat", "secret": "x"}),
            "/name",
            "required",
        ),
        (
            "required writeOnly missing",
            json!({"name": "a", "kind": "cat"}),
            "/secret",
            "required",
        ),
        (
            "null for optional non-nullable",
            pet_with("tag", Value::Null),
            "/tag",
            "null",
        ),
        ("wrong type", pet_with("name", json!(5)), "/name", "invalid"),
        (
            "enum",
            pet_with("kind", json!("cow")),
            "/kind",
            "invalid_choice",
        ),
        (
            "minLength",
            pet_with("name", json!("")),
            "/name",
            "min_length",
        ),
        (
            "maxLength",
            pet_with("name", json!("abcdefghijk")),
            "/name",
            "max_length",
        ),
        ("pattern", pet_with("tag", json!("A1")), "/tag", "invalid"),
        (
            "minimum",
            pet_with("weight", json!(-1)),
            "/weight",
            "min_value",
        ),
        (
            "exclusiveMaximum",
            pet_with("weight", json!(100)),
            "/weight",
            "max_value",
        ),
        (
            "multipleOf",
            pet_with("weight", json!(1.25)),
            "/weight",
            "multiple_of",
        ),
        (
            "exclusiveMinimum",
            pet_with("age", json!(1)),
            "/age",
            "min_value",
        ),
        (
            "int32 range",
            pet_with("age", json!(3_000_000_000_i64)),
            "/age",
            "max_value",
        ),
        ("integer", pet_with("age", json!(2.5)), "/age", "invalid"),
        (
            "minItems",
            pet_with("tags", json!([])),
            "/tags",
            "min_length",
        ),
        (
            "maxItems",
            pet_with("tags", json!(["a", "b", "c", "d"])),
            "/tags",
            "max_length",
        ),
        (
            "uniqueItems",
            pet_with("tags", json!(["a", "a"])),
            "/tags",
            "unique",
        ),
        (
            "item type",
            pet_with("tags", json!(["a", 2])),
            "/tags/1",
            "invalid",
        ),
        (
            "item maxLength",
            pet_with("tags", json!(["a", "large"])),
            "/tags/1",
            "max_length",
        ),
        (
            "email",
            pet_with("email", json!("not an email")),
            "/email",
            "invalid",
        ),
        (
            "date",
            pet_with("born", json!("2023-02-29")),
            "/born",
            "invalid",
        ),
        (
            "additionalProperties: false",
            pet_with("colour", json!("red")),
            "/colour",
            "additional_property",
        ),
        (
            "nested closed object",
            pet_with("owner", json!({"name": "a", "b/c": 1})),
            "/owner/b~1c",
            "additional_property",
        ),
        (
            "nested required",
            pet_with("owner", json!({})),
            "/owner/name",
            "required",
        ),
        (
            "map values",
            pet_with("extra", json!({"a": 1, "b": "two"})),
            "/extra/b",
            "invalid",
        ),
    ];
    let mut failures = Vec::new();
    for (case, pet, pointer, code) in cases {
        let (status, body) = post_pet(&server, pet).await;
        if status != 400 || body["pointer"] != pointer || body["code"] != code {
            failures.push(format!(
                "{case}: {status} {body}; expected 400 {code} at {pointer:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn nullable_and_valid_values_pass() {
    let server = spawn_strict().await;
    let mut pet = valid_pet();
    for (key, value) in [
        ("nickname", Value::Null),
        ("weight", json!(99.5)),
        ("age", json!(2)),
        ("tags", json!(["a", "b"])),
        ("email", json!("a@example.com")),
        ("born", json!("2024-02-29")),
        ("owner", json!({"name": "Ann"})),
        ("extra", json!({"a": 1})),
        ("tag", json!("abc")),
    ] {
        pet[key] = value;
    }
    let (status, body) = post_pet(&server, pet).await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn an_inline_body_is_checked_and_an_optional_one_may_be_absent() {
    let server = spawn_strict().await;
    let put = |body: &'static str| {
        send(
            &server,
            "PUT",
            "/notes/",
            Some("application/json"),
            None,
            body.as_bytes().to_vec(),
        )
    };
    assert_eq!(put(r#"["a","b"]"#).await.0, 204);
    assert_eq!(put("").await.0, 204, "optional body absent");
    let (status, body) = put(r#"["a",2]"#).await;
    assert_eq!((status, &body["pointer"]), (400, &json!("/1")), "{body}");
    let (status, body) = put(r#"{"a":"b"}"#).await;
    assert_eq!((status, &body["code"]), (400, &json!("invalid")), "{body}");
}

#[tokio::test]
async fn query_parameters_are_checked_for_format_and_multiple_of() {
    let server = spawn_strict().await;
    let get = |query: &'static str| send(&server, "GET", query, None, None, Vec::new());
    assert_eq!(get("/pets/?owner=a@example.com&step=10").await.0, 200);
    let (status, body) = get("/pets/?owner=nobody").await;
    assert_eq!((status, &body["attr"]), (400, &json!("owner")), "{body}");
    let (status, body) = get("/pets/?step=7").await;
    assert_eq!(
        (status, &body["code"]),
        (400, &json!("multiple_of")),
        "{body}"
    );
}

#[tokio::test]
async fn an_undeclared_content_type_is_415_naming_the_accepted_ones() {
    let server = spawn_strict().await;
    let body = valid_pet().to_string().into_bytes();
    let (status, answer) = send(
        &server,
        "POST",
        "/pets/",
        Some("text/plain"),
        None,
        body.clone(),
    )
    .await;
    assert_eq!(status, 415, "{answer}");
    assert_eq!(answer["code"], "unsupported_media_type");
    assert!(
        answer["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("application/json"),
        "{answer}"
    );
    let with_charset = Some("application/json; charset=utf-8");
    assert_eq!(
        send(&server, "POST", "/pets/", with_charset, None, body)
            .await
            .0,
        201
    );
}

#[tokio::test]
async fn an_accept_header_excluding_every_answer_is_406() {
    let server = spawn_strict().await;
    let get =
        |accept: &'static str| send(&server, "GET", "/pets/1/", None, Some(accept), Vec::new());
    let (status, answer) = get("text/html").await;
    assert_eq!(status, 406, "{answer}");
    assert_eq!(answer["code"], "not_acceptable");
    assert_eq!(get("text/html, application/*;q=0.5").await.0, 200);
    assert_eq!(get("*/*").await.0, 200);
}

#[tokio::test]
async fn a_default_only_operation_answers_its_status_and_body() {
    let server = spawn_strict().await;
    let (status, body) = send(&server, "GET", "/health/", None, None, Vec::new()).await;
    assert_eq!((status, body), (503, json!({"status": "draining"})));
}

#[tokio::test]
async fn the_body_limit_is_413_and_configurable() {
    let small = spawn_strict().await;
    let padded = pet_with("nickname", json!("x".repeat(2000)));
    let (status, body) = post_pet(&small, padded.clone()).await;
    assert_eq!(
        (status, &body["code"]),
        (413, &json!("request_too_large")),
        "{body}"
    );
    let default = spawn(ServeOptions::default()).await;
    assert_eq!(
        post_pet(&default, padded).await.0,
        201,
        "default limit 16 MiB"
    );
    assert_eq!(server::BODY_LIMIT, 16 * 1024 * 1024);
}

/// Writes `request` and reads until the server closes the connection (or `limit` passes).
async fn talk_slowly(server: &Running, request: &[u8], limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(server.address).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(limit, stream.read_to_end(&mut answer)).await;
    assert!(
        read.is_ok(),
        "the server kept the connection open past {limit:?}"
    );
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_dropped() {
    let server = spawn_strict().await;
    let (answer, elapsed) = talk_slowly(
        &server,
        b"GET /pets/1/ HTTP/1.1\r\nhost: x\r\n",
        10 * TIMEOUT,
    )
    .await;
    assert!(elapsed >= TIMEOUT, "closed after {elapsed:?}");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_client_that_never_finishes_its_body_gets_408() {
    let server = spawn_strict().await;
    let request = b"POST /pets/ HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{\"name\"";
    let (answer, elapsed) = talk_slowly(&server, request, 10 * TIMEOUT).await;
    assert!(elapsed >= TIMEOUT, "answered after {elapsed:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
}
