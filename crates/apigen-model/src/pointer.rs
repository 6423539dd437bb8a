//! JSON pointers (RFC 6901) in the `#/a/b` form used by `$ref`.

/// A JSON pointer being built while walking a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Pointer {
        Pointer("#".to_owned())
    }

    /// This pointer with one more reference token, escaped (`~` → `~0`, `/` → `~1`).
    pub fn join(&self, token: impl AsRef<str>) -> Pointer {
        let token = token.as_ref();
        let mut out = String::with_capacity(self.0.len() + token.len() + 1);
        out.push_str(&self.0);
        out.push('/');
        for c in token.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
        Pointer(out)
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The pointer as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Splits a local reference (`#/components/schemas/Pet`) into its unescaped tokens.
/// Returns `None` for anything that is not a local reference.
pub fn split_local_ref(reference: &str) -> Option<Vec<String>> {
    let rest = reference.strip_prefix("#/")?;
    Some(
        rest.split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_slash_and_tilde() {
        let pointer = Pointer::root()
            .join("paths")
            .join("/api/users/{uuid}/")
            .join("a~b");
        assert_eq!(pointer.as_str(), "#/paths/~1api~1users~1{uuid}~1/a~0b");
    }

    #[test]
    fn splits_local_refs_and_rejects_others() {
        assert_eq!(
            split_local_ref("#/components/schemas/a~1b~0c"),
            Some(vec!["components".into(), "schemas".into(), "a/b~c".into()])
        );
        assert_eq!(split_local_ref("other.yaml#/components/schemas/A"), None);
        assert_eq!(split_local_ref("#"), None);
    }
}
