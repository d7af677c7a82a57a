//! SHA-256 digests of inputs, so that a published result can be checked against its sources.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::Error;

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

/// The SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// A digest as lowercase hex.
pub fn hex(digest: &[u8; 32]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A writer that hashes what passes through it, for the digest of an output streamed to its file.
pub struct Hashing<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: std::io::Write> Hashing<W> {
    pub fn new(inner: W) -> Hashing<W> {
        Hashing {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The writer and the hex digest of everything written.
    pub fn finish(self) -> (W, String) {
        let (inner, digest) = self.finish_digest();
        (inner, hex(&digest))
    }

    /// The writer and the digest of everything written.
    pub fn finish_digest(self) -> (W, [u8; 32]) {
        (self.inner, self.hasher.finalize().into())
    }
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The digest of a file, read through in blocks (never held whole).
pub fn file_sha256(path: &Path) -> Result<String, Error> {
    Ok(hex(&file_digest(path)?))
}

/// [`file_sha256`] as bytes.
pub fn file_digest(path: &Path) -> Result<[u8; 32], Error> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Hashing::new(std::io::sink());
    std::io::copy(&mut f, &mut h).map_err(|e| Error::io(path, e))?;
    Ok(h.finish_digest().1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_digest() {
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_hashing_writer_digests_what_passes() {
        use std::io::Write;
        let mut h = super::Hashing::new(Vec::new());
        h.write_all(b"a").unwrap();
        h.write_all(b"bc").unwrap();
        let (bytes, hex) = h.finish();
        assert_eq!(bytes, b"abc");
        assert_eq!(hex, super::sha256_hex(b"abc"));
    }
}
