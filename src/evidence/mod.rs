//! Photo evidence: the processing pipeline, authenticity flags, storage
//! (local disk or S3-compatible), and the photos of a visit in the database.
pub mod clean;
pub mod flags;
pub mod metadata;
mod orient;
pub mod photos;
pub mod process;
pub mod sample;
pub mod storage;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::config::PhotoConfig;
use crate::error::{AppError, AppResult};
use process::{ProcessError, Processed};
pub use storage::Storage;

/// What photo handling needs at run time, made once in `App::build`.
pub struct Evidence {
    pub storage: Storage,
    pub config: PhotoConfig,
    /// Bounds how many photos are decoded at once: each holds tens of
    /// megabytes and a core, and uploads must not starve other requests.
    workers: Arc<Semaphore>,
}

impl Evidence {
    pub fn new(storage: Storage, config: PhotoConfig) -> Self {
        let workers = Arc::new(Semaphore::new(config.workers.max(1)));
        Evidence { storage, config, workers }
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
        let result = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            process::process(&bytes, max_pixels)
        })
        .await
        .map_err(anyhow::Error::from)?;
        result.map_err(|e| match e {
            ProcessError::TooManyPixels => AppError::TooLarge,
            ProcessError::Unsupported | ProcessError::Undecodable => AppError::UnsupportedMedia,
        })
    }
}
