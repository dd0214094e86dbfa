//! crossbeam-channel peer of the fearless channel benchmark (bench/channels).
//!
//! The workloads are those of crossbeam-channel's benchmarks/crossbeam-channel.rs:
//! N messages of 8 bytes (u64), T = 4 threads. Each workload is run once
//! untimed (warm-up), then once timed as a whole (channel creation, thread
//! start and join included), and prints `<family>_<workload> rust-crossbeam <seconds>`.
//!
//! Usage: rust-bench-channels [--messages M] [--filter SUBSTR]

use crossbeam_channel::{bounded, unbounded, Receiver, Select, Sender};
use std::process::exit;
use std::time::Instant;

const THREADS: usize = 4;
const IMPL: &str = "rust-crossbeam";

type Chan = (Sender<u64>, Receiver<u64>);

fn new(cap: Option<usize>) -> Chan {
    match cap {
        None => unbounded(),
        Some(cap) => bounded(cap),
    }
}

/// Every workload returns the sum of the values it received. The values sent
/// are 0..n, or 0..T*(n/T) split into T ranges of n/T when T threads send, so
/// the expected sum is that of 0..(messages sent).
fn seq(cap: Option<usize>, n: usize) -> u64 {
    let (tx, rx) = new(cap);
    for i in 0..n {
        tx.send(i as u64).unwrap();
    }
    let mut sum = 0u64;
    for _ in 0..n {
        sum = sum.wrapping_add(rx.recv().unwrap());
    }
    sum
}

fn spsc(cap: Option<usize>, n: usize) -> u64 {
    let (tx, rx) = new(cap);
    std::thread::scope(|s| {
        let tx = &tx;
        s.spawn(move || {
            for i in 0..n {
                tx.send(i as u64).unwrap();
            }
        });
        let mut sum = 0u64;
        for _ in 0..n {
            sum = sum.wrapping_add(rx.recv().unwrap());
        }
        sum
    })
}

fn mpsc(cap: Option<usize>, n: usize) -> u64 {
    let per = n / THREADS;
    let (tx, rx) = new(cap);
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let tx = &tx;
            s.spawn(move || {
                let base = (t * per) as u64;
                for i in 0..per {
                    tx.send(base + i as u64).unwrap();
                }
            });
        }
        let mut sum = 0u64;
        for _ in 0..per * THREADS {
            sum = sum.wrapping_add(rx.recv().unwrap());
        }
        sum
    })
}

fn mpmc(cap: Option<usize>, n: usize) -> u64 {
    let per = n / THREADS;
    let (tx, rx) = new(cap);
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let tx = &tx;
            s.spawn(move || {
                let base = (t * per) as u64;
                for i in 0..per {
                    tx.send(base + i as u64).unwrap();
                }
            });
        }
        let receivers: Vec<_> = (0..THREADS)
            .map(|_| {
                let rx = &rx;
                s.spawn(move || {
                    let mut sum = 0u64;
                    for _ in 0..per {
                        sum = sum.wrapping_add(rx.recv().unwrap());
                    }
                    sum
                })
            })
            .collect();
        receivers
            .into_iter()
            .fold(0u64, |acc, h| acc.wrapping_add(h.join().unwrap()))
    })
}

fn select_rx(cap: Option<usize>, n: usize) -> u64 {
    let per = n / THREADS;
    let chans: Vec<Chan> = (0..THREADS).map(|_| new(cap)).collect();
    std::thread::scope(|s| {
        for (t, (tx, _)) in chans.iter().enumerate() {
            let tx = tx.clone();
            s.spawn(move || {
                let base = (t * per) as u64;
                for i in 0..per {
                    tx.send(base + i as u64).unwrap();
                }
            });
        }
        let mut sum = 0u64;
        for _ in 0..per * THREADS {
            let mut sel = Select::new();
            for (_, rx) in &chans {
                sel.recv(rx);
            }
            let oper = sel.select();
            let index = oper.index();
            sum = sum.wrapping_add(oper.recv(&chans[index].1).unwrap());
        }
        sum
    })
}

fn select_both(cap: Option<usize>, n: usize) -> u64 {
    let per = n / THREADS;
    let chans: Vec<Chan> = (0..THREADS).map(|_| new(cap)).collect();
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let chans = &chans;
            s.spawn(move || {
                let base = (t * per) as u64;
                for i in 0..per {
                    let mut sel = Select::new();
                    for (tx, _) in chans {
                        sel.send(tx);
                    }
                    let oper = sel.select();
                    let index = oper.index();
                    oper.send(&chans[index].0, base + i as u64).unwrap();
                }
            });
        }
        let receivers: Vec<_> = (0..THREADS)
            .map(|_| {
                let chans = &chans;
                s.spawn(move || {
                    let mut sum = 0u64;
                    for _ in 0..per {
                        let mut sel = Select::new();
                        for (_, rx) in chans {
                            sel.recv(rx);
                        }
                        let oper = sel.select();
                        let index = oper.index();
                        sum = sum.wrapping_add(oper.recv(&chans[index].1).unwrap());
                    }
                    sum
                })
            })
            .collect();
        receivers
            .into_iter()
            .fold(0u64, |acc, h| acc.wrapping_add(h.join().unwrap()))
    })
}

fn usage() -> ! {
    eprintln!("usage: rust-bench-channels [--messages M] [--filter SUBSTR]");
    eprintln!("  M: at least {THREADS} (default 5000000); T={THREADS} threads send M/{THREADS} each");
    exit(2);
}

fn main() {
    let mut messages: usize = 5_000_000;
    let mut filter: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--messages" => {
                let v = args.next().unwrap_or_else(|| usage());
                messages = v.parse().unwrap_or_else(|_| usage());
            }
            "--filter" => filter = Some(args.next().unwrap_or_else(|| usage())),
            "-h" | "--help" => usage(),
            _ => {
                eprintln!("rust-bench-channels: unknown argument '{arg}'");
                usage();
            }
        }
    }
    if messages < THREADS {
        eprintln!("rust-bench-channels: --messages must be at least {THREADS}");
        usage();
    }

    let n = messages;
    // 0 + 1 + ... + (count - 1), modulo 2^64 like the wrapping sums.
    let sum_below = |count: usize| ((count as u128 * (count as u128 - 1)) / 2) as u64;
    let families: [(&str, Option<usize>); 4] = [
        ("bounded0", Some(0)),
        ("bounded1", Some(1)),
        ("bounded", Some(n)),
        ("unbounded", None),
    ];
    type Workload = fn(Option<usize>, usize) -> u64;
    let workloads: [(&str, Workload); 6] = [
        ("seq", seq),
        ("spsc", spsc),
        ("mpsc", mpsc),
        ("mpmc", mpmc),
        ("select_rx", select_rx),
        ("select_both", select_both),
    ];

    for (family, cap) in families {
        for (workload, f) in workloads {
            // seq with capacity 0 or 1 would deadlock: the single thread
            // sends everything before receiving anything.
            if workload == "seq" && (family == "bounded0" || family == "bounded1") {
                continue;
            }
            let name = format!("{family}_{workload}");
            if let Some(flt) = &filter {
                if !name.contains(flt.as_str()) {
                    continue;
                }
            }
            // With T threads sending n/T each, T * (n/T) messages are sent.
            let sent = if workload == "seq" || workload == "spsc" {
                n
            } else {
                n / THREADS * THREADS
            };
            let expected = sum_below(sent);
            let warm = f(cap, n);
            let start = Instant::now();
            let sum = f(cap, n);
            let secs = start.elapsed().as_secs_f64();
            for (what, got) in [("warm-up", warm), ("timed", sum)] {
                if got != expected {
                    eprintln!(
                        "rust-bench-channels: {name} ({what} run): checksum mismatch: received sum {got}, expected {expected}"
                    );
                    exit(1);
                }
            }
            println!("{name} {IMPL} {secs:.6}");
        }
    }
}
