//! Rayon peer of the fearless parallel-iterator benchmark (bench/par).
//!
//! The same workloads, inputs and answers as ../workloads.hpp: each runs once
//! untimed (warm-up), then N times timed (default 5), and prints
//! `<workload> rust-rayon <seconds>` with the median. Inputs are made and
//! reset outside the timing; every run's result is checked against the
//! sequential answer (a wrong one: a message on stderr, no line, exit 1).
//!
//! Usage: rust-bench-par [--scale S] [--filter SUBSTR] [--runs N]

use rayon::prelude::*;
use std::process::exit;
use std::time::Instant;

const IMPL: &str = "rust-rayon";

/// splitmix64's finalizer, as `mix` in workloads.hpp.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d049bb133111eb);
    x ^= x >> 31;
    x
}

/// One step of xorshift64 (13, 7, 17); returns the new state.
fn xorshift64(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

const SEED: u64 = 0x2545F4914F6CDD1D;

fn square_xor(x: u64) -> u64 {
    x.wrapping_mul(x) ^ (x >> 3)
}

fn bump(x: &mut u64) {
    *x = x.wrapping_mul(3).wrapping_add(1);
}

// --- The Rayon versions of the workloads ---------------------------------------

fn sum_mix(n: u64) -> u64 {
    // Release builds do not check overflow: the sum wraps, like the C++ one.
    (0..n).into_par_iter().map(mix).sum()
}

fn map_collect(values: &[u64]) -> Vec<u64> {
    values.par_iter().map(|&x| square_xor(x)).collect()
}

fn filter_count(values: &[u64]) -> usize {
    values.par_iter().filter(|&&x| mix(x) % 3 == 0).count()
}

fn flat_map_collect(values: &[u64]) -> Vec<u64> {
    values.par_iter().flat_map_iter(|&x| [x, x ^ 1]).collect()
}

fn partition(values: &[u64]) -> (Vec<u64>, Vec<u64>) {
    values.par_iter().copied().partition(|&x| mix(x) % 3 == 0)
}

fn sort(v: &mut [u64]) {
    v.par_sort_unstable();
}

fn fib(n: u32) -> u64 {
    if n < 2 {
        return n as u64;
    }
    let (a, b) = rayon::join(|| fib(n - 1), || fib(n - 2));
    a + b
}

fn for_each_tasks(v: &mut [u64]) {
    v.par_iter_mut().for_each(bump);
}

fn for_each_grain1(v: &mut [u64]) {
    v.par_iter_mut().with_max_len(1).for_each(bump);
}

// --- Inputs, answers and the harness -----------------------------------------------

struct Options {
    scale: f64,
    filter: Option<String>,
    runs: usize,
}

/// The sizes at a scale, rounded like workloads.hpp's `std::llround`.
struct Sizes {
    sum_n: u64,
    values_n: usize,
    for_each_n: usize,
    fib_n: u32,
}

impl Sizes {
    fn at(scale: f64) -> Sizes {
        let scaled = |full: f64| ((full * scale).round() as u64).max(1);
        Sizes {
            sum_n: scaled(1e8),
            values_n: scaled(1e7) as usize,
            for_each_n: scaled(1e6) as usize,
            // fib(32) would dominate a smoke run.
            fib_n: if scale < 1.0 { 20 } else { 32 },
        }
    }
}

/// The inputs and the answers, computed once by plain sequential loops.
struct Data {
    n: Sizes,
    values: Vec<u64>,
    sum_mix: u64,
    mapped: Vec<u64>,
    filtered: usize,
    sorted: Vec<u64>,
    fib: u64,
    for_each_input: Vec<u64>,
    for_each_done: Vec<u64>,
    flat_mapped: Vec<u64>,
    kept: Vec<u64>,
    rest: Vec<u64>,
}

impl Data {
    fn new(n: Sizes) -> Data {
        let mut state = SEED;
        let values: Vec<u64> = (0..n.values_n).map(|_| xorshift64(&mut state)).collect();
        let mut sum = 0u64;
        for i in 0..n.sum_n {
            sum = sum.wrapping_add(mix(i));
        }
        let mapped = values.iter().map(|&x| square_xor(x)).collect();
        let filtered = values.iter().filter(|&&x| mix(x) % 3 == 0).count();
        let mut sorted = values.clone();
        sorted.sort_unstable();
        let (mut a, mut b) = (0u64, 1u64); // iteratively: the recursion is what is measured
        for _ in 0..n.fib_n {
            let next = a.wrapping_add(b);
            a = b;
            b = next;
        }
        let for_each_input: Vec<u64> = (0..n.for_each_n as u64).collect();
        let mut for_each_done = for_each_input.clone();
        for_each_done.iter_mut().for_each(bump);
        let flat_mapped = values.iter().flat_map(|&x| [x, x ^ 1]).collect();
        let (kept, rest): (Vec<u64>, Vec<u64>) = values.iter().copied().partition(|&x| mix(x) % 3 == 0);
        Data {
            n,
            values,
            sum_mix: sum,
            mapped,
            filtered,
            sorted,
            fib: a,
            for_each_input,
            for_each_done,
            flat_mapped,
            kept,
            rest,
        }
    }
}

fn scalar_mismatch(got: u64, expected: u64) -> Option<String> {
    (got != expected).then(|| format!("got {got}, expected {expected}"))
}

fn vec_mismatch(got: &[u64], expected: &[u64]) -> Option<String> {
    if got.len() != expected.len() {
        return Some(format!("got {} elements, expected {}", got.len(), expected.len()));
    }
    let i = got.iter().zip(expected).position(|(g, e)| g != e)?;
    Some(format!("element {i} is {}, expected {}", got[i], expected[i]))
}

/// One line: `prepare` (untimed), then `body` timed, then `check` on the state
/// and result (untimed); a warm-up, then opts.runs timed runs, all checked.
/// Prints the median; false if a result was wrong.
fn cell<S, R>(
    opts: &Options,
    name: &str,
    state: &mut S,
    prepare: impl Fn(&mut S),
    body: impl Fn(&mut S) -> R,
    check: impl Fn(&S, &R) -> Option<String>,
) -> bool {
    if let Some(f) = &opts.filter {
        if !name.contains(f.as_str()) {
            return true;
        }
    }
    let mut secs = Vec::with_capacity(opts.runs);
    for run in 0..=opts.runs {
        prepare(state);
        let start = Instant::now();
        let result = body(state);
        let elapsed = start.elapsed().as_secs_f64();
        // The result is dropped after the clock stops: freeing it is not part
        // of collecting.
        if let Some(wrong) = check(state, &result) {
            let when = if run == 0 { "the warm-up" } else { "a timed run" };
            eprintln!("{name} {IMPL}: wrong result in {when}: {wrong}");
            return false;
        }
        if run > 0 {
            secs.push(elapsed);
        }
    }
    secs.sort_by(|a, b| a.total_cmp(b));
    let m = secs.len() / 2;
    let median = if secs.len() % 2 == 1 { secs[m] } else { (secs[m - 1] + secs[m]) / 2.0 };
    println!("{name} {IMPL} {median:.6}");
    true
}

fn usage() -> ! {
    eprintln!("usage: rust-bench-par [--scale S] [--filter SUBSTR] [--runs N]");
    exit(2);
}

fn parse() -> Options {
    let mut opts = Options { scale: 1.0, filter: None, runs: 5 };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--scale" => match value().parse::<f64>() {
                Ok(s) if s > 0.0 => opts.scale = s,
                _ => usage(),
            },
            "--filter" => opts.filter = Some(value()),
            "--runs" => match value().parse::<usize>() {
                Ok(r) if (1..=1000).contains(&r) => opts.runs = r,
                _ => usage(),
            },
            "-h" | "--help" => usage(),
            _ => {
                eprintln!("rust-bench-par: unknown argument '{arg}'");
                usage();
            }
        }
    }
    opts
}

fn main() {
    let opts = parse();
    let d = Data::new(Sizes::at(opts.scale));
    let mut work: Vec<u64> = Vec::new(); // sort's and for_each's input, reset before each run
    let mut ok = true;

    ok &= cell(&opts, "sum_mix_100m", &mut (), |_| {}, |_| sum_mix(d.n.sum_n), |_, &got| {
        scalar_mismatch(got, d.sum_mix)
    });
    ok &= cell(&opts, "map_collect_10m", &mut (), |_| {}, |_| map_collect(&d.values), |_, got| {
        vec_mismatch(got, &d.mapped)
    });
    ok &= cell(&opts, "filter_count_10m", &mut (), |_| {}, |_| filter_count(&d.values), |_, &got| {
        scalar_mismatch(got as u64, d.filtered as u64)
    });
    // A fresh unsorted copy each run, made before the clock starts (copying
    // into the same buffer: no page faults in the timing).
    ok &= cell(
        &opts,
        "sort_10m",
        &mut work,
        |w| w.clone_from(&d.values),
        |w| sort(w),
        |w, _| vec_mismatch(w, &d.sorted),
    );
    ok &= cell(&opts, "fib_join_32", &mut (), |_| {}, |_| fib(d.n.fib_n), |_, &got| {
        scalar_mismatch(got, d.fib)
    });
    ok &= cell(
        &opts,
        "for_each_1m_tasks",
        &mut work,
        |w| w.clone_from(&d.for_each_input),
        |w| for_each_tasks(w),
        |w, _| vec_mismatch(w, &d.for_each_done),
    );
    ok &= cell(
        &opts,
        "for_each_1m_grain1",
        &mut work,
        |w| w.clone_from(&d.for_each_input),
        |w| for_each_grain1(w),
        |w, _| vec_mismatch(w, &d.for_each_done),
    );
    ok &= cell(&opts, "flat_map_collect_10m", &mut (), |_| {}, |_| flat_map_collect(&d.values), |_, got| {
        vec_mismatch(got, &d.flat_mapped)
    });
    ok &= cell(&opts, "partition_10m", &mut (), |_| {}, |_| partition(&d.values), |_, got| {
        vec_mismatch(&got.0, &d.kept).or_else(|| vec_mismatch(&got.1, &d.rest))
    });
    if !ok {
        exit(1);
    }
}
