//! Runs futures with at most `limit` in flight, for the writes of a revoke or sync: enough
//! parallelism to be quick, little enough not to trip the API's rate limits. Pure async Rust,
//! no executor of its own: the caller's (`wasm::executor` in the package) drives it. It polls
//! every running future each time, so it works with an executor that has no wakers.

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

/// Resolves to every output, in the order of `futures`, however they finish.
pub async fn run_bounded<F: Future>(futures: Vec<F>, limit: usize) -> Vec<F::Output> {
    let limit = limit.max(1);
    let total = futures.len();
    let mut waiting = futures.into_iter().enumerate();
    let mut running: Vec<(usize, Pin<Box<F>>)> = Vec::with_capacity(limit.min(total));
    let mut outputs: Vec<Option<F::Output>> = (0..total).map(|_| None).collect();
    poll_fn(move |cx| loop {
        while running.len() < limit {
            match waiting.next() {
                Some((index, future)) => running.push((index, Box::pin(future))),
                None => break,
            }
        }
        let mut finished_one = false;
        let mut slot = 0;
        while let Some((index, future)) = running.get_mut(slot) {
            match future.as_mut().poll(cx) {
                Poll::Ready(output) => {
                    if let Some(place) = outputs.get_mut(*index) {
                        *place = Some(output);
                    }
                    running.swap_remove(slot);
                    finished_one = true;
                }
                Poll::Pending => slot += 1,
            }
        }
        if running.is_empty() && waiting.len() == 0 {
            return Poll::Ready(outputs.drain(..).flatten().collect());
        }
        if !finished_one {
            return Poll::Pending;
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::task::{Context, Waker};

    /// Polls until ready; every test future wakes itself, so no real executor is needed.
    fn block_on<F: Future>(future: F) -> F::Output {
        let mut future = Box::pin(future);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
        }
    }

    /// Ready after `polls` polls; counts how many such futures are in flight at once.
    async fn task(id: usize, polls: usize, in_flight: Rc<Cell<usize>>, peak: Rc<Cell<usize>>) -> usize {
        in_flight.set(in_flight.get() + 1);
        peak.set(peak.get().max(in_flight.get()));
        let mut left = polls;
        poll_fn(|cx| {
            if left == 0 {
                Poll::Ready(())
            } else {
                left -= 1;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await;
        in_flight.set(in_flight.get() - 1);
        id
    }

    #[test]
    fn never_more_than_the_limit_in_flight_and_outputs_in_order() {
        for limit in [1, 2, 4, 100] {
            let (in_flight, peak) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
            let futures = (0..10).map(|id| task(id, 1 + (id * 7) % 5, in_flight.clone(), peak.clone())).collect();
            let outputs = block_on(run_bounded(futures, limit));
            assert_eq!(outputs, (0..10).collect::<Vec<_>>());
            assert_eq!(peak.get(), limit.min(10), "limit {limit}");
        }
    }

    #[test]
    fn nothing_to_run_and_a_zero_limit() {
        assert_eq!(block_on(run_bounded(Vec::<std::future::Ready<u8>>::new(), 4)), Vec::<u8>::new());
        assert_eq!(block_on(run_bounded(vec![std::future::ready(1), std::future::ready(2)], 0)), [1, 2]);
    }
}
