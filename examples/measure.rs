//! Start-up and idle measurements in a pseudo-terminal (run by `scripts/measure.sh`).
//!
//! `measure startup LOCKDIAG MINIMAL [RUNS]`: starts each program in an 80x24 pseudo-terminal,
//! alternating, and times process start to the first frame (the moment the virtual screen shows
//! "Find your lock"); prints every run, the medians and the ratio.
//!
//! `measure ready LOCKDIAG [RUNS]`: types a key the moment the first frame shows, and times
//! until the screen shows it handled (the full library has replaced the preview by then).
//!
//! `measure memory LOCKDIAG TREES_DIR`: peak resident memory of the app on a library, at its
//! first frame and after a search of every model.
//!
//! `measure idle LOCKDIAG [SECONDS]`: opens the app, waits for the first frame, then reads the
//! process's CPU ticks (utime + stime in `/proc/PID/stat`) and the bytes it wrote to the terminal
//! over the window, with nobody typing.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// What the first screen of both programs shows.
const MARKER: &str = "Find your lock";
/// Runs thrown away before timing, so caches are warm for both programs alike.
const WARMUP: usize = 3;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// A program running in a pseudo-terminal, with its output arriving on a channel.
struct Running {
    child: Box<dyn Child + Send + Sync>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    writer: Box<dyn Write + Send>,
    _master: Box<dyn MasterPty + Send>,
}

impl Running {
    /// Feeds output to the virtual screen until it shows `marker`; false on timeout or exit.
    fn wait_for(&mut self, marker: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    if self.parser.screen().contents().contains(marker) {
                        return true;
                    }
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return false,
            }
        }
    }

    /// Bytes written to the terminal since the last call.
    fn drain(&mut self) -> usize {
        self.output.try_iter().map(|b| b.len()).sum()
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `program` in an 80x24 pseudo-terminal; returns it and the instant just before spawning.
fn start(program: &str, args: &[&str]) -> Res<(Running, Instant)> {
    let pty = native_pty_system().openpty(PtySize {
        rows: 24,
        cols: 80,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let path = std::fs::canonicalize(program)?;
    let mut cmd = CommandBuilder::new(path);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("LOCKDIAG_TREES");
    cmd.env_remove("NO_COLOR");
    if let Some(dir) = std::env::var_os("MEASURE_DATA_DIR") {
        cmd.env("LOCKDIAG_DATA", dir);
    }
    let mut reader = pty.master.try_clone_reader()?;
    let (tx, output) = channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let writer = pty.master.take_writer()?;
    let t0 = Instant::now();
    let child = pty.slave.spawn_command(cmd)?;
    drop(pty.slave);
    Ok((
        Running {
            child,
            output,
            parser: vt100::Parser::new(24, 80, 0),
            writer,
            _master: pty.master,
        },
        t0,
    ))
}

/// Time from spawn to the first frame, in microseconds.
fn first_frame(program: &str) -> Res<f64> {
    let (mut run, t0) = start(program, &[])?;
    let ok = run.wait_for(MARKER, Duration::from_secs(20));
    let took = t0.elapsed();
    let screen = run.parser.screen().contents();
    run.stop();
    if !ok {
        return Err(
            format!("{program}: no '{MARKER}' within 20 s; the screen shows:\n{screen}").into(),
        );
    }
    Ok(took.as_secs_f64() * 1e6)
}

/// For lockdiag: the first frame, then a key sent at once; returns the times from spawn to the
/// first frame and to the screen showing the key handled (the full library in place), in
/// microseconds.
fn first_key(program: &str) -> Res<(f64, f64)> {
    let (mut run, t0) = start(program, &[])?;
    let ok = run.wait_for(MARKER, Duration::from_secs(20));
    let frame = t0.elapsed();
    let handled = ok
        && send(&mut run, "q").is_ok()
        && run.wait_for("Find your lock: q", Duration::from_secs(20));
    let key = t0.elapsed();
    let screen = run.parser.screen().contents();
    run.stop();
    if !handled {
        return Err(format!(
            "{program}: the first key was not handled; the screen shows:\n{screen}"
        )
        .into());
    }
    Ok((frame.as_secs_f64() * 1e6, key.as_secs_f64() * 1e6))
}

/// `measure ready`: how long after the first frame the app handles a key typed at once.
fn ready(lockdiag: &str, runs: usize) -> Res<()> {
    first_key(lockdiag)?;
    let (mut frames, mut keys, mut gaps) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (f, k) = first_key(lockdiag)?;
        frames.push(f);
        keys.push(k);
        gaps.push(k - f);
    }
    println!(
        "ready: first frame median {:.2} ms; a key sent at the first frame is on the screen at median {:.2} ms, {:.2} ms after the frame ({runs} runs)",
        median(&mut frames) / 1000.0,
        median(&mut keys) / 1000.0,
        median(&mut gaps) / 1000.0
    );
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn startup(lockdiag: &str, minimal: &str, runs: usize) -> Res<()> {
    for _ in 0..WARMUP {
        first_frame(lockdiag)?;
        first_frame(minimal)?;
    }
    let (mut app, mut min) = (Vec::new(), Vec::new());
    for i in 0..runs {
        // Alternate which goes first, so drift in the machine's load hits both alike.
        if i % 2 == 0 {
            app.push(first_frame(lockdiag)?);
            min.push(first_frame(minimal)?);
        } else {
            min.push(first_frame(minimal)?);
            app.push(first_frame(lockdiag)?);
        }
    }
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{:.2}", x / 1000.0))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!("lockdiag runs (ms): {}", fmt(&app));
    println!("minimal  runs (ms): {}", fmt(&min));
    let (a, m) = (median(&mut app), median(&mut min));
    println!(
        "startup: lockdiag median {:.2} ms, minimal ratatui median {:.2} ms, ratio {:.2}x ({runs} runs each)",
        a / 1000.0,
        m / 1000.0,
        a / m
    );
    Ok(())
}

/// utime + stime of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> Res<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').ok_or("bad /proc stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state); utime and stime are fields 14 and 15.
    let utime: u64 = fields.get(11).ok_or("no utime")?.parse()?;
    let stime: u64 = fields.get(12).ok_or("no stime")?.parse()?;
    Ok(utime + stime)
}

fn idle(lockdiag: &str, secs: u64) -> Res<()> {
    let (mut run, _) = start(lockdiag, &[])?;
    if !run.wait_for(MARKER, Duration::from_secs(20)) {
        run.stop();
        return Err("the app did not draw its first frame".into());
    }
    let pid = run.child.process_id().ok_or("no pid")?;
    std::thread::sleep(Duration::from_millis(500));
    run.drain();
    let before = cpu_ticks(pid)?;
    std::thread::sleep(Duration::from_secs(secs));
    let after = cpu_ticks(pid)?;
    let bytes = run.drain();
    run.stop();
    println!(
        "idle: {} CPU ticks (utime+stime, 1 tick = 10 ms) and {bytes} bytes written to the terminal over {secs} s with nobody typing",
        after - before
    );
    Ok(())
}

/// Peak resident memory (`VmHWM` in `/proc/PID/status`), in kB.
fn peak_kb(pid: u32) -> Res<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .ok_or("no VmHWM")?;
    Ok(line.split_whitespace().nth(1).ok_or("bad VmHWM")?.parse()?)
}

/// Sends keys to the app's terminal.
fn send(run: &mut Running, keys: &str) -> Res<()> {
    run.writer.write_all(keys.as_bytes())?;
    run.writer.flush()?;
    Ok(())
}

fn memory(lockdiag: &str, trees: &str) -> Res<()> {
    let bytes = yaml_bytes(std::path::Path::new(trees))?;
    let (mut run, t0) = start(lockdiag, &["--trees", trees])?;
    if !run.wait_for(MARKER, Duration::from_secs(300)) {
        run.stop();
        return Err("the app did not draw its first frame".into());
    }
    let shown = t0.elapsed();
    let pid = run.child.process_id().ok_or("no pid")?;
    let first = peak_kb(pid)?;
    // Open a model, then search every model for a common word: the search index is built on
    // the first '/', so this is the most the app holds.
    send(&mut run, "\r")?;
    std::thread::sleep(Duration::from_millis(500));
    send(&mut run, "/")?;
    send(&mut run, "batteries")?;
    if !run.wait_for("matches", Duration::from_secs(300)) {
        run.stop();
        return Err("the search did not answer".into());
    }
    let searched = peak_kb(pid)?;
    run.stop();
    let ratio = |kb: u64| kb as f64 * 1024.0 / bytes as f64;
    println!(
        "memory: {:.1} MB of YAML; first frame after {:.2} s with peak RSS {:.1} MB = {:.2}x the YAML; after a search of every model, peak RSS {:.1} MB = {:.2}x",
        bytes as f64 / 1e6,
        shown.as_secs_f64(),
        first as f64 * 1024.0 / 1e6,
        ratio(first),
        searched as f64 * 1024.0 / 1e6,
        ratio(searched)
    );
    Ok(())
}

/// Bytes of every `*.yaml` file below `dir`.
fn yaml_bytes(dir: &std::path::Path) -> Res<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            total += yaml_bytes(&path)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            total += std::fs::metadata(&path)?.len();
        }
    }
    Ok(total)
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    match (arg(0), arg(1), arg(2)) {
        (Some("startup"), Some(app), Some(min)) => {
            let runs = arg(3).map_or(Ok(21), str::parse)?;
            startup(app, min, runs)
        }
        (Some("idle"), Some(app), _) => idle(app, arg(2).map_or(Ok(10), str::parse)?),
        (Some("memory"), Some(app), Some(trees)) => memory(app, trees),
        (Some("ready"), Some(app), _) => ready(app, arg(2).map_or(Ok(21), str::parse)?),
        _ => Err(
            "usage: measure startup LOCKDIAG MINIMAL [RUNS] | measure idle LOCKDIAG [SECONDS] | measure memory LOCKDIAG TREES_DIR | measure ready LOCKDIAG [RUNS]"
                .into(),
        ),
    }
}
