//! Response bodies that stay ended once they end.
//!
//! Why: tower-http's compression polls a body once more after it has
//! returned its last frame ("remaining frames after the trailers"), and a
//! body over a stream that must not be polled after its end (such as
//! `futures_util::stream::unfold`) panics there, cutting every compressed
//! download short. Wrapping every response body inside the compression
//! layer makes "ended" final for all of them, whatever stream is behind.
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};

pub struct Fused {
    inner: Body,
    done: bool,
}

impl Fused {
    pub fn body(inner: Body) -> Body {
        Body::new(Fused { inner, done: false })
    }
}

impl http_body::Body for Fused {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if self.done {
            return Poll::Ready(None);
        }
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(None | Some(Err(_))) = polled {
            self.done = true;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.done || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        if self.done { SizeHint::with_exact(0) } else { self.inner.size_hint() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn a_body_over_an_unfold_can_be_polled_after_its_end() {
        let s = futures_util::stream::unfold(0, |n| async move {
            (n < 2).then(|| (Ok::<_, std::io::Error>(Bytes::from("x")), n + 1))
        });
        let mut body = Fused::body(Body::from_stream(s.boxed()));
        let mut got = Vec::new();
        while let Some(f) = body.frame().await {
            got.extend(f.unwrap().into_data().unwrap());
        }
        assert_eq!(got, b"xx");
        // Without the wrapper this poll panics inside `unfold`.
        assert!(body.frame().await.is_none());
        assert!(body.frame().await.is_none());
    }
}
