//! The generated client of `encodings.yaml` against its generated server over loopback: each
//! request body encoding (Stripe-style nested forms, multipart with a file larger than 16 MiB,
//! text, bytes, one body in three media types), styled query parameters, and streamed
//! responses (a binary download and 10,000 server-sent events).

#[allow(dead_code, unused_imports)]
mod types {
    include!(concat!(env!("OUT_DIR"), "/encodings/types.rs"));
}
#[allow(dead_code, unused_imports)]
mod server {
    include!(concat!(env!("OUT_DIR"), "/encodings/server.rs"));
}
#[allow(dead_code, unused_imports)]
mod client {
    include!(concat!(env!("OUT_DIR"), "/encodings/client.rs"));
}

use std::collections::BTreeMap;

use apigen_runtime::{ByteStream, Event, EventStream, FilePart};
use futures_util::StreamExt;
use server::{ApiError, Caller, DenyAll};

/// Echoes what it read, so the client can compare it with what it sent.
struct Echo;

/// A checksum that notices a moved or changed byte.
fn checksum(bytes: &[u8]) -> i64 {
    bytes.iter().enumerate().fold(0i64, |sum, (index, byte)| {
        sum.wrapping_mul(31)
            .wrapping_add(i64::from(*byte) ^ (index as i64 & 0xff))
    })
}

/// `size` bytes of a pattern that is not periodic on small scales.
fn pattern(size: usize) -> Vec<u8> {
    (0..size)
        .map(|index| (index * 7 + index / 251) as u8)
        .collect()
}

impl server::Api for Echo {
    async fn create_checkout(
        &self,
        _caller: &Caller,
        body: types::Checkout,
    ) -> Result<types::CreateCheckoutResponse, ApiError> {
        Ok(types::CreateCheckoutResponse::Ok(body))
    }

    async fn create_note(
        &self,
        _caller: &Caller,
        body: types::Note,
    ) -> Result<types::CreateNoteResponse, ApiError> {
        Ok(types::CreateNoteResponse::Ok(body))
    }

    async fn upload_files(
        &self,
        _caller: &Caller,
        body: types::UploadFilesParts,
    ) -> Result<types::UploadFilesResponse, ApiError> {
        let read = |stream: ByteStream| async move {
            stream
                .collect()
                .await
                .map_err(|error| ApiError::internal(error.to_string()))
        };
        let file_name = body.file.file_name.clone();
        let file_type = body.file.content_type.clone();
        let file = read(body.file.content).await?;
        let mut attachment_sizes = Vec::new();
        for attachment in body.attachments {
            attachment_sizes.push(read(attachment.content).await?.len() as i64);
        }
        Ok(types::UploadFilesResponse::Ok(types::UploadSummary {
            file_size: file.len() as i64,
            file_checksum: checksum(&file),
            file_name,
            file_type,
            attachment_sizes,
            note: body.note,
            count: body.count,
            tags: body.tags,
            meta: body.meta,
        }))
    }

    async fn echo_text(
        &self,
        _caller: &Caller,
        body: String,
    ) -> Result<types::EchoTextResponse, ApiError> {
        Ok(types::EchoTextResponse::Ok(body))
    }

    async fn echo_bytes(
        &self,
        _caller: &Caller,
        body: Vec<u8>,
    ) -> Result<types::EchoBytesResponse, ApiError> {
        Ok(types::EchoBytesResponse::Ok(body.into()))
    }

    async fn download(
        &self,
        _caller: &Caller,
        query: types::DownloadQuery,
    ) -> Result<types::DownloadResponse, ApiError> {
        if query.size < 0 {
            return Ok(types::DownloadResponse::NotFound(types::Item {
                price: "none".to_owned(),
                quantity: None,
            }));
        }
        let bytes = pattern(query.size as usize);
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = bytes
            .chunks(64 * 1024)
            .map(|chunk| Ok(chunk.to_vec()))
            .collect();
        Ok(types::DownloadResponse::Ok(ByteStream::new(
            futures_util::stream::iter(chunks),
        )))
    }

    async fn tick_events(
        &self,
        _caller: &Caller,
        query: types::TickEventsQuery,
    ) -> Result<types::TickEventsResponse, ApiError> {
        let events = (0..query.count).map(|seq| {
            Event::new(types::Tick {
                seq,
                label: format!("tick {seq}\nsecond line"),
            })
            .with_id(seq.to_string())
        });
        let stream = futures_util::stream::iter(events.map(Ok::<_, std::io::Error>));
        Ok(types::TickEventsResponse::Ok(EventStream::new(stream)))
    }

    async fn text_events(&self, _caller: &Caller) -> Result<types::TextEventsResponse, ApiError> {
        let events = vec![
            Event::new("first".to_owned()).with_event("greeting"),
            Event::new("two\nlines".to_owned()),
            Event::new("[DONE]".to_owned()),
        ];
        Ok(types::TextEventsResponse::Ok(EventStream::from_events(
            events,
        )))
    }

    async fn search(
        &self,
        _caller: &Caller,
        x_ids: Option<Vec<i64>>,
        query: types::SearchQuery,
    ) -> Result<types::SearchResponse, ApiError> {
        let filter = query.filter.unwrap_or_default();
        Ok(types::SearchResponse::Ok(types::SearchEcho {
            header_ids: x_ids,
            ids: query.ids,
            words: query.words,
            flags: query.flags,
            tags: query.tags,
            kind: filter.kind,
            min: filter.min,
        }))
    }
}

/// The router served on a loopback port; a client for it.
async fn serve() -> (client::Client, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, server::router(Echo, DenyAll))
            .await
            .unwrap();
    });
    (client::Client::new(base.clone(), client::Auth::None), base)
}

fn checkout() -> types::Checkout {
    types::Checkout {
        customer: "cus_123 & sons".to_owned(),
        description: Some("a+b=c; d".to_owned()),
        paid: Some(true),
        metadata: Some(BTreeMap::from([
            ("order_id".to_owned(), "6735".to_owned()),
            ("odd[key]".to_owned(), "x&y".to_owned()),
        ])),
        items: vec![
            types::Item {
                price: "price_1".to_owned(),
                quantity: Some(3),
            },
            types::Item {
                price: "price_2".to_owned(),
                quantity: None,
            },
        ],
        expand: Some(vec!["customer".to_owned(), "invoice.lines".to_owned()]),
        rows: Some(vec![
            BTreeMap::from([("a".to_owned(), serde_json::json!("1"))]),
            BTreeMap::from([(
                "b".to_owned(),
                serde_json::json!({"c": "2", "d": ["x", "y"]}),
            )]),
        ]),
        codes: Some(vec![7, 8, 9]),
        words: Some(vec!["alpha".to_owned(), "beta".to_owned()]),
        options: Some(types::Item {
            price: "opt".to_owned(),
            quantity: Some(1),
        }),
    }
}

#[tokio::test]
async fn stripe_style_nested_form_bodies_round_trip() {
    let (client, _) = serve().await;
    let sent = checkout();
    assert_eq!(
        client
            .create_checkout(&sent)
            .send()
            .await
            .unwrap()
            .into_inner(),
        sent
    );
}

#[tokio::test]
async fn the_form_body_is_written_the_way_stripe_reads_it() {
    let (_, base) = serve().await;
    let text = "customer=c&items[0][price]=p&items[0][quantity]=2&items[1][price]=q\
                &metadata[k]=v&expand[]=a&expand[]=b&codes=1,2&words=x%20y";
    let response = reqwest::Client::new()
        .post(format!("{base}/checkout"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(text)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let read: types::Checkout = response.json().await.unwrap();
    assert_eq!(read.items.len(), 2);
    assert_eq!(read.items[0].quantity, Some(2));
    assert_eq!(read.items[1].price, "q");
    assert_eq!(read.metadata.unwrap()["k"], "v");
    assert_eq!(read.expand.unwrap(), ["a", "b"]);
    assert_eq!(read.codes.unwrap(), [1, 2]);
    assert_eq!(read.words.unwrap(), ["x", "y"]);
}

#[tokio::test]
async fn a_bad_form_value_is_400_naming_the_field() {
    let (_, base) = serve().await;
    let response = reqwest::Client::new()
        .post(format!("{base}/checkout"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("customer=c&items[0][price]=p&items[0][quantity]=many")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body.to_string().contains("items__0__quantity"), "{body}");
}

#[tokio::test]
async fn a_multipart_upload_larger_than_16_mib_round_trips() {
    let (client, _) = serve().await;
    let size = 17 * 1024 * 1024 + 3;
    let content = pattern(size);
    let expected = checksum(&content);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = content
        .chunks(1 << 20)
        .map(|chunk| Ok(chunk.to_vec()))
        .collect();
    let file = FilePart::new(ByteStream::new(futures_util::stream::iter(chunks)))
        .with_file_name("big \"one\".bin")
        .with_content_type("application/x-test");
    let summary = client
        .upload_files(types::UploadFilesParts {
            file,
            attachments: vec![
                FilePart::new(vec![1u8, 2, 3]),
                FilePart::new(b"\r\n--not-a-boundary\r\n".to_vec()),
            ],
            note: Some("ünïcode note".to_owned()),
            count: 42,
            tags: Some(vec!["a".to_owned(), "b".to_owned()]),
            meta: Some(types::Item {
                price: "p".to_owned(),
                quantity: Some(5),
            }),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(summary.file_size, size as i64);
    assert_eq!(summary.file_checksum, expected);
    assert_eq!(summary.file_name.as_deref(), Some("big %22one%22.bin"));
    assert_eq!(summary.file_type.as_deref(), Some("application/x-test"));
    assert_eq!(summary.attachment_sizes, [3, 20]);
    assert_eq!(summary.note.as_deref(), Some("ünïcode note"));
    assert_eq!(summary.count, 42);
    assert_eq!(summary.tags.unwrap(), ["a", "b"]);
    assert_eq!(summary.meta.unwrap().quantity, Some(5));
}

#[tokio::test]
async fn a_multipart_upload_without_a_required_field_is_400() {
    let (_, base) = serve().await;
    let body = "--B\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n1\r\n--B--\r\n";
    let response = reqwest::Client::new()
        .post(format!("{base}/upload"))
        .header("content-type", "multipart/form-data; boundary=B")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body.to_string().contains("file"), "{body}");
}

#[tokio::test]
async fn text_and_bytes_round_trip() {
    let (client, _) = serve().await;
    let text = "plain text\nwith ünïcode";
    assert_eq!(
        client.echo_text(text).send().await.unwrap().into_inner(),
        text
    );
    let bytes = pattern(300_000);
    let echoed = client
        .echo_bytes(bytes.clone().into())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(echoed.collect().await.unwrap(), bytes);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(4096).map(|chunk| Ok(chunk.to_vec())).collect();
    let streamed = ByteStream::new(futures_util::stream::iter(chunks));
    let echoed = client
        .echo_bytes(streamed)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(echoed.collect().await.unwrap(), bytes);
}

#[tokio::test]
async fn one_body_is_read_from_each_declared_media_type() {
    let (client, base) = serve().await;
    let note = types::Note {
        title: "t".to_owned(),
        stars: Some(4),
        labels: Some(vec!["x".to_owned(), "y".to_owned()]),
    };
    assert_eq!(
        client.create_note(&note).send().await.unwrap().into_inner(),
        note
    );
    let http = reqwest::Client::new();
    let form = http
        .post(format!("{base}/either"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("title=t&stars=4&labels=x&labels=y")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    assert_eq!(form.json::<types::Note>().await.unwrap(), note);
    let multipart = "--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nt\r\n\
                     --B\r\nContent-Disposition: form-data; name=\"stars\"\r\n\r\n4\r\n\
                     --B\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\nx\r\n\
                     --B\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\ny\r\n--B--\r\n";
    let multipart = http
        .post(format!("{base}/either"))
        .header("content-type", "multipart/form-data; boundary=B")
        .body(multipart)
        .send()
        .await
        .unwrap();
    assert_eq!(multipart.status(), 200);
    assert_eq!(multipart.json::<types::Note>().await.unwrap(), note);
}

#[tokio::test]
async fn a_binary_download_is_streamed_chunk_by_chunk() {
    let (client, _) = serve().await;
    let size = 20 * 1024 * 1024;
    let mut stream = client
        .download(size as i64)
        .send()
        .await
        .unwrap()
        .into_inner();
    let mut received = Vec::with_capacity(size);
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert!(chunks > 1, "the body came in {chunks} chunk");
    assert_eq!(received, pattern(size));
    let error = client.download(-1).send().await.unwrap_err();
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn ten_thousand_typed_events_arrive_in_order() {
    let (client, _) = serve().await;
    let mut events = client
        .tick_events(10_000)
        .send()
        .await
        .unwrap()
        .into_inner();
    let mut expected = 0;
    while let Some(event) = events.next().await {
        let event = event.unwrap();
        assert_eq!(event.data.seq, expected);
        assert_eq!(event.data.label, format!("tick {expected}\nsecond line"));
        assert_eq!(event.id, Some(expected.to_string()));
        expected += 1;
    }
    assert_eq!(expected, 10_000);
}

#[tokio::test]
async fn text_events_keep_their_text_and_type() {
    let (client, _) = serve().await;
    let events: Vec<Event<String>> = client
        .text_events()
        .send()
        .await
        .unwrap()
        .into_inner()
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(events.len(), 3);
    assert_eq!(events[0].data, "first");
    assert_eq!(events[0].event.as_deref(), Some("greeting"));
    assert_eq!(events[1].data, "two\nlines");
    assert_eq!(events[2].data, "[DONE]");
}

#[tokio::test]
async fn styled_query_parameters_round_trip() {
    let (client, base) = serve().await;
    let echo = client
        .search()
        .ids(vec![1, 2, 3])
        .words(vec!["a b".to_owned(), "c".to_owned()])
        .flags(vec!["x".to_owned(), "y".to_owned()])
        .tags(vec!["t1".to_owned(), "t2".to_owned()])
        .x_ids(vec![10, 20])
        .filter(types::SearchFilter {
            kind: Some("k".to_owned()),
            min: Some(5),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(echo.ids.unwrap(), [1, 2, 3]);
    assert_eq!(echo.header_ids.unwrap(), [10, 20]);
    assert_eq!(echo.flags.unwrap(), ["x", "y"]);
    assert_eq!(echo.tags.unwrap(), ["t1", "t2"]);
    assert_eq!(echo.kind.as_deref(), Some("k"));
    assert_eq!(echo.min, Some(5));
    let words = echo.words.unwrap();
    assert_eq!(
        words.len(),
        3,
        "a space inside an item splits it: {words:?}"
    );
    let raw: types::SearchEcho = reqwest::get(format!(
        "{base}/search?ids=4,5&words=p%20q&flags=r|s&tags=u&tags=v&filter[kind]=z&filter[min]=1"
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(raw.ids.unwrap(), [4, 5]);
    assert_eq!(raw.words.unwrap(), ["p", "q"]);
    assert_eq!(raw.flags.unwrap(), ["r", "s"]);
    assert_eq!(raw.tags.unwrap(), ["u", "v"]);
    assert_eq!((raw.kind.as_deref(), raw.min), (Some("z"), Some(1)));
}
