//! Benchmark: the photo pipeline on a 12-megapixel phone JPEG (4000x3000,
//! EXIF orientation 6, detailed pixels) into the three stored copies, beside
//! libvips' command-line tools making the same three outputs from the same
//! file in the same run:
//!
//!   vips autorot in.jpg full.jpg[strip,Q=85]
//!   vipsthumbnail in.jpg -s 1600 -o display.jpg[strip,Q=85]
//!   vipsthumbnail in.jpg -s 320 -o thumb.jpg[strip,Q=85]
//!
//! Both sides read the input file and write three files. Peak memory is the
//! high-water mark of a fresh process that processes one photo. Needs
//! Debian's `libvips-tools`.
//!
//! cargo run --release --example bench_photos
//!
//! With `--http`: the server's memory while it takes uploads. The server is
//! this program again (`--serve`), a fresh process per scenario running the
//! app as `yardstick serve` does (same allocator, same runtime); photos are
//! sent as multipart POSTs to /api/v1/visits/{uuid}/photos with a token, and
//! the growth is the server's peak resident memory (VmHWM) over its resident
//! memory once set up, idle.
//!
//! cargo run --release --example bench_photos -- --http
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use yardstick::evidence::{process, sample};

const RUNS: usize = 21;
const THROUGHPUT_PHOTOS: usize = 24;
const MAX_PIXELS: u64 = 50_000_000;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn ours(input: &Path, out: &Path) {
    let bytes = std::fs::read(input).unwrap();
    let p = process::process(&bytes, MAX_PIXELS).unwrap();
    std::fs::write(out.join("full.jpg"), &p.full).unwrap();
    std::fs::write(out.join("display.jpg"), &p.display).unwrap();
    std::fs::write(out.join("thumb.jpg"), &p.thumb).unwrap();
}

fn vips(input: &Path, out: &Path) {
    let run = |cmd: &str, args: &[String]| {
        let status = Command::new(cmd).args(args).status().expect("libvips-tools is installed");
        assert!(status.success(), "{cmd} {args:?}");
    };
    let i = input.display().to_string();
    let o = |name: &str| format!("{}[strip,Q=85]", out.join(name).display());
    run("vips", &["autorot".into(), i.clone(), o("vips-full.jpg")]);
    run(
        "vipsthumbnail",
        &[i.clone(), "-s".into(), "1600".into(), "-o".into(), o("vips-display.jpg")],
    );
    run("vipsthumbnail", &[i, "-s".into(), "320".into(), "-o".into(), o("vips-thumb.jpg")]);
}

/// Times both, alternating run by run, so that whatever else the machine
/// is doing falls on both alike.
fn time_both(runs: usize, a: impl Fn(), b: impl Fn()) -> (Vec<Duration>, Vec<Duration>) {
    // Warm the page cache and the code.
    a();
    b();
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        a();
        ta.push(t.elapsed());
        let t = Instant::now();
        b();
        tb.push(t.elapsed());
    }
    ta.sort();
    tb.sort();
    (ta, tb)
}

/// The process's peak resident memory, in KiB (Linux).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Runs this program again to measure one photo in a fresh process.
fn child_peak(args: &[&str]) -> u64 {
    let out = Command::new(std::env::current_exe().unwrap()).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().parse().unwrap()
}

fn dims(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap()
}

/// The same allocator as the `yardstick` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "bench_photos/http.rs"]
mod http;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--serve") => return http::serve(Path::new(&args[2]), args[3].parse().unwrap()),
        Some("--http") => return http::run(),
        Some("--one") => {
            ours(Path::new(&args[2]), Path::new(&args[3]));
            println!("{}", peak_rss_kib());
            return;
        }
        Some("--idle") => {
            let _ = std::fs::read(&args[2]).unwrap();
            println!("{}", peak_rss_kib());
            return;
        }
        _ => {}
    }

    let dir = tempfile::tempdir().unwrap();
    let input: PathBuf = dir.path().join("phone.jpg");
    let t = Instant::now();
    std::fs::write(&input, sample::phone_photo(4000, 3000)).unwrap();
    println!(
        "input: 4000x3000 JPEG, orientation 6, {:.1} MB (made in {:.1} s)",
        std::fs::metadata(&input).unwrap().len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let out = dir.path();

    let (ours_t, vips_t) = time_both(RUNS, || ours(&input, out), || vips(&input, out));
    for (name, want) in [("full", (3000, 4000)), ("display", (1200, 1600)), ("thumb", (240, 320))] {
        let a = dims(&out.join(format!("{name}.jpg")));
        let b = dims(&out.join(format!("vips-{name}.jpg")));
        assert_eq!((a, b), (want, want), "{name}: both upright and the same size");
        let (sa, sb) = (
            std::fs::metadata(out.join(format!("{name}.jpg"))).unwrap().len(),
            std::fs::metadata(out.join(format!("vips-{name}.jpg"))).unwrap().len(),
        );
        println!("{name:8} {}x{}: ours {} KB, libvips {} KB", want.0, want.1, sa / 1000, sb / 1000);
    }

    let (om, op) = (percentile(&ours_t, 0.5), percentile(&ours_t, 0.95));
    let (vm, vp) = (percentile(&vips_t, 0.5), percentile(&vips_t, 0.95));
    println!("\n{RUNS} runs each, alternating, one photo at a time (ms):");
    println!("{:10} {:>8} {:>8}", "", "median", "p95");
    println!("{:10} {om:>8.0} {op:>8.0}", "yardstick");
    println!("{:10} {vm:>8.0} {vp:>8.0}", "libvips");
    println!("ratio (ours / libvips, median): {:.2}", om / vm);

    let input_s = input.display().to_string();
    let out_s = out.display().to_string();
    let peak = child_peak(&["--one", &input_s, &out_s]);
    let idle = child_peak(&["--idle", &input_s]);
    println!(
        "\npeak memory, one photo in a fresh process: {:.1} MiB (a process that only reads the file: {:.1} MiB)",
        peak as f64 / 1024.0,
        idle as f64 / 1024.0
    );

    // Both cores busy: two photos at a time, as with two upload workers.
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let t = Instant::now();
    std::thread::scope(|s| {
        for w in 0..workers {
            let input = &input;
            s.spawn(move || {
                let out = tempfile::tempdir().unwrap();
                for _ in (w..THROUGHPUT_PHOTOS).step_by(workers) {
                    ours(input, out.path());
                }
            });
        }
    });
    let ours_rate = THROUGHPUT_PHOTOS as f64 / t.elapsed().as_secs_f64();
    let t = Instant::now();
    std::thread::scope(|s| {
        for w in 0..workers {
            let input = &input;
            s.spawn(move || {
                let out = tempfile::tempdir().unwrap();
                for _ in (w..THROUGHPUT_PHOTOS).step_by(workers) {
                    vips(input, out.path());
                }
            });
        }
    });
    let vips_rate = THROUGHPUT_PHOTOS as f64 / t.elapsed().as_secs_f64();
    println!(
        "\n{workers} at a time, {THROUGHPUT_PHOTOS} photos: yardstick {ours_rate:.2} photos/s, libvips {vips_rate:.2} photos/s"
    );
}
