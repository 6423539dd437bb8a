//! The generated client over HTTPS: a loopback TLS server with a self-signed certificate, which
//! the client trusts because it is given a `reqwest::Client` with that certificate as its only
//! root (`Client::with_http_client`).

use std::sync::Arc;

use build_rs_petstore::{client, types};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PETS: &str = r#"[{"id":7,"name":"Rex","tag":null,"status":"sold"}]"#;

#[tokio::test]
async fn the_generated_client_calls_an_https_server_with_a_custom_root() {
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("a certificate");
    let cert = certified.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_no_client_auth()
    .with_single_cert(vec![cert.clone()], key)
    .expect("a server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("an address");
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("a connection");
        let mut tls = acceptor.accept(tcp).await.expect("a TLS handshake");
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
            let n = tls.read(&mut buffer).await.expect("the request");
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buffer[..n]);
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{PETS}",
            PETS.len()
        );
        tls.write_all(response.as_bytes())
            .await
            .expect("the response");
        tls.shutdown().await.expect("close");
        String::from_utf8_lossy(&head).into_owned()
    });

    let http = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_der(&cert).expect("DER")])
        .resolve("localhost", address)
        .build()
        .expect("a reqwest client");
    let client = client::Client::with_http_client(
        http,
        format!("https://localhost:{}/v1", address.port()),
        client::Auth::None,
    );
    let pets = client
        .list_pets()
        .limit(1)
        .send()
        .await
        .expect("the call succeeds over TLS");
    assert_eq!(pets.len(), 1);
    assert_eq!(pets[0].name, "Rex");
    assert_eq!(pets[0].status, Some(types::Status::Sold));
    let head = server.await.expect("the server task");
    assert!(
        head.starts_with("GET /v1/pets?limit=1 HTTP/1.1\r\n"),
        "{head}"
    );
}
