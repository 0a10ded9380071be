//! Work spread over the machine's cores: the module front end (validation
//! and interpreter translation of large modules) and the JIT's function
//! compilation share this one pool shape.

use std::sync::Mutex;

/// Native stack of a worker thread: compilers recurse over large
/// functions, and a worker's stack must not depend on the host's settings.
const WORKER_STACK: usize = 8 << 20;

/// How many threads a parallel phase may use: the machine's parallelism,
/// at most `cap`.
pub(crate) fn threads_up_to(cap: usize) -> usize {
    std::thread::available_parallelism()
        .map(|p| p.get())
        .unwrap_or(1)
        .clamp(1, cap.max(1))
}

/// `f` applied to every item on up to `threads` threads (the calling one
/// included), results in the items' order. Each thread takes the next item
/// when it is free (items of very different cost balance themselves) and
/// keeps one `state()` for all its items (e.g. reusable compiler contexts).
/// A panic in `f` propagates to the caller.
pub(crate) fn map_ordered<T: Send, S, R: Send>(
    items: Vec<T>,
    threads: usize,
    state: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, T) -> R + Sync,
) -> Vec<R> {
    let n = items.len();
    if threads <= 1 || n <= 1 {
        let mut s = state();
        return items.into_iter().map(|t| f(&mut s, t)).collect();
    }
    let queue = Mutex::new(items.into_iter().enumerate());
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..n).map(|_| None).collect());
    let work = || {
        let mut s = state();
        loop {
            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
            let Some((i, item)) = next else { break };
            let r = f(&mut s, item);
            results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads.min(n) {
            // A thread that cannot be started leaves its share to the others.
            let _ = std::thread::Builder::new()
                .name("ferrowasm-worker".into())
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, work);
        }
        work();
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item was mapped"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order_and_state_is_per_thread() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven costs, so that threads finish out of order.
        let out = map_ordered(
            items,
            4,
            || 0u64,
            |seen, x| {
                *seen += 1;
                let mut h = x;
                for _ in 0..(x % 7) * 100 {
                    h = h.wrapping_mul(6364136223846793005).wrapping_add(1);
                }
                std::hint::black_box(h);
                (x * 2, *seen)
            },
        );
        assert_eq!(out.len(), 1000);
        assert!(out.iter().enumerate().all(|(i, r)| r.0 == 2 * i as u64));
        // Each thread keeps its state across items: only a thread's first
        // item sees a fresh one (a state per item would make all 1000 so).
        let firsts = out.iter().filter(|r| r.1 == 1).count();
        assert!((1..=4).contains(&firsts), "{firsts} fresh states");
        assert_eq!(map_ordered(Vec::<u8>::new(), 4, || (), |_, x| x), vec![]);
        assert_eq!(map_ordered(vec![5u8], 1, || (), |_, x| x + 1), vec![6]);
    }
}
