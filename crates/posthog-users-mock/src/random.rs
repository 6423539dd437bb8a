//! Random secrets and codes, from the operating system's generator (through UUID v4).

use uuid::Uuid;

/// 16 random bytes.
fn bytes() -> [u8; 16] {
    Uuid::new_v4().into_bytes()
}

/// A random number below `bound` (`bound` > 0; the bias of a 64-bit modulo is negligible).
fn below(bound: u64) -> u64 {
    let [a, b, c, d, e, f, g, h, ..] = bytes();
    u64::from_le_bytes([a, b, c, d, e, f, g, h]) % bound.max(1)
}

/// 20 random bytes: a TOTP secret of the size RFC 4226 recommends.
pub(crate) fn secret_bytes() -> Vec<u8> {
    let mut out = bytes().to_vec();
    out.extend_from_slice(&bytes()[..4]);
    out
}

/// A code of `len` decimal digits (leading zeros kept).
pub(crate) fn digits(len: u32) -> String {
    let value = below(10u64.pow(len));
    format!("{value:0width$}", width = len as usize)
}

/// A code of `len` characters from `a-z0-9`.
pub(crate) fn alphanumeric(len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..len)
        .map(|_| {
            let index = usize::try_from(below(ALPHABET.len() as u64)).unwrap_or(0);
            char::from(ALPHABET.get(index).copied().unwrap_or(b'a'))
        })
        .collect()
}

/// An opaque token (32 hex characters).
pub(crate) fn token() -> String {
    Uuid::new_v4().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let code = digits(6);
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        let code = alphanumeric(8);
        assert_eq!(code.len(), 8);
        assert!(
            code.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert_eq!(secret_bytes().len(), 20);
        assert_ne!(token(), token());
    }
}
