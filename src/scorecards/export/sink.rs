//! Where the streamed exports' rows go: a buffer sent as a chunk of about
//! 64 KiB through a bounded channel to the HTTP body. The reading runs on
//! its own task (a blocking thread for SQLite), so the query, the CSV
//! formatting and the compression of the response overlap; when the client
//! reads slowly the channel fills and the reading waits.
use std::io;

use bytes::Bytes;
use tokio::sync::mpsc;

pub const CHUNK: usize = 64 * 1024;
/// Chunks waiting for the client at most: memory per export is about this
/// many times [`CHUNK`], whatever its size.
pub(super) const QUEUE: usize = 4;

pub struct Sink {
    pub(super) tx: mpsc::Sender<io::Result<Bytes>>,
    pub buf: Vec<u8>,
}

impl Sink {
    pub fn full(&self) -> bool {
        self.buf.len() >= CHUNK
    }

    pub(super) fn take(&mut self) -> Bytes {
        Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + CHUNK / 4)))
    }

    /// Sends what is buffered; false once the client has gone.
    pub fn send_blocking(&mut self) -> bool {
        let chunk = self.take();
        chunk.is_empty() || self.tx.blocking_send(Ok(chunk)).is_ok()
    }

    pub async fn send(&mut self) -> bool {
        let chunk = self.take();
        chunk.is_empty() || self.tx.send(Ok(chunk)).await.is_ok()
    }

    /// Ends the body with an error, so the client sees a broken download
    /// rather than a short file that looks whole.
    pub(super) fn fail_blocking(&self, e: &anyhow::Error) {
        tracing::error!(error = %e, "export failed mid-stream");
        let _ = self.tx.blocking_send(Err(io::Error::other("export failed")));
    }

    pub(super) async fn fail(&self, e: &anyhow::Error) {
        tracing::error!(error = %e, "export failed mid-stream");
        let _ = self.tx.send(Err(io::Error::other("export failed"))).await;
    }
}
