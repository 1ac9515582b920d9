//! Photo evidence: the processing pipeline, authenticity flags, storage
//! (local disk or S3-compatible), and the photos of a visit in the database.
pub mod clean;
mod decode;
pub mod expected;
pub mod flags;
pub mod form;
pub mod gallery;
pub mod metadata;
mod orient;
pub mod photos;
pub mod process;
pub mod sample;
pub mod storage;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use process::{ProcessError, Processed};
pub use storage::Storage;

/// Limits and rules of photo evidence. Defined here, not in `config`, so
/// the pipeline does not reach up into start-up code; `config` holds one.
#[derive(Clone, Debug)]
pub struct PhotoConfig {
    /// Largest upload accepted, in bytes.
    pub max_bytes: usize,
    /// Most pixels (width x height, from the header) decoded.
    pub max_pixels: u64,
    /// How far outside the visit's start and end a photo may be taken
    /// before it is flagged.
    pub window_tolerance: chrono::Duration,
    /// How far from the location, in metres, before a photo is flagged.
    pub max_distance_m: f64,
    /// Photos processed at once; the rest wait their turn.
    pub workers: usize,
}

impl Default for PhotoConfig {
    fn default() -> Self {
        PhotoConfig {
            max_bytes: 25 * 1024 * 1024,
            max_pixels: 50_000_000,
            window_tolerance: chrono::Duration::minutes(120),
            max_distance_m: 500.0,
            workers: default_workers(),
        }
    }
}

/// One photo worker per core: decoding is CPU-bound.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
}

/// What photo handling needs at run time, made once in `App::build`.
pub struct Evidence {
    pub storage: Storage,
    pub config: PhotoConfig,
    /// Bounds how many photos are decoded at once: each holds tens of
    /// megabytes and a core, and uploads must not starve other requests.
    workers: Arc<Semaphore>,
    /// The threads that run the pipeline, as many as `workers`. Always the
    /// same few: the allocator keeps a heap per thread, and on tokio's
    /// blocking pool each photo landed on another thread whose freed pixels
    /// stayed resident, so one photo at a time grew the server by 150 MiB
    /// over four uploads instead of 73 MiB (BENCHMARKS.md).
    pool: Arc<rayon::ThreadPool>,
    /// Bounds the upload bodies held in memory at once, in KiB: a request
    /// reserves its declared length before its body is read, so a burst of
    /// uploads waits instead of filling the memory.
    upload_budget: Arc<Semaphore>,
    budget_kib: u32,
}

impl Evidence {
    pub fn new(storage: Storage, config: PhotoConfig) -> Self {
        let workers = Arc::new(Semaphore::new(config.workers.max(1)));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(config.workers.max(1))
            .thread_name(|i| format!("photo-{i}"))
            .build()
            .expect("photo threads start");
        // Enough for every worker's photo and two more waiting at the
        // largest size; typical phone photos (3-6 MB) fit many times over.
        let budget = (config.workers.max(1) + 2).saturating_mul(config.max_bytes) / 1024;
        let budget_kib = u32::try_from(budget).unwrap_or(u32::MAX >> 4).max(1);
        let upload_budget = Arc::new(Semaphore::new(budget_kib as usize));
        Evidence { storage, config, workers, pool: Arc::new(pool), upload_budget, budget_kib }
    }

    /// Waits until an upload of `bytes` (its declared length, or the limit
    /// when it declares none) fits in the memory set aside for uploads.
    /// Larger than the limit: refused at once, before reading anything.
    pub async fn reserve_upload(&self, bytes: Option<u64>) -> AppResult<OwnedSemaphorePermit> {
        // Multipart framing and the small fields come on top of the file.
        let ceiling = self.config.max_bytes as u64 + 64 * 1024;
        let bytes = bytes.unwrap_or(ceiling);
        if bytes > ceiling {
            return Err(AppError::TooLarge);
        }
        let kib = u32::try_from(bytes.div_ceil(1024)).unwrap_or(u32::MAX).clamp(1, self.budget_kib);
        Ok(self.upload_budget.clone().acquire_many_owned(kib).await.map_err(anyhow::Error::from)?)
    }

    pub fn rules(&self) -> flags::Rules {
        flags::Rules {
            window_tolerance: self.config.window_tolerance,
            max_distance_m: self.config.max_distance_m,
        }
    }

    /// Runs the pipeline off the async runtime, waiting for a free worker.
    pub async fn process(&self, bytes: Vec<u8>) -> AppResult<Processed> {
        let permit = self.workers.clone().acquire_owned().await.map_err(anyhow::Error::from)?;
        let max_pixels = self.config.max_pixels;
        let (done, result) = tokio::sync::oneshot::channel();
        self.pool.spawn(move || {
            let _permit = permit;
            // A decoder's panic is this photo's failure, not the server's.
            let run = std::panic::AssertUnwindSafe(|| process::process_owned(bytes, max_pixels));
            let _ = done.send(std::panic::catch_unwind(run));
            // mimalloc keeps freed memory resident for a second before it
            // gives it back; photos a second apart then stack up (four one
            // after another peaked at 130 MiB over idle, not 80). The
            // pixels are freed by now: return them at once. Harmless, and
            // cheap beside a decode, when another allocator is in use.
            unsafe { libmimalloc_sys::mi_collect(true) };
        });
        let result = result
            .await
            .map_err(anyhow::Error::from)?
            .map_err(|_| anyhow::anyhow!("the photo pipeline panicked"))?;
        result.map_err(|e| match e {
            ProcessError::TooManyPixels => AppError::TooLarge,
            ProcessError::Unsupported => AppError::UnsupportedMedia,
            // It is an image, just not a whole one: the shopper sends it again.
            ProcessError::Undecodable => AppError::field("file", Msg::new("photo-undecodable")),
        })
    }
}
