//! Rust peer of the fearless lock benchmark (bench/sync): std::sync::Mutex
//! and std::sync::RwLock on the same workloads as fearless-bench-sync, with
//! nothing but std. Built by bench/sync/compare with
//! `rustc -O --edition 2021 main.rs`.
//!
//! N lock operations per workload, split evenly over its threads (scoped
//! threads that start together behind a Barrier). Each workload runs once
//! untimed (warm-up), then R times timed as a whole (thread start and join
//! included); the fastest run is printed as `<workload> rust-std <seconds>`.
//! Every run's result is checked like the C++ one (final counter, reads of
//! the read-mostly workload); a mismatch exits with status 1.
//!
//! Usage: rust-bench-sync [--iterations N] [--filter SUBSTR] [--runs R]

use std::process::exit;
use std::sync::{Barrier, Mutex, RwLock};
use std::time::Instant;

const IMPL: &str = "rust-std";
const MAX_THREADS: u64 = 4;
/// The read-mostly table: a small array that every read sums up whole.
const SLOT_COUNT: usize = 16;
/// rw_read_mostly: operation i of a thread writes when i % WRITE_EVERY == 0
/// (5% writes), and reads otherwise.
const WRITE_EVERY: u64 = 20;

/// What the counter's mutex protects: a counter in a struct.
#[derive(Default)]
struct Count {
    value: u64,
}

/// The lock on a cache line of its own, as `alignas(64)` in the C++ program.
#[repr(align(64))]
struct Aligned<T>(T);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Outcome {
    /// The final count, or the sum of the slots.
    total: u64,
    /// rw only: reads below what had to be seen.
    bad_reads: u64,
}

#[derive(Clone, Copy)]
enum Workload {
    Uncontended,
    Contended2,
    Contended4,
    RwReadMostly4,
}

const WORKLOADS: [(&str, Workload); 4] = [
    ("uncontended_lock", Workload::Uncontended),
    ("contended_lock_2t", Workload::Contended2),
    ("contended_lock_4t", Workload::Contended4),
    ("rw_read_mostly_4t", Workload::RwReadMostly4),
];

fn threads_of(w: Workload) -> u64 {
    match w {
        Workload::Uncontended => 1,
        Workload::Contended2 => 2,
        Workload::Contended4 | Workload::RwReadMostly4 => 4,
    }
}

/// Writes of one rw thread doing `ops` operations: i = 0, 20, 40, ...
fn writes_in(ops: u64) -> u64 {
    (ops + WRITE_EVERY - 1) / WRITE_EVERY
}

/// What run() must return for `iterations` operations in all.
fn expected(w: Workload, iterations: u64) -> Outcome {
    let t = threads_of(w);
    let per_thread = iterations / t;
    let total = match w {
        Workload::RwReadMostly4 => t * writes_in(per_thread),
        _ => t * per_thread,
    };
    Outcome { total, bad_reads: 0 }
}

/// One thread, the caller's: every lock() finds the lock free.
fn uncontended(iterations: u64) -> Outcome {
    let counter = Aligned(Mutex::new(Count::default()));
    for _ in 0..iterations {
        counter.0.lock().unwrap().value += 1;
    }
    let total = counter.0.lock().unwrap().value;
    Outcome { total, bad_reads: 0 }
}

/// `threads` threads, `iterations / threads` increments each, one counter.
fn contended(threads: u64, iterations: u64) -> Outcome {
    let per_thread = iterations / threads;
    let counter = Aligned(Mutex::new(Count::default()));
    let start = Barrier::new(threads as usize);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (counter, start) = (&counter, &start);
            s.spawn(move || {
                start.wait();
                for _ in 0..per_thread {
                    counter.0.lock().unwrap().value += 1;
                }
            });
        }
    });
    let total = counter.0.lock().unwrap().value;
    Outcome { total, bad_reads: 0 }
}

/// 4 threads, 95% reads (sum of the slots), 5% writes (one slot + 1). The
/// slots only grow, so a read must see at least the sum it saw last, plus
/// one for each write of its own thread since: a read below that floor (or
/// above everything ever written) is counted as bad.
fn rw_read_mostly(threads: u64, iterations: u64) -> Outcome {
    let per_thread = iterations / threads;
    let ceiling = threads * writes_in(per_thread);
    let table = Aligned(RwLock::new([0u64; SLOT_COUNT]));
    let start = Barrier::new(threads as usize);
    let sum = |slots: &[u64; SLOT_COUNT]| slots.iter().fold(0u64, |acc, &v| acc + v);
    let bad_reads = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (table, start) = (&table, &start);
                s.spawn(move || {
                    start.wait();
                    let (mut floor, mut writes, mut wrong) = (0u64, 0u64, 0u64);
                    for i in 0..per_thread {
                        if i % WRITE_EVERY == 0 {
                            let slot = ((t + writes) % SLOT_COUNT as u64) as usize;
                            table.0.write().unwrap()[slot] += 1;
                            writes += 1;
                            floor += 1;
                        } else {
                            let seen = sum(&table.0.read().unwrap());
                            if seen < floor || seen > ceiling {
                                wrong += 1;
                            }
                            floor = floor.max(seen);
                        }
                    }
                    wrong
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|h| h.join().unwrap())
            .sum::<u64>()
    });
    let total = sum(&table.0.read().unwrap());
    Outcome { total, bad_reads }
}

fn run(w: Workload, iterations: u64) -> Outcome {
    match w {
        Workload::Uncontended => uncontended(iterations),
        Workload::Contended2 | Workload::Contended4 => contended(threads_of(w), iterations),
        Workload::RwReadMostly4 => rw_read_mostly(threads_of(w), iterations),
    }
}

fn usage() -> ! {
    eprintln!("usage: rust-bench-sync [--iterations N] [--filter SUBSTR] [--runs R]");
    eprintln!("  N: at least {MAX_THREADS} (default 10000000); R: 1 to 1000 (default 5)");
    exit(2);
}

fn main() {
    let mut iterations: u64 = 10_000_000;
    let mut filter: Option<String> = None;
    let mut runs: u32 = 5;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--iterations" => {
                let v = args.next().unwrap_or_else(|| usage());
                iterations = v.parse().unwrap_or_else(|_| usage());
            }
            "--filter" => filter = Some(args.next().unwrap_or_else(|| usage())),
            "--runs" => {
                let v = args.next().unwrap_or_else(|| usage());
                runs = v.parse().unwrap_or_else(|_| usage());
            }
            "-h" | "--help" => usage(),
            _ => {
                eprintln!("rust-bench-sync: unknown argument '{arg}'");
                usage();
            }
        }
    }
    if iterations < MAX_THREADS {
        eprintln!("rust-bench-sync: --iterations must be at least {MAX_THREADS}");
        usage();
    }
    if !(1..=1000).contains(&runs) {
        eprintln!("rust-bench-sync: --runs must be from 1 to 1000");
        usage();
    }

    for (name, w) in WORKLOADS {
        if let Some(flt) = &filter {
            if !name.contains(flt.as_str()) {
                continue;
            }
        }
        let want = expected(w, iterations);
        let mut best = f64::INFINITY;
        for round in 0..=runs {
            // round 0 is the warm-up
            let start = Instant::now();
            let got = run(w, iterations);
            let secs = start.elapsed().as_secs_f64();
            if got != want {
                eprintln!(
                    "{name} {IMPL}: checksum mismatch: final total {} (expected {}), {} bad reads (expected 0)",
                    got.total, want.total, got.bad_reads
                );
                exit(1);
            }
            if round > 0 {
                best = best.min(secs);
            }
        }
        println!("{name} {IMPL} {best:.6}");
    }
}
