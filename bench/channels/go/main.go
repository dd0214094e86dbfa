// Go peer of the fearless channel benchmark (bench/channels).
//
// The workloads are those of crossbeam-channel's benchmarks (see
// ../README.md): N messages of 8 bytes (uint64), T = 4 goroutines. Each
// workload is run once untimed (warm-up), then once timed as a whole (channel
// creation, goroutine start and the final WaitGroup wait included), and prints
// `<family>_<workload> go-chan <seconds>`.
//
// Go has no unbounded channel: the `unbounded` family uses a buffer of N
// messages, so it never blocks a sender (the same channel as `bounded`).
//
// Usage: go-bench-channels [--messages M] [--filter SUBSTR]
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

const threads = 4 // the selects below are written out with exactly 4 cases
const impl = "go-chan"

// Every workload returns the sum of the values it received. The values sent
// are 0..n, or 0..T*(n/T) split into T ranges of n/T when T goroutines send,
// so the expected sum is that of 0..(messages sent).

func seq(capacity, n int) uint64 {
	c := make(chan uint64, capacity)
	for i := 0; i < n; i++ {
		c <- uint64(i)
	}
	var sum uint64
	for i := 0; i < n; i++ {
		sum += <-c
	}
	return sum
}

func spsc(capacity, n int) uint64 {
	c := make(chan uint64, capacity)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			c <- uint64(i)
		}
	}()
	var sum uint64
	for i := 0; i < n; i++ {
		sum += <-c
	}
	wg.Wait()
	return sum
}

func mpsc(capacity, n int) uint64 {
	per := n / threads
	c := make(chan uint64, capacity)
	var wg sync.WaitGroup
	wg.Add(threads)
	for t := 0; t < threads; t++ {
		go func(base uint64) {
			defer wg.Done()
			for i := 0; i < per; i++ {
				c <- base + uint64(i)
			}
		}(uint64(t * per))
	}
	var sum uint64
	for i := 0; i < per*threads; i++ {
		sum += <-c
	}
	wg.Wait()
	return sum
}

func mpmc(capacity, n int) uint64 {
	per := n / threads
	c := make(chan uint64, capacity)
	var wg sync.WaitGroup
	wg.Add(2 * threads)
	for t := 0; t < threads; t++ {
		go func(base uint64) {
			defer wg.Done()
			for i := 0; i < per; i++ {
				c <- base + uint64(i)
			}
		}(uint64(t * per))
	}
	var sums [threads]uint64
	for t := 0; t < threads; t++ {
		go func(t int) {
			defer wg.Done()
			var sum uint64
			for i := 0; i < per; i++ {
				sum += <-c
			}
			sums[t] = sum
		}(t)
	}
	wg.Wait()
	var sum uint64
	for _, s := range sums {
		sum += s
	}
	return sum
}

func selectRx(capacity, n int) uint64 {
	per := n / threads
	c0 := make(chan uint64, capacity)
	c1 := make(chan uint64, capacity)
	c2 := make(chan uint64, capacity)
	c3 := make(chan uint64, capacity)
	var wg sync.WaitGroup
	wg.Add(threads)
	producer := func(c chan uint64, base uint64) {
		defer wg.Done()
		for i := 0; i < per; i++ {
			c <- base + uint64(i)
		}
	}
	go producer(c0, uint64(0*per))
	go producer(c1, uint64(1*per))
	go producer(c2, uint64(2*per))
	go producer(c3, uint64(3*per))
	var sum uint64
	for i := 0; i < per*threads; i++ {
		var v uint64
		select {
		case v = <-c0:
		case v = <-c1:
		case v = <-c2:
		case v = <-c3:
		}
		sum += v
	}
	wg.Wait()
	return sum
}

func selectBoth(capacity, n int) uint64 {
	per := n / threads
	c0 := make(chan uint64, capacity)
	c1 := make(chan uint64, capacity)
	c2 := make(chan uint64, capacity)
	c3 := make(chan uint64, capacity)
	var wg sync.WaitGroup
	wg.Add(2 * threads)
	for t := 0; t < threads; t++ {
		go func(base uint64) {
			defer wg.Done()
			for i := 0; i < per; i++ {
				v := base + uint64(i)
				select {
				case c0 <- v:
				case c1 <- v:
				case c2 <- v:
				case c3 <- v:
				}
			}
		}(uint64(t * per))
	}
	var sums [threads]uint64
	for t := 0; t < threads; t++ {
		go func(t int) {
			defer wg.Done()
			var sum uint64
			for i := 0; i < per; i++ {
				var v uint64
				select {
				case v = <-c0:
				case v = <-c1:
				case v = <-c2:
				case v = <-c3:
				}
				sum += v
			}
			sums[t] = sum
		}(t)
	}
	wg.Wait()
	var sum uint64
	for _, s := range sums {
		sum += s
	}
	return sum
}

func usage() {
	fmt.Fprintf(os.Stderr, "usage: go-bench-channels [--messages M] [--filter SUBSTR]\n")
	fmt.Fprintf(os.Stderr, "  M: at least %d (default 5000000); T=%d goroutines send M/%d each\n", threads, threads, threads)
	os.Exit(2)
}

func main() {
	messages := 5000000
	filter := ""
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--messages":
			if i+1 >= len(args) {
				usage()
			}
			i++
			m, err := strconv.Atoi(args[i])
			if err != nil {
				usage()
			}
			messages = m
		case "--filter":
			if i+1 >= len(args) {
				usage()
			}
			i++
			filter = args[i]
		case "-h", "--help":
			usage()
		default:
			fmt.Fprintf(os.Stderr, "go-bench-channels: unknown argument '%s'\n", args[i])
			usage()
		}
	}
	if messages < threads {
		fmt.Fprintf(os.Stderr, "go-bench-channels: --messages must be at least %d\n", threads)
		usage()
	}

	n := messages
	// 0 + 1 + ... + (count-1) modulo 2^64, like the wrapping sums.
	sumBelow := func(count int) uint64 {
		if count%2 == 0 {
			return uint64(count/2) * uint64(count-1)
		}
		return uint64(count) * uint64((count-1)/2)
	}
	families := []struct {
		name     string
		capacity int
	}{
		{"bounded0", 0},
		{"bounded1", 1},
		{"bounded", n},
		{"unbounded", n}, // Go has no unbounded channel: a buffer of N
	}
	workloads := []struct {
		name string
		f    func(int, int) uint64
	}{
		{"seq", seq},
		{"spsc", spsc},
		{"mpsc", mpsc},
		{"mpmc", mpmc},
		{"select_rx", selectRx},
		{"select_both", selectBoth},
	}

	for _, fam := range families {
		for _, w := range workloads {
			// seq with capacity 0 or 1 would deadlock: the single goroutine
			// sends everything before receiving anything.
			if w.name == "seq" && (fam.name == "bounded0" || fam.name == "bounded1") {
				continue
			}
			name := fam.name + "_" + w.name
			if filter != "" && !strings.Contains(name, filter) {
				continue
			}
			// With T goroutines sending n/T each, T * (n/T) messages are sent.
			sent := n / threads * threads
			if w.name == "seq" || w.name == "spsc" {
				sent = n
			}
			expected := sumBelow(sent)
			warm := w.f(fam.capacity, n)
			start := time.Now()
			sum := w.f(fam.capacity, n)
			secs := time.Since(start).Seconds()
			for _, r := range []struct {
				what string
				got  uint64
			}{{"warm-up", warm}, {"timed", sum}} {
				if r.got != expected {
					fmt.Fprintf(os.Stderr, "go-bench-channels: %s (%s run): checksum mismatch: received sum %d, expected %d\n",
						name, r.what, r.got, expected)
					os.Exit(1)
				}
			}
			fmt.Printf("%s %s %.6f\n", name, impl, secs)
		}
	}
}
