//! The client transport over HTTPS: a TLS server on a loopback port with a self-signed
//! certificate, trusted by adding it as the only root of a `reqwest::Client` passed to
//! `Transport::with_http_client` (what the generated client's `with_http_client` forwards to).
#![cfg(feature = "client")]

use std::net::SocketAddr;
use std::sync::Arc;

use apigen_runtime::client::{Auth, Transport};
use reqwest::Method;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

/// A one-request HTTPS server for `localhost`; returns its address, its certificate and the
/// request head it received.
async fn serve_once() -> (
    SocketAddr,
    CertificateDer<'static>,
    oneshot::Receiver<String>,
) {
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
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    let (sender, receiver) = oneshot::channel();
    tokio::spawn(async move {
        let Ok((tcp, _)) = listener.accept().await else {
            return;
        };
        let Ok(mut tls) = acceptor.accept(tcp).await else {
            return;
        };
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
            match tls.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&buffer[..n]),
            }
        }
        let body = br#"{"ok":true}"#;
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        let _ = tls.write_all(response.as_bytes()).await;
        let _ = tls.write_all(body).await;
        let _ = tls.shutdown().await;
        let _ = sender.send(String::from_utf8_lossy(&head).into_owned());
    });
    (address, cert, receiver)
}

#[tokio::test]
async fn the_transport_calls_a_tls_server_whose_root_it_was_given() {
    let (address, cert, received) = serve_once().await;
    let http = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_der(&cert).expect("a DER certificate")])
        .resolve("localhost", address)
        .build()
        .expect("a client");
    let transport = Transport::with_http_client(
        http,
        format!("https://localhost:{}/api/", address.port()),
        Auth::Bearer("k".to_owned()),
    );
    let response = transport
        .request(Method::GET, "/ping")
        .send()
        .await
        .expect("the TLS handshake and request succeed");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body, serde_json::json!({"ok": true}));
    let head = received.await.expect("the server saw the request");
    assert!(head.starts_with("GET /api/ping HTTP/1.1\r\n"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("authorization: bearer k"),
        "{head}"
    );
}

#[tokio::test]
async fn an_unknown_root_is_refused() {
    let (address, _cert, _received) = serve_once().await;
    let http = reqwest::Client::builder()
        .resolve("localhost", address)
        .build()
        .expect("a client");
    let transport = Transport::with_http_client(
        http,
        format!("https://localhost:{}", address.port()),
        Auth::None,
    );
    let error = transport
        .request(Method::GET, "/ping")
        .send()
        .await
        .expect_err("a self-signed certificate is not trusted by default");
    assert!(error.is_connect(), "{error:?}");
}
