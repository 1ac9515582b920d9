//! Where photo files live: local disk by default, S3-compatible object
//! storage when configured; both through `object_store`, so the rest of the
//! app sees one interface. Files are content-addressed (the SHA-256 of the
//! stored bytes), so an identical upload is stored once and a key never
//! changes meaning, which is what lets browsers cache them forever.
use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sha2::{Digest, Sha256};

#[derive(Clone, Debug)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// Key prefix inside the bucket (S3); empty on local disk.
    prefix: String,
}

/// A storage URL: `file:///abs/dir` or `s3://bucket/optional/prefix`.
pub fn open(url: &str) -> anyhow::Result<Storage> {
    if let Some(dir) = url.strip_prefix("file://") {
        // LocalFileSystem writes each file under a temporary name beside
        // its final one and renames it into place, so a reader never sees
        // half a photo.
        std::fs::create_dir_all(dir)?;
        let store = LocalFileSystem::new_with_prefix(dir)?.with_automatic_cleanup(true);
        return Ok(Storage { store: Arc::new(store), prefix: String::new() });
    }
    if let Some(rest) = url.strip_prefix("s3://") {
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        anyhow::ensure!(!bucket.is_empty(), "the storage URL names no bucket: {url}");
        // AWS_* variables give the region, credentials, and for other
        // S3-compatible servers AWS_ENDPOINT_URL and AWS_ALLOW_HTTP.
        let store =
            object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket).build()?;
        let prefix = prefix.trim_matches('/').to_owned();
        return Ok(Storage { store: Arc::new(store), prefix });
    }
    anyhow::bail!("unsupported storage URL (use file:// or s3://): {url}")
}

/// `ab/cd/<sha256>.jpg`: two levels of fan-out keep directories small.
pub fn key_for(bytes: &[u8]) -> (String, String) {
    let sha = hex::encode(Sha256::digest(bytes));
    (format!("{}/{}/{sha}.jpg", &sha[..2], &sha[2..4]), sha)
}

/// The hash part of a key, which is also the file's ETag.
pub fn sha_of(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key).trim_end_matches(".jpg")
}

impl Storage {
    fn path(&self, key: &str) -> Path {
        if self.prefix.is_empty() {
            Path::from(key)
        } else {
            Path::from(format!("{}/{key}", self.prefix))
        }
    }

    /// Stores the bytes under their hash and returns the key. Already there
    /// (the same photo again): nothing is written.
    pub async fn put(&self, bytes: Vec<u8>) -> anyhow::Result<String> {
        let (key, _) = key_for(&bytes);
        let path = self.path(&key);
        match self.store.head(&path).await {
            Ok(_) => return Ok(key),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        self.store.put(&path, PutPayload::from(bytes)).await?;
        Ok(key)
    }

    /// Stores a file under the key it has elsewhere (a backup's copy).
    pub async fn put_as(&self, key: &str, bytes: Bytes) -> anyhow::Result<()> {
        self.store.put(&self.path(key), PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// The file, or `None` when it is not there.
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<Bytes>> {
        match self.store.get(&self.path(key)).await {
            Ok(r) => Ok(Some(r.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self.store.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Every stored photo's key, for the clean-up that removes files no row
    /// refers to. Leftover temporary files of interrupted writes are listed
    /// too (they do not end in `.jpg`), so the clean-up removes them as well.
    pub async fn keys(&self) -> anyhow::Result<Vec<(String, DateTime<Utc>)>> {
        let prefix = (!self.prefix.is_empty()).then(|| Path::from(self.prefix.as_str()));
        let strip = if self.prefix.is_empty() { 0 } else { self.prefix.len() + 1 };
        let metas: Vec<_> = self.store.list(prefix.as_ref()).try_collect().await?;
        Ok(metas
            .into_iter()
            .map(|m| (m.location.as_ref()[strip..].to_owned(), m.last_modified))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn identical_bytes_are_stored_once_under_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let storage = open(&format!("file://{}", dir.path().display())).unwrap();
        let a = storage.put(b"same photo".to_vec()).await.unwrap();
        let b = storage.put(b"same photo".to_vec()).await.unwrap();
        assert_eq!(a, b);
        assert!(a.ends_with(&format!("{}.jpg", hex::encode(Sha256::digest(b"same photo")))));
        assert_eq!(&a[..6], &format!("{}/{}/", &sha_of(&a)[..2], &sha_of(&a)[2..4]));
        let keys: Vec<String> = storage.keys().await.unwrap().into_iter().map(|k| k.0).collect();
        assert_eq!(keys, vec![a.clone()]);
        assert_eq!(storage.get(&a).await.unwrap().as_deref(), Some(&b"same photo"[..]));
        storage.delete(&a).await.unwrap();
        assert_eq!(storage.get(&a).await.unwrap(), None);
        assert!(storage.keys().await.unwrap().is_empty());
    }

    #[test]
    fn unknown_storage_schemes_are_refused() {
        assert!(open("ftp://example/photos").is_err());
    }
}
