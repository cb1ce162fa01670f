//! Writes a synthetic tree library to a folder, for measuring `lockdiag --trees DIR` and
//! `lockdiag check` at scale:
//!
//! ```sh
//! cargo run --release --example gen_library -- --nodes 100000 --out /tmp/lib100k
//! ```
//!
//! Options: `--nodes N` (default 10000), `--out DIR` (required; created, and emptied of
//! `*.yaml` files first), `--typo-every N` and `--dead-end-every N` to plant errors (see
//! `lockdiag::synth::Faults`). Prints the number of files, nodes and bytes written.

use std::path::{Path, PathBuf};

use lockdiag::synth::{Faults, generate_faulty};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn remove_yaml(dir: &Path) -> Res<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_yaml(&path)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

fn main() -> Res<()> {
    let mut nodes = 10_000;
    let mut out: Option<PathBuf> = None;
    let mut faults = Faults::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--nodes" => nodes = value()?.parse()?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--typo-every" => faults.typo_every = value()?.parse()?,
            "--dead-end-every" => faults.dead_end_every = value()?.parse()?,
            _ => {
                return Err(format!(
                    "unknown argument {a}; see the top of examples/gen_library.rs"
                )
                .into());
            }
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    std::fs::create_dir_all(&out)?;
    remove_yaml(&out)?;
    let files = generate_faulty(nodes, faults);
    let mut bytes = 0;
    for f in &files {
        let rel = f.origin.display_path().trim_start_matches("synth/");
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &f.bytes)?;
        bytes += f.bytes.len();
    }
    println!(
        "wrote {} files, {nodes} nodes, {bytes} bytes to {}",
        files.len(),
        out.display()
    );
    Ok(())
}
