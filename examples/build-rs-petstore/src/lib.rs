//! A worked example of generating an API at build time: `build.rs` calls
//! `apigen::generate` on `petstore.yaml`, which writes `petstore.rs` (modules `types`, `client`
//! and `server`) into `OUT_DIR`, included here.

include!(concat!(env!("OUT_DIR"), "/petstore.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_types_serialise() {
        let pet = types::Pet {
            id: 7,
            name: "Rex".to_owned(),
            tag: None,
            status: Some(types::Status::Available),
        };
        let json = serde_json::to_value(&pet).expect("serialises");
        assert_eq!(json["status"], "available");
        let back: types::Pet = serde_json::from_value(json).expect("deserialises");
        assert_eq!(back, pet);
    }

    #[test]
    fn generated_client_builds_urls() {
        let client = client::Client::new("https://petstore.example.com/v1/", client::Auth::None);
        assert_eq!(client.base_url(), "https://petstore.example.com/v1");
    }
}
